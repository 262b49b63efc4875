import Foundation

/// How a definition's rules move a session: which fields a step shows, which steps are skipped,
/// where a rule sends the visitor after a step, and the plain next step in order.
public struct FormFlow: Sendable {
    public let definition: FormDefinition

    public init(_ definition: FormDefinition) { self.definition = definition }

    private var rules: [FormRule] { definition.rules ?? [] }

    /// The step's fields as shown with these answers: every unconditional field, and each
    /// conditional one a `show_field` rule currently names. Hidden fields are included (the page
    /// carries them as hidden inputs).
    public func visibleFields(on stepID: String, answers: FormAnswers) -> [FormField] {
        guard let step = definition.step(stepID) else { return [] }
        let shown = Set(rules.filter { $0.action == .showField && $0.holds(answers) }.map(\.target))
        return step.fields.filter { !$0.isConditional || shown.contains($0.id) }
    }

    /// Steps a `skip` rule removes with these answers.
    public func skippedSteps(_ answers: FormAnswers) -> Set<String> {
        Set(rules.filter { $0.action == .skip && $0.holds(answers) }.map(\.target))
    }

    /// The first `go_to` rule on a field of the step just submitted that holds.
    public func ruleTarget(after stepID: String, answers: FormAnswers) -> String? {
        guard let step = definition.step(stepID) else { return nil }
        let fields = Set(step.fields.map(\.id))
        let skipped = skippedSteps(answers)
        return rules.first { $0.action == .goTo && fields.contains($0.field) && !skipped.contains($0.target) && $0.holds(answers) }?.target
    }

    /// The steps still ahead of `stepID`, in order, without the skipped ones.
    public func remainingSteps(after stepID: String, answers: FormAnswers) -> [FormStep] {
        guard let index = definition.steps.firstIndex(where: { $0.id == stepID }) else { return [] }
        let skipped = skippedSteps(answers)
        return definition.steps[(index + 1)...].filter { !skipped.contains($0.id) }
    }

    /// The next step in order, or `nil` at the end.
    public func nextInOrder(after stepID: String, answers: FormAnswers) -> String? {
        remainingSteps(after: stepID, answers: answers).first?.id
    }

    /// The step as defined, as a plan (the static variant, and every non-model decision).
    public func plan(for stepID: String, answers: FormAnswers) -> FormPlan? {
        guard let step = definition.step(stepID) else { return nil }
        return FormPlan(stepID: step.id, fields: visibleFields(on: step.id, answers: answers).map(PlannedField.init), cta: step.cta)
    }

    /// Checks and normalises the answers to a plan's fields: the kept values, or one message per
    /// refused field. Fields not in the plan are ignored (never stored).
    public func check(_ raw: [String: JSONValue], against plan: FormPlan) -> Result<FormAnswers, FormFieldErrors> {
        var kept: FormAnswers = [:]
        var errors: [FormFieldError] = []
        for planned in plan.fields {
            guard var field = definition.field(planned.id) else { continue }
            field.required = planned.required
            switch field.normalize(raw[planned.id]) {
            case .success(let value?): kept[planned.id] = value
            case .success(nil): break
            case .failure(let error): errors.append(error)
            }
        }
        return errors.isEmpty ? .success(kept) : .failure(FormFieldErrors(errors: errors))
    }
}

extension FormRule {
    /// Whether the rule's condition holds for these answers.
    public func holds(_ answers: FormAnswers) -> Bool {
        let answer = answers[field]
        switch op {
        case .answered: return answer != nil
        case .notAnswered: return answer == nil
        case .equals: return Self.texts(answer).contains { $0 == Self.text(value) }
        case .notEquals: return answer != nil && !Self.texts(answer).contains { $0 == Self.text(value) }
        case .contains:
            guard let wanted = Self.text(value)?.lowercased() else { return false }
            return Self.texts(answer).contains { $0.lowercased().contains(wanted) }
        case .gt, .gte, .lt, .lte:
            guard let left = answer?.numberValue ?? answer?.textValue.flatMap(Double.init),
                let right = value?.numberValue ?? value?.textValue.flatMap(Double.init)
            else { return false }
            switch op {
            case .gt: return left > right
            case .gte: return left >= right
            case .lt: return left < right
            default: return left <= right
            }
        }
    }

    private static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: text
        case .number(let number)?: FormField.plain(number)
        case .bool(let flag)?: flag ? "true" : "false"
        default: nil
        }
    }

    private static func texts(_ value: JSONValue?) -> [String] {
        if case .array(let items)? = value { return items.compactMap { text($0) } }
        return text(value).map { [$0] } ?? []
    }
}
