import Foundation

/// How a team (or one setter) writes, learned from messages they sent: sentence lengths,
/// function-word habits, punctuation and casing, greetings and sign-offs. Stores sums, so
/// profiles merge and update without keeping the texts.
public struct VoiceProfile: Sendable, Hashable, Codable {
    public static let functionWords = [
        "i", "we", "you", "it", "the", "a", "an", "and", "but", "or", "so", "to", "of", "in", "on", "for", "with",
        "at", "just", "that", "this", "if", "can", "will", "would", "could", "happy", "glad", "really", "quick",
        "let", "me", "my", "our", "your", "be", "is", "are", "do", "have",
    ]
    static let punctuation: [Character] = [",", "!", "?", ";", "—", ":", "(", "…"]

    public private(set) var samples = 0
    public private(set) var words = 0
    public private(set) var sentences = 0
    private var sentenceLengthSquares = 0.0
    private var functionWordCounts = [Int](repeating: 0, count: VoiceProfile.functionWords.count)
    private var punctuationCounts = [Int](repeating: 0, count: VoiceProfile.punctuation.count)
    private var lowercaseStarts = 0
    private var contractions = 0
    private var greetings: [String: Int] = [:]
    private var signOffs: [String: Int] = [:]

    public init() {}

    /// A profile of these texts.
    public init(learningFrom texts: [String]) {
        self.init()
        for text in texts { add(text) }
    }

    public mutating func add(_ text: String) {
        let features = VoiceFeatures(text)
        guard features.words > 0 else { return }
        samples += 1
        words += features.words
        sentences += features.sentenceLengths.count
        sentenceLengthSquares += features.sentenceLengths.reduce(0) { $0 + Double($1 * $1) }
        for (index, count) in features.functionWordCounts.enumerated() { functionWordCounts[index] += count }
        for (index, count) in features.punctuationCounts.enumerated() { punctuationCounts[index] += count }
        lowercaseStarts += features.lowercaseStarts
        contractions += features.contractions
        greetings[features.greeting, default: 0] += 1
        signOffs[features.signOff, default: 0] += 1
    }

    /// Whether there is enough evidence to score against (an unlearned voice is not enforced).
    public func isEnforced(minimumWords: Int = 150) -> Bool { words >= minimumWords && samples > 0 }

    /// Mean words per sentence.
    public var meanSentenceLength: Double { sentences == 0 ? 0 : Double(words) / Double(sentences) }

    /// How close `text` is to this voice, 0...1 (1 = indistinguishable). `nil` until the
    /// profile has `minimumWords` words of evidence: an unlearned voice is not enforced.
    public func similarity(of text: String, minimumWords: Int = 150) -> Double? {
        guard isEnforced(minimumWords: minimumWords) else { return nil }
        let candidate = VoiceFeatures(text)
        guard candidate.words > 0 else { return 0 }
        // Each part is a distance in 0...1; the score is one minus their weighted mean.
        let lengthGap = min(1, abs(candidate.meanSentenceLength - meanSentenceLength) / max(6, meanSentenceLength))
        let functionGap = Self.cosineDistance(
            functionWordCounts.map { Double($0) / Double(words) }, candidate.functionWordCounts.map { Double($0) / Double(candidate.words) })
        let punctuationGap =
            zip(punctuationCounts, candidate.punctuationCounts).map { mine, theirs in
                min(1, abs(Double(mine) / Double(words) - Double(theirs) / Double(candidate.words)) * 20)
            }.reduce(0, +) / Double(Self.punctuation.count)
        let casingGap = abs(
            Double(lowercaseStarts) / Double(max(1, sentences))
                - Double(candidate.lowercaseStarts) / Double(max(1, candidate.sentenceLengths.count)))
        let contractionGap = min(1, abs(Double(contractions) / Double(words) - Double(candidate.contractions) / Double(candidate.words)) * 20)
        let greetingGap = 1 - Double(greetings[candidate.greeting] ?? 0) / Double(samples)
        let signOffGap = 1 - Double(signOffs[candidate.signOff] ?? 0) / Double(samples)
        let distance =
            0.2 * lengthGap + 0.25 * functionGap + 0.15 * punctuationGap + 0.1 * casingGap + 0.1 * contractionGap
            + 0.1 * greetingGap + 0.1 * signOffGap
        return max(0, min(1, 1 - distance))
    }

