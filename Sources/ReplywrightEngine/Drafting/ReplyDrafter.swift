import Foundation
import Logging
import ReplywrightCore
import ReplywrightStore

/// Drafting followed by the overseer loop, with the conversation policy in front: what the
/// `draft.reply` and `followup.draft` jobs, `POST /v1/leads/{id}/drafts` and the dashboard run.
///
/// First who wrote: a bounce, a delivery delay, a complaint or automated mail gets no reply and
/// nothing is remembered of it (the ingest already marked a bounced address undeliverable and
/// opted a complainant out); nor does a lead whose address bounced. A person's reply, or an away
/// notice, then goes by its intent's row of `IntentPolicy`:
/// - no reply (unsubscribe: the lead was opted out on arrival; waiting drafts were superseded);
/// - await the return (out of office): no reply now; a follow-up the working day after the return
///   date (7 days on when none is given) drafts a fresh reply then. Someone who has left the
///   company ("no longer with Acme, contact Sam") gets no follow-up: whom they point to is
///   remembered;
/// - reply, then follow up (not now): a short acknowledgement, and a follow-up on the date the
///   lead named (90 days on);
/// - close (not interested): a short close, or nothing when `closeNotInterested` is off;
/// - reply: everything else.
/// Workspace settings: `closeNotInterested` and `scheduleFollowUps`. The memory step runs for
/// every person's message, so a return date or a "not before" is remembered.
public struct ReplyDrafter: Sendable {
    public let pipeline: DraftPipeline
    public let overseer: OverseerLoop

    public init(pipeline: DraftPipeline, overseer: OverseerLoop) {
        self.pipeline = pipeline
        self.overseer = overseer
    }

    /// What answering one inbound message did.
    public enum Outcome: Sendable {
        case drafted(Draft)
        /// No reply, with the reason; a follow-up when one was scheduled.
        case noReply(reason: String, followUp: FollowUp?)
    }

    /// Answers `triggerID` as the policy says; a retried job finds its draft and does not review it twice.
    public func answer(_ triggerID: Identifier<Message>, in workspaceID: Identifier<Workspace>, jobID: String?, logger: Logger)
        async throws -> Outcome
    {
        let store = pipeline.store
        let trigger = try await store.message(triggerID, in: workspaceID)
        func noReply(_ reason: String, remember: Bool = true, followUp: FollowUp? = nil) async throws -> Outcome {
            _ = try await overseer.noReply(to: trigger, reason: reason, remember: remember, jobID: jobID, logger: logger)
            return .noReply(reason: reason, followUp: followUp)
        }
        guard trigger.kind.isAnswerable else { return try await noReply("it is \(trigger.kind.words)", remember: false) }
        let lead = try await store.lead(trigger.leadID, in: workspaceID)
        if lead.isUndeliverable { return try await noReply("mail to the lead's address bounced", remember: false) }
        let policy = try await store.policySettings(in: workspaceID)
        let memory = try await store.memory(leadID: trigger.leadID, in: workspaceID, at: pipeline.now())
        let leadZone = LeadTimeZone.resolve(
            memory: memory, variables: lead.customVariables, signature: LeadTimeZone.signature(in: trigger.body))
        let reading = ReplyReader(parser: MeetingTimeParser(workspaceTimeZone: policy.zone)).read(trigger, memory: memory, leadZone: leadZone)
        let zone = leadZone ?? policy.zone
        func schedule(_ reason: FollowUp.Reason, given: Date?) async throws -> FollowUp {
            try await store.scheduleFollowUp(
                leadID: trigger.leadID, messageID: trigger.id, reason: reason,
                dueAt: FollowUp.dueDate(reason: reason, given: given, sentAt: trigger.occurredAt, zone: zone), in: workspaceID)
        }
        switch IntentPolicy.of(reading.primary).action {
        case .noReply:
            return try await noReply("the lead asked not to be contacted")
        // A notice that the person left; an away notice that names someone for urgent matters
        // is still an away notice.
        case .awaitReturn where trigger.kind == .autoReply && AutomatedMailDetector.saysThePersonLeft(trigger.body):
            let pointer = reading.people.first.map { "; they point to \($0)" } ?? ""
            return try await noReply("the lead has left the company\(pointer)")
        case .awaitReturn where !policy.scheduleFollowUps:
            return try await noReply("the lead is away")
        case .awaitReturn:
            let followUp = try await schedule(.outOfOffice, given: reading.returnDate)
            return try await noReply("the lead is away; a fresh reply is due \(SpokenTime.dateTime(followUp.dueAt, in: zone))", followUp: followUp)
        case .close where !policy.closeNotInterested:
            return try await noReply("the lead said no")
        case .replyThenFollowUp, .close, .reply:
            let draft = try await pipeline.draft(replyingTo: triggerID, in: workspaceID, jobID: jobID, logger: logger)
            if IntentPolicy.of(reading.primary).action == .replyThenFollowUp, policy.scheduleFollowUps {
                _ = try await schedule(.notNow, given: reading.notBefore)
            }
            let reviewed = try await overseer.reviewIfNew(draft, triggerID: triggerID, jobID: jobID, logger: logger)
            return .drafted(reviewed?.draft ?? draft)
        }
    }

    /// A new draft for the lead's latest inbound message, overseen; the draft as the loop left it.
    public func regenerate(for leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>, logger: Logger) async throws -> Draft {
        let (draft, trigger) = try await pipeline.regenerate(for: leadID, in: workspaceID, logger: logger)
        return try await overseer.review(draft, trigger: trigger, logger: logger).draft
    }

    /// A scheduled follow-up that came due: a fresh reply, unless the lead wrote again, booked or
    /// opted out meanwhile (then it is cancelled). `nil` when nothing was drafted.
    public func followUp(_ id: Identifier<FollowUp>, in workspaceID: Identifier<Workspace>, jobID: String?, logger: Logger)
        async throws -> Draft?
    {
        let store = pipeline.store
        let followUp = try await store.followUp(id, in: workspaceID)
        guard followUp.state == .scheduled else { return nil }
        let lead = try await store.lead(followUp.leadID, in: workspaceID)
        let latest = try await store.messages(leadID: lead.id, in: workspaceID).last { $0.direction == .inbound }
        guard !lead.optedOut, !lead.isUndeliverable, !lead.isBooked, latest?.id == followUp.messageID, let trigger = latest else {
            _ = try await store.finishFollowUp(id, as: .cancelled, in: workspaceID)
            return nil
        }
        let draft = try await pipeline.regenerate(for: lead.id, in: workspaceID, followingUp: followUp.reason, logger: logger).draft
        let reviewed = try await overseer.review(draft, trigger: trigger, jobID: jobID, logger: logger).draft
        _ = try await store.finishFollowUp(id, as: .done, in: workspaceID)
        return reviewed
    }
}
