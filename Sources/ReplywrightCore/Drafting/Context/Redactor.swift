import Foundation

/// Removes personal data from text before it reaches a model step that does not need it:
/// emails, phone numbers, URLs, card numbers (only digit runs that pass the Luhn check) and
/// the lead's own names. Each is replaced by a bracketed tag so the text still reads.
public struct Redactor: Sendable {
    /// What was removed, for stats (never the values).
    public struct Counts: Sendable, Equatable {
        public var emails = 0, phones = 0, urls = 0, cards = 0, names = 0
        public init() {}
        public var total: Int { emails + phones + urls + cards + names }
    }

    private let names: [String]

    /// `names`: the lead's first, last and full names (short or empty ones are ignored).
    public init(names: [String?]) {
        self.names = names.compactMap { $0?.trimmingCharacters(in: .whitespaces) }.filter { $0.count >= 2 }
            .sorted { $0.count > $1.count }
    }

    /// For one lead: their first, last and full names.
    public init(lead: Lead) {
        self.init(names: [lead.firstName, lead.lastName, [lead.firstName, lead.lastName].compactMap { $0 }.joined(separator: " ")])
    }

    public func redact(_ text: String) -> (text: String, counts: Counts) {
        var counts = Counts()
        var output = text
        output = Self.replace(Self.email, in: output, with: "[email]") { _ in
            counts.emails += 1
            return true
        }
        output = Self.replace(Self.url, in: output, with: "[url]") { _ in
            counts.urls += 1
            return true
        }
        output = Self.replace(Self.digitRun, in: output, with: "[card]") { match in
            let digits = match.filter(\.isNumber)
            guard (13...19).contains(digits.count), Self.passesLuhn(digits) else { return false }
            counts.cards += 1
            return true
        }
        output = Self.replace(Self.phone, in: output, with: "[phone]") { match in
            guard (7...15).contains(match.filter(\.isNumber).count) else { return false }
            counts.phones += 1
            return true
        }
        for name in names {
            let pattern = "\\b" + NSRegularExpression.escapedPattern(for: name) + "\\b"
            guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { continue }
            output = Self.replace(regex, in: output, with: "[name]") { _ in
                counts.names += 1
                return true
            }
        }
        return (output, counts)
    }

    /// The Luhn checksum that every payment card number satisfies.
    public static func passesLuhn(_ digits: String) -> Bool {
        let values = digits.compactMap(\.wholeNumberValue)
        guard values.count == digits.count, !values.isEmpty else { return false }
        var sum = 0
        for (offset, value) in values.reversed().enumerated() {
            if offset % 2 == 1 {
                let doubled = value * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += value
            }
        }
        return sum % 10 == 0
    }

    // Starts only where a run of address characters starts (the look-behind): the same matches
    // as without it, in linear time where a long run with no `@` (a pasted token, a hash) would
    // otherwise be rescanned from each of its characters.
    private static let email = try! NSRegularExpression(pattern: #"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"#)
    private static let url = try! NSRegularExpression(
        // Trailing punctuation ends a sentence, not the URL.
        pattern:
            #"\b(?:https?://|www\.)[^\s<>"]*[^\s<>".,;:!?)]|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|io|co|net|org|ai|app|dev)\b(?:/[^\s<>"]*[^\s<>".,;:!?)])?"#,
        options: [.caseInsensitive])
    private static let digitRun = try! NSRegularExpression(pattern: #"\b\d(?:[ -]?\d){12,18}\b"#)
    private static let phone = try! NSRegularExpression(
        pattern: #"(?<![\d])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]?\d{2,4}){1,4}(?![\d])"#)

    /// Replaces matches (last first, so ranges stay valid) where `accept` says so.
    private static func replace(
        _ regex: NSRegularExpression, in text: String, with tag: String, accept: (String) -> Bool
    ) -> String {
        let nsText = text as NSString
        var output = text
        for match in regex.matches(in: text, range: NSRange(location: 0, length: nsText.length)).reversed() {
            let value = nsText.substring(with: match.range)
            guard accept(value), let range = Range(match.range, in: output) else { continue }
            output.replaceSubrange(range, with: tag)
        }
        return output
    }
}
