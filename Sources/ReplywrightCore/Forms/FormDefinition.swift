import Foundation

/// A lead-capture form as its author writes it (the JSON of `POST /v1/forms`): steps of fields,
/// each step ending in a call to action, and optional rules. Every id is also the whitelist the
/// next-step model may choose from, so ids are short, lower-case and unique within the form.
public struct FormDefinition: Sendable, Equatable, Codable {
    public var slug: String
    public var name: String
    public var steps: [FormStep]
    public var rules: [FormRule]?
    /// Sites allowed to embed the form (`frame-ancestors`, CORS), e.g. `https://example.com`.
    public var embedOrigins: [String]?
    /// Who the form is for, in a sentence, for the adaptive variant's model (never PII).
    public var persona: String?
    /// How long the adaptive variant waits for the model's next-step decision (0.2–10 s; 1.5 s
    /// when unset) before showing the next step in order.
    public var decisionTimeoutSeconds: Double?

    public init(slug: String, name: String, steps: [FormStep], rules: [FormRule]? = nil, embedOrigins: [String]? = nil, persona: String? = nil) {
        self.slug = slug
        self.name = name
        self.steps = steps
        self.rules = rules
        self.embedOrigins = embedOrigins
        self.persona = persona
    }

    /// `^[a-z][a-z0-9_]{0,39}$`: step, field, variant and experiment ids.
    public static func isValidID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, (1...40).contains(id.unicodeScalars.count), ("a"..."z").contains(first) else { return false }
        return id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// `^[a-z0-9][a-z0-9-]{0,62}$`: the form's address, `/f/{slug}`.
    public static func isValidSlug(_ slug: String) -> Bool {
        guard let first = slug.unicodeScalars.first, (1...63).contains(slug.unicodeScalars.count), first != "-" else { return false }
        return slug.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    public func step(_ id: String) -> FormStep? { steps.first { $0.id == id } }

    public var allFields: [FormField] { steps.flatMap(\.fields) }

    public func field(_ id: String) -> FormField? { allFields.first { $0.id == id } }

    /// The step holding a field.
    public func stepID(ofField id: String) -> String? { steps.first { $0.fields.contains { $0.id == id } }?.id }

    /// The field whose answer becomes the lead's email: the first of kind `email`.
    public var emailField: FormField? { allFields.first { $0.kind == .email } }
}

/// One screen of a form.
public struct FormStep: Sendable, Equatable, Codable {
    public var id: String
    public var title: String
    public var description: String?
    public var fields: [FormField]
    public var cta: FormCallToAction

    public init(id: String, title: String, description: String? = nil, fields: [FormField], cta: FormCallToAction) {
        self.id = id
        self.title = title
        self.description = description
        self.fields = fields
        self.cta = cta
    }
}

/// A question on a step.
public struct FormField: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case text, email, phone, number, select, multiselect, textarea, consent, hidden
    }

    public var id: String
    public var kind: Kind
    public var label: String
    public var required: Bool?
    public var options: [String]?
    public var placeholder: String?
    /// Shown only once a `show_field` rule names it.
    public var conditional: Bool?
    public var minLength: Int?
    public var maxLength: Int?
    public var min: Double?
    public var max: Double?

    public init(
        id: String, kind: Kind, label: String, required: Bool? = nil, options: [String]? = nil, placeholder: String? = nil,
        conditional: Bool? = nil, minLength: Int? = nil, maxLength: Int? = nil, min: Double? = nil, max: Double? = nil
    ) {
        self.id = id
        self.kind = kind
        self.label = label
        self.required = required
        self.options = options
        self.placeholder = placeholder
        self.conditional = conditional
        self.minLength = minLength
        self.maxLength = maxLength
        self.min = min
        self.max = max
    }

    public var isRequired: Bool { required ?? false }
    public var isConditional: Bool { conditional ?? false }
    /// The longest answer kept: a textarea gets more room than a one-line field.
    public var lengthLimit: Int { maxLength ?? (kind == .textarea ? 5_000 : 300) }
}

/// What a step's button does. `next` moves on; the others finish the form.
public struct FormCallToAction: Sendable, Equatable, Codable {
    public enum Action: String, Sendable, Codable, CaseIterable { case submit, bookCall = "book_call", download, next }

    public var action: Action
    public var label: String
    /// Where `book_call` and `download` send the visitor after completing.
    public var url: String?

    public init(action: Action, label: String, url: String? = nil) {
        self.action = action
        self.label = label
        self.url = url
    }

    public var finishes: Bool { action != .next }
}

/// `if field op value → go to step / skip step / show field`.
public struct FormRule: Sendable, Equatable, Codable {
    public enum Operator: String, Sendable, Codable, CaseIterable {
        case equals, notEquals = "not_equals", contains, gt, gte, lt, lte, answered, notAnswered = "not_answered"
    }

    public enum Action: String, Sendable, Codable, CaseIterable { case goTo = "go_to", skip, showField = "show_field" }

    public var field: String
    public var op: Operator
    public var value: JSONValue?
    public var action: Action
    /// A step id (`go_to`, `skip`) or a conditional field's id (`show_field`).
    public var target: String

    public init(field: String, op: Operator, value: JSONValue? = nil, action: Action, target: String) {
        self.field = field
        self.op = op
        self.value = value
        self.action = action
        self.target = target
    }
}
