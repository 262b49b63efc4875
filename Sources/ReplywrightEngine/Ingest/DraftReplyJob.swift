import Foundation
import Logging
import ReplywrightCore
import ReplywrightStore

/// Payload of a `draft.reply` job: which inbound message to answer.
public struct DraftReplyPayload: Codable, Sendable, Equatable {
    public var messageId: String
    public init(messageId: String) { self.messageId = messageId }
}

/// `draft.reply`: for now it only checks that the trigger message still exists in its
/// workspace. The drafting pipeline (C2) replaces the body of `handle`.
public struct DraftReplyJobHandler: JobHandler {
    public let kind = JobKind.draftReply
    private let store: any MessageStore

    public init(store: any MessageStore) { self.store = store }

    public func handle(_ job: JobRecord, logger: Logger) async throws {
        guard let workspaceID = job.workspaceID,
              let payload = try? JSONDecoder().decode(DraftReplyPayload.self, from: Data(job.payload.utf8))
        else { throw PermanentJobError("draft job has no workspace or message id") }
        do {
            _ = try await store.message(Identifier(payload.messageId), in: workspaceID)
        } catch let error as AppError where error.code == .notFound {
            throw PermanentJobError("trigger message \(payload.messageId) no longer exists")
        }
        logger.debug("draft job accepted; drafting is not implemented yet")
    }
}
