import Foundation

/// Email normalisation and a deliberately simple validity check (one `@`, a dotted domain).
public enum EmailAddress {
    /// Lower-cased and trimmed: the form stored and compared everywhere.
    public static func normalized(_ raw: String) -> String {
        raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    public static func isValid(_ raw: String) -> Bool {
        let email = normalized(raw)
        guard email.count <= 254, !email.contains(where: \.isWhitespace) else { return false }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else { return false }
        let domain = parts[1]
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty }
    }
}
