import Foundation
import ReplywrightCore
import ReplywrightStore

/// Proposals to change one prompt override or one knowledge asset, and what applying and
/// rolling back does: a prompt proposal adds a prompt revision; a knowledge proposal changes the
/// asset and adds a knowledge revision (the asset as it was is kept as revision 1 first), so any
/// earlier version can be restored as a new revision.
public struct ProposalService: Sendable {
    let store: any DataStore
    let prompts: PromptRegistry
    let now: @Sendable () -> Date

    public init(store: any DataStore, now: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.prompts = PromptRegistry(store: store)
        self.now = now
    }

    /// A proposal from a candidate change (an admin's own, or an eval's).
    public func create(
        _ trial: DraftTrial, rationale: String, evalRunID: Identifier<EvalRun>? = nil, by author: String, in workspaceID: Identifier<Workspace>
    ) async throws -> Proposal {
        let rationale = rationale.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...2_000).contains(rationale.count) else { throw AppError.invalid("rationale: 1 to 2000 characters, why this change") }
        let (checked, kind, target) = try await EvalRunner.validate(trial, prompts: prompts, store: store, in: workspaceID)
        let change = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(checked))
        let proposal = Proposal(
            id: Identifier(UUID().uuidString.lowercased()), workspaceID: workspaceID, kind: kind == .prompt ? .prompt : .knowledge,
            target: target, change: change, rationale: rationale, evalRunID: evalRunID, createdBy: author, at: now())
        try await store.createProposal(proposal)
        return proposal
    }

    /// A proposal from an eval whose candidate won (its win rate's interval lies above ½).
    public func fromEval(_ runID: Identifier<EvalRun>, by author: String, in workspaceID: Identifier<Workspace>) async throws -> Proposal {
        let run = try await store.evalRun(runID, in: workspaceID)
        guard run.state == .completed, run.summary.candidateBetter else {
            throw AppError(.conflict, "only an eval whose candidate won (win rate interval above 0.5) becomes a proposal")
        }
        let trial = try JSONDecoder().decode(DraftTrial.self, from: Data(run.candidate.utf8))
        let rate = run.summary.winRate
        return try await create(
            trial,
            rationale: "Eval \(run.id.rawValue): the candidate won \(rate.wins), lost \(rate.losses), tied \(rate.ties); "
                + "adjusted win rate \(rate.rate ?? 0) (95 % interval \(rate.interval?[0] ?? 0) to \(rate.interval?[1] ?? 0)).",
            evalRunID: run.id, by: author, in: workspaceID)
    }

    /// Approves, rejects or applies (the state machine and roles are `Proposal.moved`).
    public func move(
        _ id: Identifier<Proposal>, to next: Proposal.State, by actor: Proposal.Actor, note: String? = nil, in workspaceID: Identifier<Workspace>
    ) async throws -> Proposal {
        let current = try await store.proposal(id, in: workspaceID)
        var moved = try current.moved(to: next, by: actor, at: now(), note: note)
        try await store.transaction { tx in
            if next == .applied {
                // A proposal that adds an asset names it from now on (its revisions are under that id).
                (moved.appliedRevision, moved.target) = try await apply(current, by: actor.name, store: tx)
            }
            try await tx.saveProposal(moved, from: current.state)
        }
        return moved
    }

    /// The revision applying creates, and what the proposal changed (the new asset's id for an added one).
    private func apply(_ proposal: Proposal, by author: String, store tx: any DataStore) async throws -> (revision: Int, target: String) {
        let trial = try proposal.trial()
        let note = "proposal \(proposal.id.rawValue)"
        let registry = PromptRegistry(store: tx)
        if let prompt = trial.prompt {
            let revision = try await registry.saveOverride(
                key: prompt.key, system: prompt.system, user: prompt.user, in: proposal.workspaceID, note: note, by: author
            ).revision
            return (revision, prompt.key)
        }
        guard let change = trial.knowledge else { throw AppError(.internalError, "the proposal changes nothing") }
        let asset: KnowledgeAsset
        if let assetID = change.assetID {
            let before = try await tx.knowledgeAsset(Identifier(assetID), in: proposal.workspaceID)
            try await keepOriginal(assetID: assetID, as: Self.input(before), deleted: false, store: tx, in: proposal.workspaceID)
            asset = try await tx.updateKnowledgeAsset(Identifier(assetID), with: change.input, in: proposal.workspaceID)
        } else {
            asset = try await tx.createKnowledgeAsset(change.input, in: proposal.workspaceID)
            try await keepOriginal(assetID: asset.id.rawValue, as: change.input, deleted: true, store: tx, in: proposal.workspaceID)
        }
        let revision = try await tx.addKnowledgeRevision(
            assetID: asset.id.rawValue, asset: change.input, deleted: false, note: note, author: author, restoredFrom: nil,
            in: proposal.workspaceID
        ).revision
        return (revision, asset.id.rawValue)
    }

    /// Revision 1 of an asset is how it was before the first proposal changed it.
    private func keepOriginal(
        assetID: String, as input: KnowledgeAssetInput, deleted: Bool, store tx: any DataStore, in workspaceID: Identifier<Workspace>
    ) async throws {
        guard try await tx.knowledgeRevisions(assetID: assetID, in: workspaceID).isEmpty else { return }
        _ = try await tx.addKnowledgeRevision(
            assetID: assetID, asset: input, deleted: deleted, note: deleted ? "did not exist" : "before the first proposal", author: nil,
            restoredFrom: nil, in: workspaceID)
    }

    /// Restores an earlier revision of an asset as a new revision (revision 1 of an asset a
    /// proposal added deletes it again).
    public func rollbackKnowledge(assetID: String, to number: Int, by author: String, in workspaceID: Identifier<Workspace>) async throws
        -> KnowledgeRevision
    {
        try await store.transaction { tx in
            guard let earlier = try await tx.knowledgeRevisions(assetID: assetID, in: workspaceID).first(where: { $0.revision == number }) else {
                throw AppError.notFound("revision \(number) of knowledge asset \(assetID)")
            }
            let exists = (try? await tx.knowledgeAsset(Identifier(assetID), in: workspaceID)) != nil
            if earlier.deleted {
                if exists { try await tx.deleteKnowledgeAsset(Identifier(assetID), in: workspaceID) }
            } else if exists {
                _ = try await tx.updateKnowledgeAsset(Identifier(assetID), with: earlier.asset, in: workspaceID)
            } else {
                throw AppError(.conflict, "the asset was deleted since; add it again from the knowledge page")
            }
            return try await tx.addKnowledgeRevision(
                assetID: assetID, asset: earlier.asset, deleted: earlier.deleted, note: "restored revision \(number)", author: author,
                restoredFrom: number, in: workspaceID)
        }
    }

    static func input(_ asset: KnowledgeAsset) -> KnowledgeAssetInput {
        KnowledgeAssetInput(kind: asset.kind, title: asset.title, content: asset.content, priority: asset.priority)
    }
}