    /// A setter's own profile blended with the workspace's: the more the setter has written,
    /// the more their own habits count (`weight = n / (n + prior)` by samples).
    public static func blend(author: VoiceProfile, workspace: VoiceProfile, prior: Int = 20) -> VoiceProfile {
        guard author.samples > 0 else { return workspace }
        guard workspace.samples > 0 else { return author }
        let weight = Double(author.samples) / Double(author.samples + prior)
        var blended = VoiceProfile()
        func mix(_ a: Int, _ b: Int) -> Int { Int((weight * Double(a) + (1 - weight) * Double(b)).rounded()) }
        // Scale the workspace to the author's size first so the weight, not volume, decides.
        let scale = Double(author.words) / Double(max(1, workspace.words))
        func scaled(_ value: Int) -> Int { Int((Double(value) * scale).rounded()) }
        blended.samples = author.samples
        blended.words = author.words
        blended.sentences = mix(author.sentences, scaled(workspace.sentences))
        blended.sentenceLengthSquares = weight * author.sentenceLengthSquares + (1 - weight) * workspace.sentenceLengthSquares * scale
        blended.functionWordCounts = zip(author.functionWordCounts, workspace.functionWordCounts).map { mix($0, scaled($1)) }
        blended.punctuationCounts = zip(author.punctuationCounts, workspace.punctuationCounts).map { mix($0, scaled($1)) }
        blended.lowercaseStarts = mix(author.lowercaseStarts, scaled(workspace.lowercaseStarts))
        blended.contractions = mix(author.contractions, scaled(workspace.contractions))
        let sampleScale = Double(author.samples) / Double(workspace.samples)
        for key in Set(author.greetings.keys).union(workspace.greetings.keys) {
            blended.greetings[key] = Int(
                (weight * Double(author.greetings[key] ?? 0)
                    + (1 - weight) * Double(workspace.greetings[key] ?? 0) * sampleScale).rounded())
        }
        for key in Set(author.signOffs.keys).union(workspace.signOffs.keys) {
            blended.signOffs[key] = Int(
                (weight * Double(author.signOffs[key] ?? 0)
                    + (1 - weight) * Double(workspace.signOffs[key] ?? 0) * sampleScale).rounded())
        }
        return blended
    }

    static func cosineDistance(_ a: [Double], _ b: [Double]) -> Double {
        let dot = zip(a, b).map(*).reduce(0, +)
        let norms = (a.map { $0 * $0 }.reduce(0, +)).squareRoot() * (b.map { $0 * $0 }.reduce(0, +)).squareRoot()
        guard norms > 0 else { return a == b ? 0 : 1 }
        return max(0, min(1, 1 - dot / norms))
    }
}

/// The measurable habits of one text.
struct VoiceFeatures {
    var words = 0
    var sentenceLengths: [Int] = []
    var functionWordCounts = [Int](repeating: 0, count: VoiceProfile.functionWords.count)
    var punctuationCounts = [Int](repeating: 0, count: VoiceProfile.punctuation.count)
    var lowercaseStarts = 0
    var contractions = 0
    var greeting = "none"
    var signOff = "none"

    var meanSentenceLength: Double { sentenceLengths.isEmpty ? 0 : Double(words) / Double(sentenceLengths.count) }

    private static let functionIndex = Dictionary(uniqueKeysWithValues: VoiceProfile.functionWords.enumerated().map { ($1, $0) })

    init(_ text: String) {
        let allWords = TextShingles.words(text)
        words = allWords.count
        for word in allWords {
            if let index = Self.functionIndex[word] { functionWordCounts[index] += 1 }
            if word.contains("'") { contractions += 1 }
        }
        for character in text {
            if let index = VoiceProfile.punctuation.firstIndex(of: character) { punctuationCounts[index] += 1 }
        }
        let sentences = text.split(whereSeparator: { ".!?\n".contains($0) })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        sentenceLengths = sentences.map { TextShingles.words($0).count }.filter { $0 > 0 }
        lowercaseStarts = sentences.filter { $0.first?.isLowercase == true }.count
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        if let first = lines.first, let word = TextShingles.words(first).first,
            ["hi", "hey", "hello", "dear", "morning", "afternoon"].contains(word), first.count < 40
        {
            greeting = word
        }
        if lines.count > 1,
            let closing = lines.dropFirst().first(where: { line in
                ["best", "thanks", "cheers", "regards", "talk soon", "speak soon", "warmly", "thank you"].contains { line.hasPrefix($0) }
            }), closing.count < 30
        {
            signOff = TextShingles.words(closing).first ?? "none"
        }
    }
}
