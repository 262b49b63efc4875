import Foundation

/// The step a session is shown next, with each field as it is shown: what the rules tier takes
/// from the definition, or what a checked model proposal made of it (fewer optional fields,
/// placeholders, defaults, a narrower option list), never anything outside the definition.
public struct FormPlan: Sendable, Equatable, Codable {
    public var stepID: String
    public var fields: [PlannedField]
    public var cta: FormCallToAction

    public init(stepID: String, fields: [PlannedField], cta: FormCallToAction) {
        self.stepID = stepID
        self.fields = fields
        self.cta = cta
    }

    /// Fields a visitor sees (hidden ones are not counted).
    public var shownFieldCount: Int { fields.filter { $0.kind != .hidden }.count }
}

/// One field of a plan.
public struct PlannedField: Sendable, Equatable, Codable {
    public var id: String
    public var kind: FormField.Kind
    public var label: String
    public var required: Bool
    public var placeholder: String?
    public var defaultValue: String?
    public var options: [String]?

    public init(
        id: String, kind: FormField.Kind, label: String, required: Bool, placeholder: String? = nil, defaultValue: String? = nil,
        options: [String]? = nil
    ) {
        self.id = id
        self.kind = kind
        self.label = label
        self.required = required
        self.placeholder = placeholder
        self.defaultValue = defaultValue
        self.options = options
    }

    public init(_ field: FormField) {
        self.init(
            id: field.id, kind: field.kind, label: field.label, required: field.isRequired, placeholder: field.placeholder, options: field.options)
    }
}
