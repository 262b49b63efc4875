import Foundation
import Logging
import ReplywrightCore
import ReplywrightDelivery
import ReplywrightStore

/// Sends a draft: checks the hard gates that hold for humans too (opted-out lead, blocked
/// domain), records the outbound message and, when a transport is configured, queues its
/// delivery in the same transaction. Without a transport Replywright only records the send
/// (the team delivers through its own platform).
public struct DraftSender: Sendable {
    private let store: any DataStore
    /// The configured transport's name, or `nil`: record only.
    private let transport: String?

    /// Whether a transport is configured (else a send is only recorded).
    public var delivers: Bool { transport != nil }

    public init(store: any DataStore, transport: String?) {
        self.store = store
        self.transport = transport
    }

    /// `action`: `.send` (a human) or `.autoSend` (the auto-send evaluator).
    /// `user`: the dashboard user sending it (recorded on the outbound message); `nil` for API keys and auto-send.
    public func send(
        _ draftID: Identifier<Draft>, in workspaceID: Identifier<Workspace>, action: Draft.ReviewAction, user: Identifier<User>? = nil
    ) async throws -> Draft {
        let draft = try await store.draft(draftID, in: workspaceID)
        let lead = try await store.lead(draft.leadID, in: workspaceID)
        if let refusal = HardGates.refusal(for: lead, policy: try await store.policySettings(in: workspaceID)) {
            throw AppError(.conflict, "not sent: \(refusal)")
        }
        let transport = transport
        return try await store.transaction { tx in
            let sent = try await tx.review(draftID, in: workspaceID, action: action, by: action == .autoSend ? .ai : .setter, user: user)
            if transport != nil {
                let payload = String(decoding: try JSONEncoder().encode(DeliverDraftPayload(draftId: draftID.rawValue)), as: UTF8.self)
                _ = try await tx.enqueue(
                    NewJob(
                        kind: .deliverDraft, workspaceID: workspaceID, payload: payload, idempotencyKey: "deliver:\(draftID)", maxAttempts: 6))
            }
            return sent
        }
    }
}

/// Payload of a `delivery.send` job.
public struct DeliverDraftPayload: Codable, Sendable, Equatable {
    public var draftId: String
    public init(draftId: String) { self.draftId = draftId }
}

/// `delivery.send`: hands a sent draft to the transport through the send ledger, so it goes
/// out at most once. A failure that certainly left nothing sent is retried with the queue's
/// backoff; after the last attempt (or a permanent refusal) the draft shows `failed`. An
/// attempt that may have gone out is never repeated (`unconfirmed`, for a human to check).
public struct DeliverDraftJobHandler: JobHandler {
    public let kind = JobKind.deliverDraft
    private let store: any DataStore
    private let transport: any OutboundTransport

    public init(store: any DataStore, transport: any OutboundTransport) {
        self.store = store
        self.transport = transport
    }

    public func handle(_ job: JobRecord, logger: Logger) async throws {
        guard let workspaceID = job.workspaceID,
            let payload = try? JSONDecoder().decode(DeliverDraftPayload.self, from: Data(job.payload.utf8))
        else { throw PermanentJobError("delivery job has no workspace or draft id") }
        let draftID = Identifier<Draft>(payload.draftId)
        let draft = try await store.draft(draftID, in: workspaceID)
        guard draft.status == .sent else { throw PermanentJobError("draft \(draftID) is \(draft.status.rawValue), not sent") }
        let lead = try await store.lead(draft.leadID, in: workspaceID)
        // The hard gates again: the lead may have opted out since the send was queued.
        if let refusal = HardGates.refusal(for: lead, policy: try await store.policySettings(in: workspaceID)) {
            if case .send = try await store.beginDelivery(draftID, transport: transport.name, in: workspaceID) {
                _ = try await store.finishDelivery(draftID, outcome: .failed("not sent: \(refusal)"), in: workspaceID)
            }
            return
        }
        guard case .send = try await store.beginDelivery(draftID, transport: transport.name, in: workspaceID) else {
            return  // delivered, failed or unconfirmed already: never a second copy
        }
        // The subject of the thread: the lead's latest inbound that had one.
        let thread = try await store.messages(leadID: lead.id, in: workspaceID).last { $0.direction == .inbound && $0.subject != nil }
        let subject = thread?.subject.map { $0.lowercased().hasPrefix("re:") ? $0 : "Re: \($0)" } ?? "Re: our conversation"
        let outcome = await transport.deliver(
            OutboundEmail(
                workspaceID: workspaceID, draftID: draftID, leadID: lead.id, to: lead.email,
                toName: lead.displayName == lead.email ? nil : lead.displayName,
                subject: subject, body: draft.body))
        let lastAttempt = job.attempts >= job.maxAttempts
        let recorded: Delivery.Outcome =
            if case .retry(let reason) = outcome, lastAttempt {
                .failed("gave up after \(job.attempts) attempts: \(reason)")
            } else {
                outcome
            }
        let delivery = try await store.finishDelivery(draftID, outcome: recorded, in: workspaceID)
        logger.info("delivery attempt", metadata: ["draft_id": "\(draftID)", "state": "\(delivery.state.rawValue)", "attempt": "\(job.attempts)"])
        if delivery.state == .retrying { throw DeliveryRetry(reason: delivery.lastError ?? "transport failure") }
    }
}

/// A transport failure worth another attempt (the queue's backoff decides when).
struct DeliveryRetry: Error, CustomStringConvertible {
    var reason: String
    var description: String { "delivery will be retried: \(reason)" }
}
