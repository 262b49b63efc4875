import Foundation
import Logging
import ReplywrightCore
import ReplywrightStore

/// Payload of a `draft.reply` job: which inbound message to answer.
public struct DraftReplyPayload: Codable, Sendable, Equatable {
    public var messageId: String
    public init(messageId: String) { self.messageId = messageId }
}

/// `draft.reply`: drafts the answer to one inbound message through the `DraftPipeline`, then
/// runs the overseer loop on it. A retry finds the draft already stored and reviews it only if
/// the loop had not recorded its decisions yet.
public struct DraftReplyJobHandler: JobHandler {
    public let kind = JobKind.draftReply
    private let pipeline: DraftPipeline
    private let overseer: OverseerLoop?

    public init(pipeline: DraftPipeline, overseer: OverseerLoop? = nil) {
        self.pipeline = pipeline
        self.overseer = overseer
    }

    public func handle(_ job: JobRecord, logger: Logger) async throws {
        guard let workspaceID = job.workspaceID,
              let payload = try? JSONDecoder().decode(DraftReplyPayload.self, from: Data(job.payload.utf8))
        else { throw PermanentJobError("draft job has no workspace or message id") }
        do {
            let draft = try await pipeline.draft(
                replyingTo: Identifier(payload.messageId), in: workspaceID, jobID: job.id.rawValue, logger: logger)
            logger.debug("drafted", metadata: ["draft_id": "\(draft.id)", "source": "\(draft.source.rawValue)", "archetype": "\(draft.archetypeID)"])
            guard let overseer, let outcome = try await overseer.reviewIfNew(
                draft, triggerID: Identifier(payload.messageId), jobID: job.id.rawValue, logger: logger)
            else { return }
            logger.debug("overseen", metadata: ["draft_id": "\(draft.id)", "status": "\(outcome.draft.status.rawValue)",
                                               "auto_send": "\(outcome.autoSend.send)"])
        } catch let error as AppError where error.code == .notFound {
            throw PermanentJobError("trigger message \(payload.messageId) no longer exists")
        }
    }
}
