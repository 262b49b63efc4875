import Foundation
import ReplywrightCore

/// Eval runs and their items (C4), always inside one workspace.
public protocol EvalStore: Sendable {
    func createEvalRun(_ run: EvalRun) async throws
    func saveEvalItem(_ item: EvalItem, runID: Identifier<EvalRun>, in workspaceID: Identifier<Workspace>) async throws
    /// Saves the run's state, judge and summary.
    func saveEvalRun(_ run: EvalRun) async throws
    func evalRun(_ id: Identifier<EvalRun>, in workspaceID: Identifier<Workspace>) async throws -> EvalRun
    /// Newest first.
    func evalRuns(in workspaceID: Identifier<Workspace>, limit: Int) async throws -> [EvalRun]
    /// In order.
    func evalItems(runID: Identifier<EvalRun>, in workspaceID: Identifier<Workspace>) async throws -> [EvalItem]
    /// The newest inbound messages whose outcome is known: the lead booked, or the message is
    /// older than `decidedBefore` (time enough to have booked). With `booked` or `not_booked`.
    func evalMessages(in workspaceID: Identifier<Workspace>, decidedBefore: Date, limit: Int) async throws
        -> [(message: Message, outcome: String)]
}

/// Proposals and knowledge revisions (C4), always inside one workspace.
public protocol ProposalStore: Sendable {
    func createProposal(_ proposal: Proposal) async throws
    func proposal(_ id: Identifier<Proposal>, in workspaceID: Identifier<Workspace>) async throws -> Proposal
    /// Newest first; `state` filters.
    func proposals(in workspaceID: Identifier<Workspace>, state: Proposal.State?, limit: Int) async throws -> [Proposal]
    /// Saves a moved proposal (state, history, applied revision, target, eval) if it is still in `from`
    /// (else `conflict`: someone moved it meanwhile).
    func saveProposal(_ proposal: Proposal, from: Proposal.State) async throws
    /// Adds the asset's next revision and returns it.
    func addKnowledgeRevision(
        assetID: String, asset: KnowledgeAssetInput, deleted: Bool, note: String?, author: String?, restoredFrom: Int?,
        in workspaceID: Identifier<Workspace>
    ) async throws -> KnowledgeRevision
    /// Newest first.
    func knowledgeRevisions(assetID: String, in workspaceID: Identifier<Workspace>) async throws -> [KnowledgeRevision]
}
