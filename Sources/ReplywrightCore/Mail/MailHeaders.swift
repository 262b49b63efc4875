import Foundation

/// An email's header fields as received, looked up case-insensitively (`Auto-Submitted`,
/// `auto-submitted`). Order and repeats are kept; `value(_:)` is the first.
public struct MailHeaders: Sendable, Hashable, Codable {
    public struct Field: Sendable, Hashable, Codable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public var fields: [Field]

    public init(_ fields: [Field] = []) { self.fields = fields }

    public init(_ dictionary: [String: String]) {
        fields = dictionary.sorted { $0.key < $1.key }.map { Field(name: $0.key, value: $0.value) }
    }

    public var isEmpty: Bool { fields.isEmpty }

    public func value(_ name: String) -> String? {
        fields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// At most this many fields and characters a field are kept from a webhook: headers are
    /// evidence for reading, not an archive.
    public static let fieldLimit = 200
    public static let valueLimit = 2_000

    /// Header text (`Name: value` lines, folded lines unfolded) up to the first blank line.
    public static func parse(_ text: String) -> MailHeaders {
        var fields: [Field] = []
        for line in text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n") {
            if line.isEmpty { break }
            if line.first == " " || line.first == "\t" {
                guard !fields.isEmpty else { continue }
                fields[fields.count - 1].value += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                let name = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty, !name.contains(" ") else { continue }
                fields.append(Field(name: name, value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            }
        }
        return MailHeaders(fields)
    }

    /// The same fields within `fieldLimit` and `valueLimit`.
    public var bounded: MailHeaders {
        MailHeaders(fields.prefix(Self.fieldLimit).map { Field(name: String($0.name.prefix(200)), value: String($0.value.prefix(Self.valueLimit))) })
    }
}
