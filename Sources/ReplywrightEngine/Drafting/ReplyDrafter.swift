import Logging
import ReplywrightCore

/// A regenerated draft goes through the same overseer loop as a new inbound's draft (memory,
/// gate, hard gates, auto-send): what `POST /v1/leads/{id}/drafts` and the dashboard run.
public struct ReplyDrafter: Sendable {
    public let pipeline: DraftPipeline
    public let overseer: OverseerLoop

    public init(pipeline: DraftPipeline, overseer: OverseerLoop) {
        self.pipeline = pipeline
        self.overseer = overseer
    }

    /// A new draft for the lead's latest inbound message, overseen; the draft as the loop left it.
    public func regenerate(for leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>, logger: Logger) async throws -> Draft {
        let (draft, trigger) = try await pipeline.regenerate(for: leadID, in: workspaceID, logger: logger)
        return try await overseer.review(draft, trigger: trigger, logger: logger).draft
    }
}
