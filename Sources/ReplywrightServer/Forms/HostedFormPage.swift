import Foundation
import ReplywrightCore
import ReplywrightEngine

/// The hosted form's HTML (`form.mustache`): one step of fields, server-rendered, usable without
/// JavaScript; the page's one same-origin script only reports field events.
enum HostedFormPage {
    /// `preview`: the page an admin previews (a banner, and the button is a link to `preview`).
    static func render(_ current: FormSessions.Current, typed: [String: FormInput] = [:], preview: String? = nil) -> String {
        let session = current.session
        let errors = Dictionary(current.errors.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first })
        let fields = session.plan.fields.map { field in
            let typedValue = typed[field.id]
            let previous = typedValue?.values ?? session.answers[field.id].map(Self.texts) ?? field.defaultValue.map { [$0] } ?? []
            return Page.Field(
                id: field.id, name: field.kind == .multiselect ? "\(field.id)[]" : field.id, label: field.label, required: field.required,
                placeholder: field.placeholder ?? "", value: previous.first ?? "", inputType: inputType(field.kind),
                autocomplete: autocomplete(field), isInput: [.text, .email, .phone, .number].contains(field.kind),
                isTextarea: field.kind == .textarea, isSelect: field.kind == .select, isMultiselect: field.kind == .multiselect,
                isConsent: field.kind == .consent, isHidden: field.kind == .hidden, checked: !previous.isEmpty && field.kind == .consent,
                options: (field.options ?? []).map { Page.Option(value: $0, selected: previous.contains($0)) }, error: errors[field.id])
        }
        let stepIndex = (current.definition.steps.firstIndex { $0.id == session.plan.stepID } ?? 0) + 1
        let step = current.definition.step(session.plan.stepID)
        let page = Page(
            name: current.definition.name, slug: current.definition.slug,
            // A preview has no session: the events script stays quiet.
            sessionId: preview == nil ? session.id.rawValue : "", token: session.token, stepId: session.plan.stepID,
            stepNumber: stepIndex, fields: fields, ctaLabel: session.plan.cta.label, completed: session.status == .completed,
            title: step?.title, description: step?.description, preview: preview,
            errorSummary: current.errors.isEmpty
                ? nil : current.errors.count == 1 ? "One answer needs a look." : "\(current.errors.count) answers need a look.",
            finishURL: current.finishURL,
            finishLabel: current.finishURL.map { _ in session.plan.cta.action == .bookCall ? "Pick a time for your call" : "Download" })
        return DashboardTemplates.render("form", TypedPage(page: page))
    }

    /// What `form.mustache` reads.
    struct Page: Sendable {
        struct Option: Sendable {
            var value: String
            var selected: Bool
        }

        struct Field: Sendable {
            var id, name, label: String
            var required: Bool
            var placeholder, value, inputType, autocomplete: String
            var isInput, isTextarea, isSelect, isMultiselect, isConsent, isHidden, checked: Bool
            var options: [Option]
            var error: String?
        }

        var name, slug, sessionId, token, stepId: String
        var stepNumber: Int
        var fields: [Field]
        var ctaLabel: String
        var completed: Bool
        var title, description, preview, errorSummary: String?
        var finishURL: String?
        var finishLabel: String?
    }

    static func texts(_ value: JSONValue) -> [String] {
        switch value {
        case .array(let items): items.compactMap(\.textValue)
        case .bool(true): ["on"]
        default: value.textValue.map { [$0] } ?? []
        }
    }

    static func inputType(_ kind: FormField.Kind) -> String {
        switch kind {
        case .email: "email"
        case .phone: "tel"
        case .number: "number"
        default: "text"
        }
    }

    static func autocomplete(_ field: PlannedField) -> String {
        switch field.kind {
        case .email: return "email"
        case .phone: return "tel"
        default: return ["first_name": "given-name", "last_name": "family-name", "company": "organization"][field.id] ?? "off"
        }
    }
}

/// One posted form value: a single text, or several (a multiselect's `name[]`).
struct FormInput: Decodable, Equatable {
    var values: [String]

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) { values = [text] } else { values = try container.decode([String].self) }
    }

    init(_ values: [String]) { self.values = values }

    var json: JSONValue { values.count == 1 ? .string(values[0]) : .array(values.map(JSONValue.string)) }
}
