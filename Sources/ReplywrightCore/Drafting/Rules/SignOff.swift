import Foundation

/// Reads who signed an email: the line after a sign-off word ("Best,\nJordan").
public enum SignOff {
    static let words: Set<String> = [
        "best", "thanks", "thank you", "cheers", "regards", "kind regards", "best regards", "all the best", "talk soon", "speak soon",
        "warm regards", "many thanks", "sincerely",
    ]

    /// The signer's name, or `nil` when the email has no sign-off followed by a name.
    public static func name(in body: String) -> String? {
        let lines = body.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard lines.count >= 2 else { return nil }
        for index in stride(from: lines.count - 2, through: max(0, lines.count - 4), by: -1) {
            let word = lines[index].lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ",.!-— "))
            guard words.contains(word) else { continue }
            let candidate = lines[index + 1]
            let parts = candidate.split(separator: " ")
            guard (1...3).contains(parts.count),
                parts.allSatisfy({ $0.first?.isUppercase == true && $0.allSatisfy { $0.isLetter || $0 == "-" || $0 == "'" } })
            else { return nil }
            return candidate
        }
        return nil
    }
}
