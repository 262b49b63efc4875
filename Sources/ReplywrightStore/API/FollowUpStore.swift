import Foundation
import ReplywrightCore

/// Follow-ups the conversation policy schedules (a durable job each), always inside one workspace.
public protocol FollowUpStore: Sendable {
    /// Stores the follow-up and enqueues its `followup.draft` job (due then) in one transaction;
    /// a second call for the same message returns the first follow-up.
    func scheduleFollowUp(
        leadID: Identifier<Lead>, messageID: Identifier<Message>, reason: FollowUp.Reason, dueAt: Date, in workspaceID: Identifier<Workspace>
    ) async throws -> FollowUp

    func followUp(_ id: Identifier<FollowUp>, in workspaceID: Identifier<Workspace>) async throws -> FollowUp

    /// Newest first.
    func followUps(leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>) async throws -> [FollowUp]

    /// Moves the lead's scheduled follow-ups to `cancelled` (they wrote again, or booked); returns how many.
    func cancelFollowUps(leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>) async throws -> Int

    /// A scheduled follow-up's end: `done` or `cancelled`. `false` when it was no longer scheduled.
    func finishFollowUp(_ id: Identifier<FollowUp>, as state: FollowUp.State, in workspaceID: Identifier<Workspace>) async throws -> Bool
}
