import Foundation
import Logging
import ReplywrightCore
import ReplywrightLLM

/// "Ask the model; without one, or when its answer is unusable, the rules tier answers": the
/// source of the answer (`llm`, `rules`, `fallback`), the one warning line on a fallback, and the
/// telemetry row for decisions made without a model call (the gateway records model calls).
struct TieredDecision: Sendable {
    let telemetry: AITelemetry
    let logger: Logger
    let now: @Sendable () -> Date

    /// `model` is `nil` when no model is configured; it returns `nil` (or throws) when its answer
    /// cannot be used.
    func run<Value: Sendable>(
        _ context: LLMCallContext, model: (() async throws -> Value?)?, rules: () async throws -> Value
    ) async throws -> (value: Value, source: DecisionSource) {
        let started = ContinuousClock.now
        var errorCode: String?
        if let model {
            do {
                if let value = try await model() { return (value, .llm) }
                errorCode = "unusable_answer"
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                errorCode = LLMError.code(of: error)
            }
            logger.warning("\(context.featureID): the model's answer could not be used; the rules tier answers", metadata: [
                "error_code": "\(errorCode ?? "")", "workspace": "\(context.workspaceID?.rawValue ?? "")",
            ])
        }
        let value = try await rules()
        let source: DecisionSource = model == nil ? .rules : .fallback
        try? await telemetry.recordDecision(context, source: source, latency: ContinuousClock.now - started, errorCode: errorCode, at: now())
        return (value, source)
    }
}
