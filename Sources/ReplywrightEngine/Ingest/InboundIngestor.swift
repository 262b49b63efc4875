import Foundation
import ReplywrightCore
import ReplywrightStore

/// Stores an inbound message and queues its draft, atomically.
///
/// Lead upsert, message insert and job enqueue share one transaction, so an accepted
/// webhook is never half-stored. Redelivery of the same external message id returns the
/// first message and job: one trigger message never yields two draft jobs.
public struct InboundIngestor: Sendable {
    private let store: any DataStore

    public init(store: any DataStore) { self.store = store }

    public struct Result: Sendable, Equatable {
        public var leadID: Identifier<Lead>
        public var messageID: Identifier<Message>
        public var jobID: Identifier<JobRecord>
        /// True when this delivery repeated one already stored.
        public var duplicate: Bool
    }

    public func ingest(_ inbound: InboundMessage, in workspaceID: Identifier<Workspace>) async throws -> Result {
        // The rules tier's reading, stored for the report ("intent answered"); read before the
        // transaction, which on SQLite holds the only writer.
        let intent = inbound.message.direction == .inbound ? ReplyIntent.classify(inbound.message.body) : nil
        var classified = inbound.message
        classified.intent = intent
        let newMessage = classified  // a constant, for the transaction's closure
        return try await store.transaction { tx in
            let lead = try await tx.upsertLead(inbound.lead, in: workspaceID)
            let (message, inserted) = try await tx.insertMessage(newMessage, leadID: lead.id, in: workspaceID)
            // "Unsubscribe" / "remove me" opts the lead out at once; the hard gates do the rest.
            if inserted, intent == .unsubscribe { try await tx.setOptedOut(lead.id, in: workspaceID) }
            // One live draft per conversation: what waited for review answers an older message now.
            // A follow-up scheduled for later is moot once the lead writes again.
            if inserted, message.direction == .inbound {
                _ = try await tx.supersedeWaitingDrafts(leadID: lead.id, keeping: nil, in: workspaceID)
                _ = try await tx.cancelFollowUps(leadID: lead.id, in: workspaceID)
            }
            let payload = String(decoding: try JSONEncoder().encode(DraftReplyPayload(messageId: message.id.rawValue)), as: UTF8.self)
            let (job, _) = try await tx.enqueue(
                NewJob(
                    kind: .draftReply, workspaceID: workspaceID, payload: payload,
                    idempotencyKey: "draft:\(workspaceID):\(message.id)", traceParent: JobTrace.current()))
            return Result(leadID: lead.id, messageID: message.id, jobID: job.id, duplicate: !inserted)
        }
    }
}
