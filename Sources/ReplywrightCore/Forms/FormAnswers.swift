import Foundation

/// A session's answers by field id, as checked and normalised by `FormField.normalize`.
public typealias FormAnswers = [String: JSONValue]

extension FormField {
    /// The answer to keep for `raw` (from a browser form, always strings, or from the JSON
    /// API), or the message to show beside the field. A blank optional answer keeps nothing.
    public func normalize(_ raw: JSONValue?) -> Result<JSONValue?, FormFieldError> {
        let text: String? =
            switch raw {
            case .string(let value)?: value.trimmingCharacters(in: .whitespacesAndNewlines)
            case .number?: raw?.textValue
            case .bool(let value)?: value ? "true" : ""
            default: nil
            }
        if kind == .multiselect { return normalizeChoices(raw) }
        guard let text, !text.isEmpty else {
            if kind == .consent, isRequired { return .failure(FormFieldError(field: id, message: "Please tick this box to continue.")) }
            return isRequired ? .failure(FormFieldError(field: id, message: "Please fill in this field.")) : .success(nil)
        }
        if text.count > lengthLimit { return failure("At most \(lengthLimit) characters.") }
        switch kind {
        case .text, .textarea, .hidden:
            if let minLength, text.count < minLength { return failure("At least \(minLength) characters.") }
            return .success(.string(text))
        case .email:
            guard EmailAddress.isValid(text) else { return failure("Please enter an email address like name@example.com.") }
            return .success(.string(EmailAddress.normalized(text)))
        case .phone:
            let digits = text.filter(\.isNumber).count
            let allowed = text.allSatisfy { $0.isNumber || " +-().".contains($0) }
            guard allowed, (7...20).contains(digits) else { return failure("Please enter a phone number (7 to 20 digits).") }
            return .success(.string(text))
        case .number:
            guard let number = Double(text.replacingOccurrences(of: ",", with: "")), number.isFinite else {
                return failure("Please enter a number.")
            }
            if let min, number < min { return failure("At least \(Self.plain(min)).") }
            if let max, number > max { return failure("At most \(Self.plain(max)).") }
            return .success(.number(number))
        case .select:
            guard (options ?? []).contains(text) else { return failure("Please choose one of the options.") }
            return .success(.string(text))
        case .consent:
            guard ["on", "true", "yes", "1"].contains(text.lowercased()) else { return failure("Please tick this box to continue.") }
            return .success(.bool(true))
        case .multiselect:
            return normalizeChoices(raw)
        }
    }

    private func normalizeChoices(_ raw: JSONValue?) -> Result<JSONValue?, FormFieldError> {
        let chosen: [String] =
            switch raw {
            case .array(let items)?: items.compactMap(\.textValue)
            case .string(let value)?: value.isEmpty ? [] : [value]
            default: []
            }
        let options = options ?? []
        guard chosen.allSatisfy(options.contains) else { return failure("Please choose from the options.") }
        var seen = Set<String>()
        let unique = chosen.filter { seen.insert($0).inserted }
        if unique.isEmpty { return isRequired ? failure("Please choose at least one.") : .success(nil) }
        return .success(.array(unique.map(JSONValue.string)))
    }

    private func failure(_ message: String) -> Result<JSONValue?, FormFieldError> { .failure(FormFieldError(field: id, message: message)) }

    static func plain(_ number: Double) -> String { plainNumber(number) }

    /// A number as people write it: "40", not "40.0".
    public static func plainNumber(_ number: Double) -> String {
        JSONValue.number(number).textValue ?? ""
    }
}

/// Why one field's answer was refused, in words for the visitor.
public struct FormFieldError: Error, Sendable, Equatable, Codable {
    public var field: String
    public var message: String
}

/// Every refused field of one submission.
public struct FormFieldErrors: Error, Sendable, Equatable {
    public var errors: [FormFieldError]

    public init(errors: [FormFieldError]) { self.errors = errors }
}
