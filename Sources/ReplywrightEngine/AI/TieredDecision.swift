import Foundation
import Logging
import ReplywrightCore
import ReplywrightLLM
import Tracing

/// "Ask the model; without one, or when its answer is unusable, the rules tier answers", written
/// once for every AI decision (drafting, refine, the overseer's memory and gate, the form's next
/// step, insights): the source of the answer (`llm`, `rules`, `fallback`), the one warning line
/// on a fallback, and the telemetry row for decisions made without a model call (the gateway
/// records model calls). A cancelled task does not fall back: its error goes to the caller.
struct TieredDecision: Sendable {
    let telemetry: AITelemetry
    let logger: Logger
    let now: @Sendable () -> Date

    /// `model` is `nil` when no model is configured; it returns `nil` (or throws) when its answer
    /// cannot be used. `rules` gets the failure's code (`nil`: no model was tried). The telemetry
    /// row of a rules-side answer has the whole decision's latency (a failed call's wait included)
    /// and `stats` of the value.
    /// `step` names the decision's span (`decision <step>`); by default the feature.
    func run<Value: Sendable>(
        _ context: LLMCallContext, step: String? = nil, model: (() async throws -> Value?)?,
        stats: (Value) -> [String: Double] = { _ in [:] }, rules: (_ modelFailure: String?) async throws -> Value
    ) async throws -> (value: Value, source: DecisionSource) {
        // One span per decision (a pipeline step: drafting, `overseer.memory`, `overseer.gate`…),
        // the model's calls inside it; its source says which tier answered.
        try await withSpan("decision \(step ?? context.featureID)") { span in
            let decided = try await decide(context, model: model, stats: stats, rules: rules)
            span.attributes["replywright.decision.source"] = decided.source.rawValue
            return decided
        }
    }

    private func decide<Value: Sendable>(
        _ context: LLMCallContext, model: (() async throws -> Value?)?, stats: (Value) -> [String: Double],
        rules: (_ modelFailure: String?) async throws -> Value
    ) async throws -> (value: Value, source: DecisionSource) {
        let started = ContinuousClock.now
        var errorCode: String?
        if let model {
            do {
                if let value = try await model() { return (value, .llm) }
                errorCode = "unusable_answer"
            } catch is CancellationError {
                throw CancellationError()
            } catch let error where Task.isCancelled {
                throw error
            } catch {
                errorCode = LLMError.code(of: error)
            }
            logger.warning(
                "\(context.featureID): the model's answer could not be used; the rules tier answers",
                metadata: [
                    "error_code": "\(errorCode ?? "")", "workspace": "\(context.workspaceID?.rawValue ?? "")",
                ])
        }
        let value = try await rules(errorCode)
        let source: DecisionSource = model == nil ? .rules : .fallback
        try? await telemetry.recordDecision(
            context, source: source, latency: ContinuousClock.now - started, errorCode: errorCode, metadata: stats(value), at: now())
        return (value, source)
    }
}
