/// How well a candidate covers the plan: the share of the plan's points whose content words
/// mostly appear in the draft.
public enum StrategyCoverage {
    public static func score(_ text: String, points: [String]) -> Double {
        let meaningful = points.map(contentWords).filter { !$0.isEmpty }
        guard !meaningful.isEmpty else { return 1 }
        let draft = Set(TextShingles.words(text).map(stem))
        let covered = meaningful.filter { words in
            Double(words.filter { draft.contains($0) }.count) / Double(words.count) >= 0.5
        }
        return Double(covered.count) / Double(meaningful.count)
    }

    public static func contentWords(_ text: String) -> Set<String> {
        Set(TextShingles.words(text).filter { $0.count > 2 && !stopWords.contains($0) && !planVerbs.contains($0) }.map(stem))
    }

    /// Words that say what to do with a point, not what the point is.
    static let planVerbs: Set<String> = [
        "answer", "mention", "propose", "ask", "confirm", "explain", "question", "address", "acknowledge", "offer",
        "suggest", "share", "note", "reply", "respond", "point", "their", "lead",
    ]

    /// Crude suffix stripping, enough for "prices"/"pricing"/"price" to meet.
    static func stem(_ word: String) -> String {
        for suffix in ["ing", "ed", "es", "s"] where word.count > suffix.count + 3 && word.hasSuffix(suffix) {
            return String(word.dropLast(suffix.count))
        }
        return word
    }

    static let stopWords: Set<String> = [
        "the", "and", "for", "with", "that", "this", "you", "your", "our", "their", "they", "them", "are", "was", "were",
        "will", "would", "can", "could", "should", "about", "from", "into", "what", "when", "which", "who", "how", "why",
        "not", "but", "have", "has", "had", "its", "it's", "any", "all", "also", "just", "more", "some", "than", "then",
    ]
}

/// What a candidate scored on each dimension, each in 0...1.
public struct CandidateScores: Sendable, Hashable, Codable {
    public var coverage: Double
    /// `nil` while the voice profile is too small to enforce.
    public var voice: Double?
    public var scope: Double
    public var uniqueness: Double
    public var relevance: Double

    public init(coverage: Double, voice: Double?, scope: Double, uniqueness: Double, relevance: Double) {
        self.coverage = coverage
        self.voice = voice
        self.scope = scope
        self.uniqueness = uniqueness
        self.relevance = relevance
    }
}

/// Weights and pass thresholds per use: drafting replies, and the three refine modes
/// (developmental rethinks content, line reworks sentences, copy only fixes the surface).
public struct ScoringMode: Sendable, Hashable {
    public var name: String
    public var coverage, voice, scope, uniqueness, relevance: Double
    /// The combined score a winner needs before corrections kick in.
    public var threshold: Double
    /// Scope is also a hard floor: at the default 1, one invented price or unfilled
    /// placeholder fails the draft whatever its other scores.
    public var minimumScope: Double = 1

    public static let draft = ScoringMode(name: "draft", coverage: 0.3, voice: 0.2, scope: 0.25, uniqueness: 0.15, relevance: 0.1, threshold: 0.6)
    public static let developmental = ScoringMode(
        name: "developmental", coverage: 0.35, voice: 0.2, scope: 0.25, uniqueness: 0.05, relevance: 0.15, threshold: 0.6)
    public static let line = ScoringMode(name: "line", coverage: 0.2, voice: 0.35, scope: 0.3, uniqueness: 0.05, relevance: 0.1, threshold: 0.65)
    public static let copy = ScoringMode(name: "copy", coverage: 0.15, voice: 0.4, scope: 0.35, uniqueness: 0, relevance: 0.1, threshold: 0.7)

    /// Whether a scored candidate can go out without correction.
    public func passes(_ scores: CandidateScores) -> Bool {
        combined(scores) >= threshold && scores.scope >= minimumScope
    }

    /// The weighted mean; an unenforced voice drops out and the other weights share its part.
    public func combined(_ scores: CandidateScores) -> Double {
        var parts = [(coverage, scores.coverage), (scope, scores.scope), (uniqueness, scores.uniqueness), (relevance, scores.relevance)]
        if let voiceScore = scores.voice { parts.append((voice, voiceScore)) }
        let weight = parts.map(\.0).reduce(0, +)
        guard weight > 0 else { return 0 }
        return parts.map { $0.0 * $0.1 }.reduce(0, +) / weight
    }
}

/// Uniqueness from the nearest earlier text: 1 when nothing is close, 0 for a near copy or a
/// template reused too often.
public enum UniquenessScore {
    public static func score(_ match: NearDuplicateIndex.Match) -> Double {
        // 0 bits apart → 0; 12 or more → full marks from SimHash.
        let simHashPart = min(1, Double(match.nearestDistance) / 12)
        let jaccardPart = 1 - min(1, match.maxJaccard / 0.6)
        let skeletonPart = match.sameSkeleton >= 20 ? 0.8 : 1
        return min(simHashPart, jaccardPart) * skeletonPart
    }
}

/// The winner among scored candidates: highest combined score, ties to the lower index, so
/// the same inputs always give the same winner.
public enum WinnerSelection {
    public static func pick(_ combined: [Double]) -> Int? {
        combined.indices.max { a, b in combined[a] < combined[b] || (combined[a] == combined[b] && a > b) }
    }
}
