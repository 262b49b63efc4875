import Foundation

/// What the next-step model is told about a session, with no personal data: answers of kinds
/// that can hold it (text, textarea, email, phone, number, hidden) become "(answered)"; only
/// choices from the form's own option lists (select, multiselect, consent) are sent as given.
public enum FormPromptContext {
    public static func redactedAnswers(_ answers: FormAnswers, definition: FormDefinition) -> [String: String] {
        var result: [String: String] = [:]
        for (id, value) in answers {
            guard let field = definition.field(id) else { continue }
            switch field.kind {
            case .consent:
                result[id] = value == .bool(true) ? "yes" : "no"
            case .select, .multiselect:
                // Only the form's own options go out, whatever was stored.
                let chosen = value.arrayValue?.compactMap(\.textValue) ?? value.textValue.map { [$0] } ?? []
                result[id] = chosen.filter { (field.options ?? []).contains($0) }.joined(separator: ", ")
            case .text, .textarea, .email, .phone, .number, .hidden:
                result[id] = "(answered)"
            }
        }
        return result
    }

    /// Lines describing the session for the prompt.
    public static func describe(
        definition: FormDefinition, answers: FormAnswers, submittedStep: String, candidates: [FormStep], signals: FormSignals,
        recentEvents: [FormEvent], now: Date
    ) -> [String: String] {
        let redacted = redactedAnswers(answers, definition: definition)
        let answerLines = redacted.keys.sorted().map { "- \($0): \(redacted[$0] ?? "")" }
        let stepLines = candidates.map { step in
            let fields = step.fields.map { "\($0.id) (\($0.kind.rawValue)\($0.isRequired ? ", required" : ""))" }.joined(separator: ", ")
            return "- \(step.id): \(step.title) [fields: \(fields)] [cta: \(step.cta.action.rawValue)]"
        }
        // Times to the nearest 5 s and scores to 0.1: two visitors who behaved alike get the same
        // prompt, so the response cache can answer the second.
        let eventLines = recentEvents.suffix(20).map {
            "- \(fiveSeconds(now.timeIntervalSince($0.at))) s ago: \($0.kind.rawValue) \($0.field ?? "")"
        }
        let signalText = String(
            format: "hesitations %d, corrections %d, time on step %d s, idle %d s, engagement %.1f, abandonment risk %.1f",
            signals.hesitations, signals.corrections, fiveSeconds(signals.timeOnStepSeconds), fiveSeconds(signals.idleSeconds),
            signals.engagement, signals.abandonmentRisk)
        return [
            "form": definition.name,
            "persona": definition.persona ?? "(not described)",
            "submitted_step": submittedStep,
            "answers": answerLines.isEmpty ? "(none yet)" : answerLines.joined(separator: "\n"),
            "steps_ahead": stepLines.joined(separator: "\n"),
            "signals": signalText,
            "events": eventLines.isEmpty ? "(no field events: the page may run without JavaScript)" : eventLines.joined(separator: "\n"),
        ]
    }

    static func fiveSeconds(_ seconds: Double) -> Int { Int((seconds / 5).rounded()) * 5 }
}
