import Foundation

/// The features the intent classifier reads off a reply, hashed into `dimension` buckets: words
/// and word pairs (contractions expanded), character 3- and 4-grams of each word (typos, word
/// forms, other languages), what the rules' phrases name with negation applied, whether it asks,
/// names a time, points to someone, how long it is. The same function feeds training and
/// reading, so the two never differ. Pure.
enum IntentFeatures {
    static let dimension = 1 << 18

    /// What the rules read in the text, given to the classifier as features.
    struct Signals {
        var ruleIntents: [ReplyIntent]
        var asks: Bool
        var negated: Bool
        var namesTime: Bool
        var pointsToSomeone: Bool
    }

    /// The features' buckets, each once, sorted.
    static func extract(_ text: String, signals: Signals) -> [Int] {
        var buckets = Set<Int>()
        func add(_ feature: String) { buckets.insert(Int(StableHash.fnv1a(feature) % UInt64(dimension))) }
        let tokens = ReplyReader.tokens(text)
        add("bias")
        for (index, token) in tokens.enumerated() {
            add("w:" + token)
            if index + 1 < tokens.count { add("b:" + token + " " + tokens[index + 1]) }
            let padded = Array("<" + token + ">")
            for n in 3...4 where padded.count >= n {
                for start in 0...(padded.count - n) { add("c:" + String(padded[start..<(start + n)])) }
            }
        }
        if let first = tokens.first { add("first:" + first) }
        // The rules' readings count thrice: a few strong signals among a hundred character n-grams.
        for intent in Set(signals.ruleIntents) {
            for copy in 1...3 { add("r\(copy):" + intent.rawValue) }
        }
        if let first = signals.ruleIntents.first { add("r-first:" + first.rawValue) }
        if signals.asks { add("s:asks") }
        if signals.negated { add("s:negated") }
        if signals.namesTime { add("s:time") }
        if signals.pointsToSomeone { add("s:person") }
        if text.contains("?") { add("s:question-mark") }
        if text.contains("@") { add("s:address") }
        let length = tokens.count
        add("len:" + (length <= 1 ? "1" : length <= 3 ? "2-3" : length <= 8 ? "4-8" : length <= 20 ? "9-20" : "21+"))
        return buckets.sorted()
    }
}
