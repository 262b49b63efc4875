import Foundation

/// Hard rules a draft must keep before it can win: length within the archetype's band, no
/// unfilled placeholders, no JSON or plan leaking into the email, no banned phrases, and no
/// number or price that the knowledge context (or the conversation) does not contain.
public struct ScopeCheck: Sendable {
    public enum Violation: Sendable, Hashable, CustomStringConvertible {
        case tooShort(words: Int, minimum: Int)
        case tooLong(words: Int, maximum: Int)
        case unfilledPlaceholder(String)
        case planLeak
        case bannedPhrase(String)
        case unsupportedNumber(String)

        public var description: String {
            switch self {
            case .tooShort(let words, let minimum): return "too short: \(words) words, at least \(minimum)"
            case .tooLong(let words, let maximum): return "too long: \(words) words, at most \(maximum)"
            case .unfilledPlaceholder(let placeholder): return "unfilled placeholder \(placeholder)"
            case .planLeak: return "the plan or JSON leaks into the email"
            case .bannedPhrase(let phrase): return "banned phrase \"\(phrase)\""
            case .unsupportedNumber(let number): return "\(number) is not in the knowledge or the conversation"
            }
        }

        /// Short code for stats and telemetry.
        public var code: String {
            switch self {
            case .tooShort: return "too_short"
            case .tooLong: return "too_long"
            case .unfilledPlaceholder: return "placeholder"
            case .planLeak: return "plan_leak"
            case .bannedPhrase: return "banned_phrase"
            case .unsupportedNumber: return "unsupported_number"
            }
        }
    }

    public var lengthBand: ClosedRange<Int>
    /// Words outside the band by this share still pass (models count loosely).
    public var lengthTolerance: Double
    public var bannedPhrases: [String]
    /// Where numbers may come from: the knowledge context and the conversation.
    public var allowedSources: String

    public init(lengthBand: ClosedRange<Int>, lengthTolerance: Double = 0.2, bannedPhrases: [String], allowedSources: String) {
        self.lengthBand = lengthBand
        self.lengthTolerance = lengthTolerance
        self.bannedPhrases = bannedPhrases
        self.allowedSources = allowedSources
    }

    public func violations(in text: String) -> [Violation] {
        var found: [Violation] = []
        let words = TextShingles.words(text).count
        let minimum = Int((Double(lengthBand.lowerBound) * (1 - lengthTolerance)).rounded(.down))
        let maximum = Int((Double(lengthBand.upperBound) * (1 + lengthTolerance)).rounded(.up))
        if words < minimum { found.append(.tooShort(words: words, minimum: minimum)) }
        if words > maximum { found.append(.tooLong(words: words, maximum: maximum)) }
        found += Self.matches(Self.placeholder, in: text).map(Violation.unfilledPlaceholder)
        if Self.leaksPlan(text) { found.append(.planLeak) }
        let lowered = text.lowercased()
        found += bannedPhrases.filter { !$0.isEmpty && lowered.contains($0.lowercased()) }.map(Violation.bannedPhrase)
        let allowed = Set(Self.numbers(in: allowedSources).map(Self.normalise))
        found += Self.numbers(in: text).filter { !allowed.contains(Self.normalise($0)) }.map(Violation.unsupportedNumber)
        return found
    }

    /// 1 with no violations, less with each (0 at four or more).
    public func score(_ text: String) -> Double {
        max(0, 1 - Double(violations(in: text).count) * 0.25)
    }

    static let placeholder = try! NSRegularExpression(
        pattern: #"\{\{[^}]*\}\}|\{[a-z_]+\}|\[(?:first ?name|last ?name|name|company|your name|date|time|link|x)\]|<(?:name|company|first_name)>"#,
        options: [.caseInsensitive])
    /// Amounts, percentages and plain numbers of two or more digits (single digits, as in
    /// "2 options", are ordinary words).
    static let number = try! NSRegularExpression(pattern: #"[$€£]\s?\d[\d,]*(?:\.\d+)?k?|\d[\d,]*(?:\.\d+)?\s?%|\b\d{2,}(?:[.,]\d+)*\b"#)

    static func leaksPlan(_ text: String) -> Bool {
        let lowered = text.lowercased()
        if lowered.contains("{\"") || lowered.contains("\":") { return true }
        // The plan's own labels (step 2 sees them as "Cover:", "Ask for:"…) must never reach the lead.
        return ["strategy:", "call to action:", "cta:", "intent:", "points to answer", "tone:", "archetype", "cover:", "ask for:",
                "avoid:", "plan:"].contains { lowered.contains($0) }
    }

    static func matches(_ regex: NSRegularExpression, in text: String) -> [String] {
        let nsText = text as NSString
        return regex.matches(in: text, range: NSRange(location: 0, length: nsText.length)).map { nsText.substring(with: $0.range) }
    }

    static func numbers(in text: String) -> [String] { matches(number, in: text) }

    /// `$1,200` and `1200` are the same number; so are `20%` and `20 %`.
    static func normalise(_ number: String) -> String {
        number.filter { $0.isNumber || $0 == "." || $0 == "%" || $0 == "k" }
    }
}
