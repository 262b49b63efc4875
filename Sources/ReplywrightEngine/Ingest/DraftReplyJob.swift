import Foundation
import Logging
import ReplywrightCore
import ReplywrightStore

/// Payload of a `draft.reply` job: which inbound message to answer.
public struct DraftReplyPayload: Codable, Sendable, Equatable {
    public var messageId: String
    public init(messageId: String) { self.messageId = messageId }
}

/// `draft.reply`: drafts the answer to one inbound message through the `DraftPipeline`.
/// Retries of the job find the draft already stored and do nothing.
public struct DraftReplyJobHandler: JobHandler {
    public let kind = JobKind.draftReply
    private let pipeline: DraftPipeline

    public init(pipeline: DraftPipeline) { self.pipeline = pipeline }

    public func handle(_ job: JobRecord, logger: Logger) async throws {
        guard let workspaceID = job.workspaceID,
              let payload = try? JSONDecoder().decode(DraftReplyPayload.self, from: Data(job.payload.utf8))
        else { throw PermanentJobError("draft job has no workspace or message id") }
        do {
            let draft = try await pipeline.draft(replyingTo: Identifier(payload.messageId), in: workspaceID, logger: logger)
            logger.debug("drafted", metadata: ["draft_id": "\(draft.id)", "source": "\(draft.source.rawValue)", "archetype": "\(draft.archetypeID)"])
        } catch let error as AppError where error.code == .notFound {
            throw PermanentJobError("trigger message \(payload.messageId) no longer exists")
        }
    }
}
