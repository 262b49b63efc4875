import Foundation

/// The `propose_next_step` tool: its strict argument schema, built from one form's whitelist,
/// and the parser that checks a call's arguments against the form and turns them into a plan.
public enum NextStepProposal {
    public static let toolName = "propose_next_step"

    /// The arguments' JSON schema: every property required, no others, and every id an enum of
    /// what this decision may use (the steps still ahead, their fields, the form's kinds and
    /// calls to action).
    public static func parameters(candidates: [FormStep], definition: FormDefinition) -> JSONValue {
        let stepIDs = candidates.map(\.id)
        let fieldIDs = candidates.flatMap(\.fields).map(\.id)
        let kinds = Array(Set(candidates.flatMap(\.fields).map(\.kind.rawValue))).sorted()
        var actions = Set(candidates.map(\.cta.action.rawValue))
        actions.insert(FormCallToAction.Action.submit.rawValue)
        let nullableString: JSONValue = ["type": .array(["string", "null"])]
        let field: JSONValue = [
            "type": "object", "additionalProperties": false,
            "required": ["id", "kind", "required", "placeholder", "default", "options"],
            "properties": [
                "id": ["type": "string", "enum": .array(fieldIDs.map(JSONValue.string))],
                "kind": ["type": "string", "enum": .array(kinds.map(JSONValue.string))],
                "required": ["type": "boolean"],
                "placeholder": nullableString,
                "default": nullableString,
                "options": ["type": .array(["array", "null"]), "items": ["type": "string"]],
            ],
        ]
        return [
            "type": "object", "additionalProperties": false,
            "required": ["reasoning", "confidence", "step", "fields", "cta"],
            "properties": [
                "reasoning": ["type": "string", "description": "One or two sentences: why this step and these fields for this visitor."],
                "confidence": ["type": "number", "minimum": 0, "maximum": 1],
                "step": ["type": "string", "enum": .array(stepIDs.map(JSONValue.string))],
                "fields": ["type": "array", "items": field, "maxItems": .number(Double(max(fieldIDs.count, 1)))],
                "cta": ["type": "string", "enum": .array(actions.sorted().map(JSONValue.string))],
            ],
        ]
    }

    public struct Parsed: Sendable, Equatable {
        public var plan: FormPlan
        public var confidence: Double
        public var reasoning: String
    }

    /// Why a proposal was refused (the cascade then falls back to the next step in order).
    public struct Refusal: Error, Sendable, Equatable {
        public var reason: String
    }

    /// Checks a call's arguments: the step must be one of `candidates`; each field must be on
    /// that step (and shown with these answers) with its own kind; options a subset of the
    /// field's; defaults only for kinds that hold no personal data and within the options. A
    /// required field stays required and is added back if the model left it out; optional fields
    /// the model left out are not shown. The call to action is the step's own, or `submit` once
    /// the email is known (finishing early).
    public static func parse(
        _ arguments: JSONValue, candidates: [FormStep], flow: FormFlow, answers: FormAnswers
    ) -> Result<Parsed, Refusal> {
        func refuse(_ reason: String) -> Result<Parsed, Refusal> { .failure(Refusal(reason: reason)) }
        guard let stepID = arguments.field("step")?.textValue, let step = candidates.first(where: { $0.id == stepID }) else {
            return refuse("step is not one of the steps ahead")
        }
        guard let confidence = arguments.field("confidence")?.numberValue, (0...1).contains(confidence) else {
            return refuse("confidence is not a number from 0 to 1")
        }
        let visible = flow.visibleFields(on: step.id, answers: answers)
        var planned: [String: PlannedField] = [:]
        for item in arguments.field("fields")?.arrayValue ?? [] {
            guard let id = item.field("id")?.textValue, let field = visible.first(where: { $0.id == id }) else {
                return refuse("a field is not on step \(step.id)")
            }
            guard item.field("kind")?.textValue == field.kind.rawValue else { return refuse("field \(id) has the wrong kind") }
            var plan = PlannedField(field)
            plan.required = field.isRequired || item.field("required") == .bool(true)
            if let placeholder = item.field("placeholder")?.textValue, !placeholder.isEmpty {
                guard placeholder.count <= 100 else { return refuse("placeholder of \(id) is too long") }
                plan.placeholder = placeholder
            }
            if let options = item.field("options")?.arrayValue {
                let chosen = options.compactMap(\.textValue)
                guard !chosen.isEmpty, chosen.allSatisfy((field.options ?? []).contains) else {
                    return refuse("options of \(id) outside the field's options")
                }
                plan.options = chosen
            }
            if let value = item.field("default")?.textValue, !value.isEmpty {
                switch field.kind {
                case .select, .multiselect:
                    guard (plan.options ?? []).contains(value) else { return refuse("default of \(id) is not one of its options") }
                    plan.defaultValue = value
                case .number:
                    guard Double(value) != nil else { return refuse("default of \(id) is not a number") }
                    plan.defaultValue = value
                default:
                    // Text, email, phone: a guessed default would be invented personal data.
                    break
                }
            }
            planned[id] = plan
        }
        for field in visible where field.isRequired && planned[field.id] == nil { planned[field.id] = PlannedField(field) }
        let fields = visible.compactMap { planned[$0.id] }
        guard let ctaText = arguments.field("cta")?.textValue, let action = FormCallToAction.Action(rawValue: ctaText) else {
            return refuse("cta is not an action")
        }
        var cta = step.cta
        if action != step.cta.action {
            let emailKnown = flow.definition.emailField.map { answers[$0.id] != nil || fields.contains(where: { $0.kind == .email }) } ?? false
            guard action == .submit, emailKnown else { return refuse("cta \(action.rawValue) is not allowed on step \(step.id)") }
            cta = FormCallToAction(action: .submit, label: "Submit")
        }
        let reasoning = String((arguments.field("reasoning")?.textValue ?? "").prefix(500))
        return .success(Parsed(plan: FormPlan(stepID: step.id, fields: fields, cta: cta), confidence: confidence, reasoning: reasoning))
    }
}
