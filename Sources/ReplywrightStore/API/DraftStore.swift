import Foundation
import ReplywrightCore

/// Drafts, always inside one workspace.
public protocol DraftStore: Sendable {
    /// Stores a draft. With a trigger message that already has a draft, stores nothing and
    /// returns the existing one with `inserted == false`: one trigger, one draft.
    func insertDraft(_ draft: Draft) async throws -> (draft: Draft, inserted: Bool)

    func draft(_ id: Identifier<Draft>, in workspaceID: Identifier<Workspace>) async throws -> Draft

    /// Applies a review action atomically; sending also stores the outbound message (sender
    /// `sender`, linked to the draft, and to `user` when a dashboard user sent it). `conflict`
    /// when the action does not fit the state.
    func review(
        _ id: Identifier<Draft>, in workspaceID: Identifier<Workspace>, action: Draft.ReviewAction, by sender: MessageSender,
        user: Identifier<User>?
    ) async throws -> Draft

    /// Stores new scores for a draft whose text a setter changed (only while it waits for review:
    /// `conflict` otherwise).
    func updateScores(_ id: Identifier<Draft>, scores: CandidateScores, combined: Double, in workspaceID: Identifier<Workspace>)
        async throws

    /// Drafts in one of `statuses` (of one lead when `leadID` is set), newest first, with their
    /// leads' names; `offset` pages on.
    func draftSummaries(
        in workspaceID: Identifier<Workspace>, statuses: Set<Draft.Status>, leadID: Identifier<Lead>?, limit: Int, offset: Int
    ) async throws -> [DraftSummary]

    /// The setter's inbox: `query`'s tab, search, filters and order, with the total matching.
    func inbox(_ query: InboxQuery, in workspaceID: Identifier<Workspace>) async throws -> InboxPage

    func draft(forTrigger messageID: Identifier<Message>, in workspaceID: Identifier<Workspace>) async throws -> Draft?

    /// Marks the lead's drafts still waiting for review (pending, approved, edited) `superseded`,
    /// except `keeping`; returns how many. One live draft per conversation.
    func supersedeWaitingDrafts(leadID: Identifier<Lead>, keeping: Identifier<Draft>?, in workspaceID: Identifier<Workspace>)
        async throws -> Int

    /// Newest first; `not_found` when the lead is not in this workspace.
    func drafts(leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>) async throws -> [Draft]

    /// Draft bodies and sent (outbound) message bodies of the workspace stored at or after
    /// `since` (all when `nil`), newest first, at most `limit` of each, with their storage time: what
    /// the uniqueness index compares against.
    /// `bySetter` marks messages a setter wrote, and sent drafts a setter edited (the voice
    /// profile learns from those; a draft sent as the AI wrote it is not the team's voice);
    /// `userID` is the dashboard user who sent it.
    func outboundTexts(in workspaceID: Identifier<Workspace>, since: Date?, limit: Int) async throws
        -> [(text: String, storedAt: Date, bySetter: Bool, userID: Identifier<User>?)]

    /// How often each archetype was used by the workspace's newest `limit` drafts.
    func archetypeUsage(in workspaceID: Identifier<Workspace>, limit: Int) async throws -> [String: Int]

    /// Records `archetypeIDs` as the plan for drafting `messageID` unless it already has one,
    /// and returns the plan that holds: the first attempt's choice survives retries.
    func planArchetypes(_ archetypeIDs: [String], forTrigger messageID: Identifier<Message>, in workspaceID: Identifier<Workspace>)
        async throws -> [String]

    /// The overseer's verdict on a pending draft: a revised body, or blocked (`nil`). A draft a
    /// human already acted on is left as it is and returned.
    func applyOverseer(_ draftID: Identifier<Draft>, body: String?, in workspaceID: Identifier<Workspace>) async throws -> Draft
}

extension DraftStore {
    public func review(_ id: Identifier<Draft>, in workspaceID: Identifier<Workspace>, action: Draft.ReviewAction, by sender: MessageSender)
        async throws -> Draft
    {
        try await review(id, in: workspaceID, action: action, by: sender, user: nil)
    }

    /// Drafts waiting for a human (pending, approved or edited), newest first; `offset` pages on.
    public func pendingDrafts(in workspaceID: Identifier<Workspace>, limit: Int, offset: Int = 0) async throws -> [DraftSummary] {
        try await draftSummaries(in: workspaceID, statuses: Draft.Status.waitingForReview, leadID: nil, limit: limit, offset: offset)
    }
}
