import Foundation

/// One thing wrong with a definition: where (`steps[1].fields[0].id`) and what, in plain words.
public struct FormProblem: Sendable, Equatable, Codable {
    public var path: String
    public var message: String

    public init(_ path: String, _ message: String) {
        self.path = path
        self.message = message
    }
}

extension FormDefinition {
    static let maxSteps = 20
    static let maxFieldsPerStep = 20
    static let maxOptions = 50
    static let maxRules = 100

    /// Everything wrong with the definition; empty when it can be saved and published.
    public var problems: [FormProblem] {
        var problems: [FormProblem] = []
        func check(_ ok: Bool, _ path: String, _ message: String) { if !ok { problems.append(FormProblem(path, message)) } }
        let idRule = "lower-case letters, digits and _, starting with a letter (at most 40)"
        check(Self.isValidSlug(slug), "slug", "lower-case letters, digits and -, at most 63, not starting with -")
        check((1...120).contains(name.trimmingCharacters(in: .whitespaces).count), "name", "1 to 120 characters")
        check((1...Self.maxSteps).contains(steps.count), "steps", "1 to \(Self.maxSteps) steps")
        var stepIDs = Set<String>(), fieldIDs = Set<String>()
        for (s, step) in steps.enumerated() {
            let at = "steps[\(s)]"
            check(Self.isValidID(step.id), "\(at).id", idRule)
            check(stepIDs.insert(step.id).inserted, "\(at).id", "\"\(step.id)\" is used by another step")
            check((1...200).contains(step.title.count), "\(at).title", "1 to 200 characters")
            check(step.fields.count <= Self.maxFieldsPerStep, "\(at).fields", "at most \(Self.maxFieldsPerStep) fields")
            check((1...60).contains(step.cta.label.count), "\(at).cta.label", "1 to 60 characters")
            if let url = step.cta.url { check(Self.isWebAddress(url), "\(at).cta.url", "an http(s) address") }
            for (f, field) in step.fields.enumerated() {
                let at = "\(at).fields[\(f)]"
                check(Self.isValidID(field.id), "\(at).id", idRule)
                check(fieldIDs.insert(field.id).inserted, "\(at).id", "\"\(field.id)\" is used by another field")
                check((1...200).contains(field.label.count), "\(at).label", "1 to 200 characters")
                let options = field.options ?? []
                if field.kind == .select || field.kind == .multiselect {
                    check(
                        (1...Self.maxOptions).contains(options.count), "\(at).options", "1 to \(Self.maxOptions) options for a \(field.kind.rawValue)"
                    )
                    check(Set(options).count == options.count, "\(at).options", "each option once")
                    check(options.allSatisfy { (1...100).contains($0.count) }, "\(at).options", "each option 1 to 100 characters")
                } else {
                    check(options.isEmpty, "\(at).options", "only select and multiselect fields have options")
                }
                if let min = field.minLength, let max = field.maxLength { check(min <= max, "\(at).minLength", "at most maxLength") }
                if let max = field.maxLength { check((1...5_000).contains(max), "\(at).maxLength", "1 to 5000") }
                if let min = field.min, let max = field.max { check(min <= max, "\(at).min", "at most max") }
                check(!(field.kind == .hidden && field.isRequired), "\(at).required", "a hidden field cannot be required")
            }
        }
        if let email = emailField {
            check(
                email.isRequired && !email.isConditional, "steps",
                "the email field \"\(email.id)\" must be required and always shown: a completed form becomes a lead by its email")
        } else {
            problems.append(FormProblem("steps", "a field of kind email is needed: a completed form becomes a lead by its email"))
        }
        let rules = self.rules ?? []
        check(rules.count <= Self.maxRules, "rules", "at most \(Self.maxRules) rules")
        for (r, rule) in rules.enumerated() {
            let at = "rules[\(r)]"
            guard let fieldStep = stepID(ofField: rule.field), let fieldIndex = steps.firstIndex(where: { $0.id == fieldStep }) else {
                problems.append(FormProblem("\(at).field", "no field \"\(rule.field)\" in the form"))
                continue
            }
            let needsValue = rule.op != .answered && rule.op != .notAnswered
            check(!needsValue || rule.value != nil, "\(at).value", "the \(rule.op.rawValue) rule needs a value")
            switch rule.action {
            case .goTo, .skip:
                if let target = steps.firstIndex(where: { $0.id == rule.target }) {
                    // Forward only: a form whose rules can loop never finishes.
                    check(target > fieldIndex, "\(at).target", "must be a step after \"\(fieldStep)\" (rules only go forward)")
                } else {
                    problems.append(FormProblem("\(at).target", "no step \"\(rule.target)\" in the form"))
                }
            case .showField:
                if let target = field(rule.target) {
                    check(target.isConditional, "\(at).target", "\"\(rule.target)\" must be marked conditional to be shown by a rule")
                } else {
                    problems.append(FormProblem("\(at).target", "no field \"\(rule.target)\" in the form"))
                }
            }
        }
        for (o, origin) in (embedOrigins ?? []).enumerated() {
            check(Self.isOrigin(origin), "embedOrigins[\(o)]", "an origin like https://example.com (scheme and host, no path)")
        }
        if let persona { check(persona.count <= 500, "persona", "at most 500 characters") }
        if let timeout = decisionTimeoutSeconds { check((0.2...10).contains(timeout), "decisionTimeoutSeconds", "0.2 to 10 seconds") }
        return problems
    }

    static func isWebAddress(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), url.host != nil else { return false }
        return scheme == "https" || scheme == "http"
    }

    /// `scheme://host[:port]` and nothing else: what a CSP source and an Origin header carry.
    static func isOrigin(_ text: String) -> Bool {
        guard isWebAddress(text), let url = URL(string: text) else { return false }
        return (url.path.isEmpty || url.path == "/") && url.query == nil && url.fragment == nil && !text.hasSuffix("/")
            && !text.contains(" ") && !text.contains(";")
    }
}
