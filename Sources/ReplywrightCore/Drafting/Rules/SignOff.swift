import Foundation

/// Reads who signed an email: the line after a sign-off word ("Best,\nJordan").
public enum SignOff {
    static let words: Set<String> = [
        "best", "thanks", "thank you", "cheers", "regards", "kind regards", "best regards", "all the best", "talk soon", "speak soon",
        "warm regards", "many thanks", "sincerely",
    ]

    /// Who signs when no person is known (`DraftingConfiguration.defaultSenderName`): no name to sign with.
    public static let anonymous = "The team"

    /// The first name to sign a short reply with: the first word of the signature's first line;
    /// `nil` for the anonymous sender.
    public static func firstName(of signature: String) -> String? {
        guard signature != anonymous else { return nil }
        return signature.split(separator: "\n").first?.split(separator: " ").first.map(String.init)
    }

    /// Whether `text` reads as a person's name: `words` capitalised words of letters, hyphens
    /// and apostrophes ("Jordan", "Mary-Ann O'Neil").
    public static func isName(_ text: String, words: ClosedRange<Int>) -> Bool {
        let parts = text.split(separator: " ")
        return words.contains(parts.count)
            && parts.allSatisfy { $0.first?.isUppercase == true && $0.allSatisfy { $0.isLetter || $0 == "-" || $0 == "'" } }
    }

    /// The signer's name, or `nil` when the email has no sign-off followed by a name.
    public static func name(in body: String) -> String? {
        let lines = body.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard lines.count >= 2 else { return nil }
        for index in stride(from: lines.count - 2, through: max(0, lines.count - 4), by: -1) {
            let word = lines[index].lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ",.!-— "))
            guard words.contains(word) else { continue }
            let candidate = lines[index + 1]
            return isName(candidate, words: 1...3) ? candidate : nil
        }
        return nil
    }
}
