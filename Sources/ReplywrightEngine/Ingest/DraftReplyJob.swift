import Foundation
import Logging
import ReplywrightCore
import ReplywrightStore

/// Payload of a `draft.reply` job: which inbound message to answer.
public struct DraftReplyPayload: Codable, Sendable, Equatable {
    public var messageId: String
    public init(messageId: String) { self.messageId = messageId }
}

/// `draft.reply`: answers one inbound message as the conversation policy says (`ReplyDrafter`:
/// a draft through the `DraftPipeline` and the overseer loop, or no reply and perhaps a
/// follow-up). A retry finds the draft already stored and reviews it only if the loop had not
/// recorded its decisions yet.
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
            guard let overseer else {
                _ = try await pipeline.draft(replyingTo: Identifier(payload.messageId), in: workspaceID, jobID: job.id.rawValue, logger: logger)
                return
            }
            switch try await ReplyDrafter(pipeline: pipeline, overseer: overseer)
                .answer(Identifier(payload.messageId), in: workspaceID, jobID: job.id.rawValue, logger: logger)
            {
            case .drafted(let draft):
                logger.debug(
                    "drafted", metadata: ["draft_id": "\(draft.id)", "source": "\(draft.source.rawValue)", "status": "\(draft.status.rawValue)"])
            case .noReply(let reason, _):
                logger.debug("no reply drafted", metadata: ["reason": "\(reason)"])
            }
        } catch let error as AppError where error.code == .notFound {
            throw PermanentJobError("trigger message \(payload.messageId) no longer exists")
        }
    }
}

/// Payload of a `followup.draft` job.
public struct FollowUpPayload: Codable, Sendable, Equatable {
    public var followUpId: String
}

/// `followup.draft`: a scheduled follow-up came due; drafts a fresh reply unless the lead wrote
/// again, booked or opted out meanwhile.
public struct FollowUpJobHandler: JobHandler {
    public let kind = JobKind.followUpDraft
    private let drafter: ReplyDrafter

    public init(drafter: ReplyDrafter) {
        self.drafter = drafter
    }

    public func handle(_ job: JobRecord, logger: Logger) async throws {
        guard let workspaceID = job.workspaceID,
            let payload = try? JSONDecoder().decode(FollowUpPayload.self, from: Data(job.payload.utf8))
        else { throw PermanentJobError("follow-up job has no workspace or follow-up id") }
        do {
            let draft = try await drafter.followUp(Identifier(payload.followUpId), in: workspaceID, jobID: job.id.rawValue, logger: logger)
            logger.debug("follow-up", metadata: ["drafted": "\(draft != nil)"])
        } catch let error as AppError where error.code == .notFound {
            throw PermanentJobError("follow-up \(payload.followUpId) or its lead no longer exists")
        }
    }
}
