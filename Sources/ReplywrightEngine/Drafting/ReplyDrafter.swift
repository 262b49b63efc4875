import Foundation
import Logging
import ReplywrightCore
import ReplywrightStore

/// Drafting followed by the overseer loop, with the conversation policy in front: what the
/// `draft.reply` and `followup.draft` jobs, `POST /v1/leads/{id}/drafts` and the dashboard run.
///
/// Policy per intent (the rules' reading of the lead's message):
/// - unsubscribe: no reply (the lead was opted out on arrival; waiting drafts were superseded);
/// - out of office: no reply now; a follow-up the working day after the return date (7 days on
///   when none is given) drafts a fresh reply then;
/// - not now: a short acknowledgement, and a follow-up on the date the lead named (90 days on);
/// - everything else: a reply.
/// Workspace settings: `closeNotInterested` (off: no draft for a no) and `scheduleFollowUps`.
/// The memory step runs either way, so a return date or a "not before" is remembered.
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
        let policy = try await store.policySettings(in: workspaceID)
        let memory = try await store.memory(leadID: trigger.leadID, in: workspaceID, at: pipeline.now())
        let reading = ReplyReader(parser: MeetingTimeParser(workspaceTimeZone: policy.zone)).read(trigger, memory: memory)
        let zone = OverseerContext.leadTimeZone(in: memory) ?? policy.zone
        switch reading.primary {
        case .unsubscribe:
            _ = try await overseer.noReply(to: trigger, reason: "the lead asked not to be contacted", jobID: jobID, logger: logger)
            return .noReply(reason: "the lead asked not to be contacted", followUp: nil)
        case .outOfOffice where !policy.scheduleFollowUps:
            _ = try await overseer.noReply(to: trigger, reason: "the lead is away", jobID: jobID, logger: logger)
            return .noReply(reason: "the lead is away", followUp: nil)
        case .notInterested where !policy.closeNotInterested:
            _ = try await overseer.noReply(to: trigger, reason: "the lead said no", jobID: jobID, logger: logger)
            return .noReply(reason: "the lead said no", followUp: nil)
        case .outOfOffice:
            let followUp = try await store.scheduleFollowUp(
                leadID: trigger.leadID, messageID: trigger.id, reason: .outOfOffice,
                dueAt: FollowUp.dueDate(reason: .outOfOffice, given: reading.returnDate, sentAt: trigger.occurredAt, zone: zone),
                in: workspaceID)
            let reason = "the lead is away; a fresh reply is due \(SpokenTime.dateTime(followUp.dueAt, in: zone))"
            _ = try await overseer.noReply(to: trigger, reason: reason, jobID: jobID, logger: logger)
            return .noReply(reason: reason, followUp: followUp)
        default:
            let draft = try await pipeline.draft(replyingTo: triggerID, in: workspaceID, jobID: jobID, logger: logger)
            if reading.primary == .notNow, policy.scheduleFollowUps {
                _ = try await store.scheduleFollowUp(
                    leadID: trigger.leadID, messageID: trigger.id, reason: .notNow,
                    dueAt: FollowUp.dueDate(reason: .notNow, given: reading.notBefore, sentAt: trigger.occurredAt, zone: zone),
                    in: workspaceID)
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
        guard !lead.optedOut, !lead.isBooked, latest?.id == followUp.messageID, let trigger = latest else {
            _ = try await store.finishFollowUp(id, as: .cancelled, in: workspaceID)
            return nil
        }
        let draft = try await pipeline.regenerate(for: lead.id, in: workspaceID, followingUp: followUp.reason, logger: logger).draft
        let reviewed = try await overseer.review(draft, trigger: trigger, jobID: jobID, logger: logger).draft
        _ = try await store.finishFollowUp(id, as: .done, in: workspaceID)
        return reviewed
    }
}
