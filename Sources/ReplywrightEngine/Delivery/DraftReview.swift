import Foundation
import ReplywrightCore
import ReplywrightStore

/// A setter's review of a draft, with the text they have in front of them: approving or
/// sending what the editor holds stores it first (rescored) when it differs from the stored
/// text, so nothing typed is lost by pressing the other button. Sending a draft still pending
/// approves it first (the setter read it). A lead nothing may be sent to (opted out, blocked
/// domain) gets no approval either: `conflict` before anything changes.
public struct DraftReview: Sendable {
    private let store: any DraftStore & LeadStore & PolicyStore
    private let pipeline: DraftPipeline
    private let sender: DraftSender

    public init(store: any DraftStore & LeadStore & PolicyStore, pipeline: DraftPipeline, sender: DraftSender) {
        self.store = store
        self.pipeline = pipeline
        self.sender = sender
    }

    /// What the outcome was, for the page's notice.
    public struct Outcome: Sendable {
        public var draft: Draft
        /// The text was changed (and rescored) on the way.
        public var edited: Bool
    }

    /// Stores `body` as the draft's text when it differs from the stored one, with new scores.
    public func edit(_ id: Identifier<Draft>, body: String, in workspaceID: Identifier<Workspace>) async throws -> Outcome {
        let current = try await store.draft(id, in: workspaceID)
        let text = Self.normalized(body)
        guard text != current.body else { return Outcome(draft: current, edited: false) }
        var edited = try await store.review(id, in: workspaceID, action: .edit(body: text), by: .setter)
        let (scores, combined) = try await pipeline.rescore(current, body: edited.body)
        try await store.updateScores(id, scores: scores, combined: combined, in: workspaceID)
        edited.scores = scores
        edited.combinedScore = combined
        return Outcome(draft: edited, edited: true)
    }

    /// Approves the draft with `body` (when given) as its text.
    public func approve(_ id: Identifier<Draft>, body: String?, in workspaceID: Identifier<Workspace>) async throws -> Outcome {
        try await requireSendable(id, in: workspaceID)
        let edited = try await editIfGiven(id, body: body, in: workspaceID)
        let draft = try await store.review(id, in: workspaceID, action: .approve, by: .setter)
        return Outcome(draft: draft, edited: edited)
    }

    /// Sends the draft with `body` (when given) as its text; a pending draft is approved on the way.
    public func send(
        _ id: Identifier<Draft>, body: String?, in workspaceID: Identifier<Workspace>, user: Identifier<User>?
    ) async throws -> Outcome {
        try await requireSendable(id, in: workspaceID)
        let edited = try await editIfGiven(id, body: body, in: workspaceID)
        if try await store.draft(id, in: workspaceID).status == .pending {
            _ = try await store.review(id, in: workspaceID, action: .approve, by: .setter)
        }
        let sent = try await sender.send(id, in: workspaceID, action: .send, user: user)
        return Outcome(draft: sent, edited: edited)
    }

    private func requireSendable(_ id: Identifier<Draft>, in workspaceID: Identifier<Workspace>) async throws {
        let lead = try await store.lead(try await store.draft(id, in: workspaceID).leadID, in: workspaceID)
        if let refusal = HardGates.refusal(for: lead, policy: try await store.policySettings(in: workspaceID)) {
            throw AppError(.conflict, "nothing may be sent to this lead: \(refusal)")
        }
    }

    private func editIfGiven(_ id: Identifier<Draft>, body: String?, in workspaceID: Identifier<Workspace>) async throws -> Bool {
        guard let body else { return false }
        return try await edit(id, body: body, in: workspaceID).edited
    }

    /// Browsers post text areas with CRLF line ends; the stored text is trimmed.
    public static func normalized(_ body: String) -> String {
        body.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether sends go anywhere (`false`: they are only recorded; the team delivers elsewhere).
    public var delivers: Bool { sender.delivers }
}
