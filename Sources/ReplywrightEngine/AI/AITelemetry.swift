import Foundation
import Metrics
import ReplywrightCore
import ReplywrightLLM

/// Records AI decisions made without a model call (the rules tier, fallbacks after a failed
/// call) the same way the gateway records model calls: one `AIInteraction` row plus metrics.
public struct AITelemetry: Sendable {
    private let recorder: any AIInteractionRecorder
    private let metrics: any MetricsFactory

    public init(recorder: any AIInteractionRecorder, metrics: any MetricsFactory) {
        self.recorder = recorder
        self.metrics = metrics
    }

    /// `source` is `.rules` (no LLM configured, breaker open, budget gone) or `.fallback`
    /// (a model call failed and the rules answered instead); `errorCode` says why, if a
    /// failure led here. `metadata` is stats only.
    public func recordDecision(
        _ context: LLMCallContext, source: DecisionSource, latency: Duration, errorCode: String? = nil,
        metadata: [String: Double] = [:], at time: Date
    ) async throws {
        let interaction = AIInteraction(
            workspaceID: context.workspaceID, featureID: context.featureID, promptKey: context.promptKey,
            promptVersion: context.promptVersion, promptRevision: context.promptRevision, draftID: context.draftID,
            jobID: context.jobID,
            latencyMs: Int((latency.timeInterval * 1000).rounded()),
            status: .ok, errorCode: errorCode, source: source, attempts: 0, metadata: metadata, createdAt: time)
        LLMMetrics.record(interaction, factory: metrics)
        try await recorder.record(interaction)
    }
}
