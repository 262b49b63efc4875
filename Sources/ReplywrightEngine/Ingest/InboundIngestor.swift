import Foundation
import ReplywrightCore
import ReplywrightStore

/// Stores an inbound message and queues its draft, atomically.
///
/// Lead upsert, message insert and job enqueue share one transaction, so an accepted
/// webhook is never half-stored. Redelivery of the same external message id returns the
/// first message and job: one trigger message never yields two draft jobs.
///
/// The mail is read first: who wrote it (`AutomatedMailDetector`: a person, an auto-reply, a
/// bounce, a complaint…) and the sender's new words apart from what they quoted
/// (`ReplySplitter`). A permanent bounce marks the address undeliverable and a complaint opts
/// the lead out, both for the lead the report is about when it names a known one; an
/// unsubscribe in the lead's own words opts them out.
public struct InboundIngestor: Sendable {
    private let store: any DataStore

    public init(store: any DataStore) { self.store = store }

    public struct Result: Sendable, Equatable {
        public var leadID: Identifier<Lead>
        public var messageID: Identifier<Message>
        public var jobID: Identifier<JobRecord>
        /// True when this delivery repeated one already stored.
        public var duplicate: Bool
        /// Who or what wrote it.
        public var kind: MailKind
    }

    /// The message as stored: its new words, its kind and the rules' intent (read before the
    /// transaction, which on SQLite holds the only writer).
    static func read(_ inbound: InboundMessage) -> (message: NewMessage, mail: MailReading) {
        var message = inbound.message
        guard message.direction == .inbound else { return (message, .person) }
        let mail = AutomatedMailDetector.read(
            headers: inbound.headers, subject: message.subject, body: message.body, reports: inbound.reports, sentAt: message.occurredAt,
            zone: TimeZone(identifier: "UTC")!)
        let visible = ReplySplitter.split(message.body).visible
        // A subject-only message says what it says in the subject ("Re: pricing?").
        let words = visible.isEmpty ? Self.subjectWords(message.subject) : visible
        message.visibleBody = words == message.body ? nil : words
        message.kind = mail.kind
        message.kindEvidence = mail.evidence
        switch mail.kind {
        case .person: message.intent = ReplyIntent.classify(words)
        case .autoReply: message.intent = mail.leftCompany ? .referral : .outOfOffice
        case .bounce, .delayed, .complaint, .automated: message.intent = nil
        }
        return (message, mail)
    }

    /// A subject without its "Re:"/"Fwd:" prefixes.
    static func subjectWords(_ subject: String?) -> String {
        (subject ?? "").replacing(/(?i)^\s*(?:(?:re|aw|sv|fw|fwd|wg|tr)\s*:\s*)+/, with: "").trimmingCharacters(in: .whitespaces)
    }

    public func ingest(_ inbound: InboundMessage, in workspaceID: Identifier<Workspace>) async throws -> Result {
        let (newMessage, mail) = Self.read(inbound)
        return try await store.transaction { tx in
            // A report about another address (the one that bounced or complained) is that lead's.
            var profile = inbound.lead
            if [.bounce, .delayed, .complaint].contains(mail.kind), let recipient = mail.recipient, EmailAddress.isValid(recipient),
                try await tx.lead(email: recipient, in: workspaceID) != nil
            {
                profile = LeadProfile(email: recipient)
            }
            let lead = try await tx.upsertLead(profile, in: workspaceID)
            let (message, inserted) = try await tx.insertMessage(newMessage, leadID: lead.id, in: workspaceID)
            if inserted {
                // "Unsubscribe" / "remove me", or a spam complaint, opts the lead out at once; a bounce
                // for good marks the address undeliverable. The hard gates do the rest.
                if mail.kind == .complaint || newMessage.intent == .unsubscribe { try await tx.setOptedOut(lead.id, in: workspaceID) }
                if mail.kind == .bounce { try await tx.setUndeliverable(lead.id, at: message.occurredAt, in: workspaceID) }
                // One live draft per conversation: what waited for review answers an older message now.
                // A follow-up scheduled for later is moot once the lead writes again, or their address
                // bounced, or they complained. A delay notice or a newsletter changes neither.
                // The slots offered to the lead are theirs no longer: their answer says what they want.
                if message.direction == .inbound, [.person, .autoReply, .bounce, .complaint].contains(mail.kind) {
                    _ = try await tx.supersedeWaitingDrafts(leadID: lead.id, keeping: nil, in: workspaceID)
                    _ = try await tx.cancelFollowUps(leadID: lead.id, in: workspaceID)
                    try await tx.releaseSlotHolds(leadID: lead.id, in: workspaceID)
                }
            }
            let payload = String(decoding: try JSONEncoder().encode(DraftReplyPayload(messageId: message.id.rawValue)), as: UTF8.self)
            let (job, _) = try await tx.enqueue(
                NewJob(
                    kind: .draftReply, workspaceID: workspaceID, payload: payload,
                    idempotencyKey: "draft:\(workspaceID):\(message.id)", traceParent: JobTrace.current()))
            return Result(leadID: lead.id, messageID: message.id, jobID: job.id, duplicate: !inserted, kind: message.kind)
        }
    }
}
