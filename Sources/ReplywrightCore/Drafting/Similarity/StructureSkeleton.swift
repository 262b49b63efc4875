import Foundation

/// The shape of an email, without its words: greeting or not, paragraphs and their sentence
/// counts, questions, a list, a sign-off. Two replies with different words but the same
/// skeleton read as the same template.
public struct StructureSkeleton: Sendable, Hashable, Codable, CustomStringConvertible {
    public var hasGreeting: Bool
    /// Sentences per paragraph, with `?` marking a paragraph that ends in a question.
    public var paragraphs: [String]
    public var hasList: Bool
    public var hasSignOff: Bool

    public init(_ text: String) {
        let blocks = text.replacingOccurrences(of: "\r\n", with: "\n")
            .components(separatedBy: "\n\n")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
        var body = blocks
        let first = blocks.first?.lowercased() ?? ""
        // A short single line that greets ("Hi Maya,", "Maya, hi!", "Good morning Tom,").
        let firstWords = Set(TextShingles.words(first))
        hasGreeting =
            first.count < 40 && !first.contains("\n")
            && (Self.greetings.contains { first.hasPrefix($0) } || !firstWords.isDisjoint(with: Self.greetingWords))
        if hasGreeting { body.removeFirst() }
        hasSignOff = body.count > 1 && Self.isSignOff(body.last ?? "")
        if hasSignOff { body.removeLast() }
        hasList = body.contains { block in
            block.split(separator: "\n").contains { line in
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                return trimmed.hasPrefix("- ") || trimmed.hasPrefix("• ") || trimmed.hasPrefix("* ")
                    || (trimmed.first?.isNumber == true && trimmed.dropFirst().hasPrefix(". "))
            }
        }
        paragraphs = body.map { block in
            let sentences = block.split(whereSeparator: { ".!?".contains($0) }).filter {
                !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            }.count
            return "\(max(1, sentences))" + (block.hasSuffix("?") ? "?" : "")
        }
    }

    public var description: String {
        [hasGreeting ? "G" : "-", paragraphs.joined(separator: "."), hasList ? "L" : "-", hasSignOff ? "S" : "-"]
            .joined(separator: "|")
    }

    /// A stable 64-bit signature of the shape.
    public var signature: UInt64 { StableHash.fnv1a(description) }

    /// A closing block: a sign-off ("Best,\nSam") or a first name alone ("Sam", as LinkedIn
    /// replies and one-line emails are signed).
    public static func isSignOff(_ block: String) -> Bool {
        let lowered = block.lowercased()
        if signOffs.contains(where: { lowered.hasPrefix($0) }) { return lowered.count < 60 }
        return block.count < 30 && SignOff.isName(block, words: 1...2)
    }

    static let greetingWords: Set<String> = ["hi", "hey", "hello", "dear", "morning", "afternoon", "evening"]
    static let greetings = ["hi", "hey", "hello", "dear", "good morning", "good afternoon", "thanks", "thank you"]
    static let signOffs = [
        "best", "thanks", "thank you", "cheers", "regards", "kind regards", "talk soon", "speak soon", "warmly", "all the best", "—", "-- ",
    ]
}
