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

        /// How much the violation costs the scope score.
        public var weight: Double {
            switch self {
            case .unfilledPlaceholder, .planLeak, .unsupportedNumber: return 1
            case .tooShort, .tooLong, .bannedPhrase: return 0.5
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

    /// 1 with no violations, less with each one, never reaching 0: a draft with eleven
    /// violations still ranks below one with three (a floor would make them tie).
    public func score(_ text: String) -> Double {
        Self.score(violations(in: text))
    }

    /// `1 / (1 + ½·Σ weight)`: invented numbers, placeholders and leaks weigh 1, length and
    /// banned phrases ½.
    public static func score(_ violations: [Violation]) -> Double {
        1 / (1 + 0.5 * violations.map(\.weight).reduce(0, +))
    }

    /// What to tell a writer whose text failed: each kind of problem once, the most important
    /// first, at most `limit` lines.
    public static func fixes(for violations: [Violation], limit: Int = 5) -> [String] {
        var lines: [(rank: Int, text: String)] = []
        let byCode = Dictionary(grouping: violations, by: \.code)
        for group in byCode.values {
            switch group[0] {
            case .unfilledPlaceholder:
                let names = Set(group.compactMap { if case .unfilledPlaceholder(let p) = $0 { p } else { nil } }).sorted().prefix(3)
                lines.append((0, "Write out every name instead of a placeholder (\(names.joined(separator: ", "))); the names are given."))
            case .planLeak:
                lines.append((1, "Leave out your notes and any JSON: write only the reply itself."))
            case .unsupportedNumber:
                let numbers = group.compactMap { if case .unsupportedNumber(let n) = $0 { n } else { nil } }
                lines.append(
                    (2, "State only numbers from the facts or the conversation; remove \(Set(numbers).sorted().prefix(5).joined(separator: ", "))."))
            case .bannedPhrase:
                let phrases = group.compactMap { if case .bannedPhrase(let p) = $0 { "\"\(p)\"" } else { nil } }
                lines.append((3, "Do not write \(Set(phrases).sorted().joined(separator: ", "))."))
            case .tooLong(let words, let maximum):
                lines.append((4, "Shorten it: \(words) words, at most \(maximum)."))
            case .tooShort(let words, let minimum):
                lines.append((4, "Say a little more: \(words) words, at least \(minimum)."))
            }
        }
        return lines.sorted { ($0.rank, $0.text) < ($1.rank, $1.text) }.prefix(limit).map(\.text)
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
        return [
            "strategy:", "call to action:", "cta:", "intent:", "points to answer", "tone:", "archetype", "cover:", "ask for:",
            "avoid:", "plan:",
        ].contains { lowered.contains($0) }
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
