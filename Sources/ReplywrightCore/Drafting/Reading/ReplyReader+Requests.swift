import Foundation

/// What a reply asks for beyond its questions: material to send (a one-pager, a deck, a case
/// study), the next steps, and someone the lead copied in ("I've cc'd her", "my assistant Karen").
extension ReplyReader {
    /// Material leads ask for, by the words they use, and its name in a reply.
    static let materials: [(pattern: String, name: String)] = [
        (#"one[- ]?pager|one page summary|1[- ]?pager"#, "one-pager"), (#"case stud(?:y|ies)|customer stor(?:y|ies)"#, "case study"),
        (#"\bdeck\b|slides|slide deck|presentation"#, "deck"), (#"brochure"#, "brochure"), (#"white ?paper"#, "whitepaper"),
        (#"\bvideo\b|recording|demo video"#, "video"), (#"\bpdf\b"#, "PDF"), (#"documentation|\bdocs\b"#, "documentation"),
        (#"price list|pricing sheet|rate card"#, "price list"),
    ]

    /// The material the lead asks to be sent, as a reply names it ("one-pager"); `nil` when none.
    public static func requestedMaterial(in text: String) -> String? {
        let lowered = text.lowercased()
        guard lowered.contains(CachedRegex.simple(#"\b(?:send|share|forward|email|have|got|see|attach|mail|drop)\b|\?"#)) else { return nil }
        return materials.first { lowered.contains(CachedRegex.simple("(?:" + $0.pattern + ")")) }?.name
    }

    /// "What are the next steps?", "how do we get started", "what do you need from us".
    public static func asksNextSteps(_ text: String) -> Bool {
        text.lowercased().contains(
            CachedRegex.simple(
                #"\bnext steps?\b|\bwhat(?:'s| is) next\b|\bhow (?:do|would|can|should) (?:we|i) (?:start|begin|proceed|get started|move forward)\b|\bwhat do you need from (?:me|us)\b|\bwhat would getting started look like\b"#
            ))
    }

    /// Who the lead copied into the thread: a name when they gave one, else the role they named
    /// ("your co-founder"), else "your colleague"; `nil` when nobody was copied in.
    static func copiedIn(_ text: String, people: [String]) -> String? {
        let verbs = #"(?i:\b(?:i've |i have |i )?(?:cc'?d|cc'?ed|cc'?ing|copied|copying|looped in|looping in))\s+(?i:in\s+)?"#
        let plain = text.replacingOccurrences(of: "’", with: "'")
        guard let match = plain.firstMatch(of: CachedRegex.simple(verbs + #"(?:(?i:my|our)\s+[a-z-]+\s+)?([A-Z][a-z]+)?"#)) else {
            return assistant(in: text)
        }
        if let name = match.output[1].substring.map(String.init), !ReplyLexicon.notNames.contains(name) { return name }
        if let assistant = assistant(in: text), assistant.first?.isUppercase == true { return assistant }
        // "My co-founder handles this, I've cc'd her": the role the lead named.
        if let role = plain.firstMatch(
            of: CachedRegex.simple(
                #"(?i)\b(?:my|our)\s+(co-?founder|colleague|assistant|boss|manager|partner|business partner|head of [a-z]+|ceo|cto|cfo|coo|cro|vp of [a-z]+)\b"#
            )),
            let word = role.output[1].substring
        {
            return people.first ?? "your \(word.lowercased())"
        }
        return people.first ?? "your colleague"
    }

    /// "My assistant Karen manages my calendar": the assistant is who books.
    static func assistant(in text: String) -> String? {
        guard let match = text.firstMatch(of: CachedRegex.simple(#"(?i)\bmy (?:assistant|EA|PA)\b(?:,?\s+([A-Z][a-z]+))?"#)) else { return nil }
        return match.output[1].substring.map(String.init) ?? "your assistant"
    }
}
