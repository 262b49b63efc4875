import Foundation
import ReplywrightCore
import SQLKit

extension SQLStore: EvalStore {
    static let evalRunColumns = "id, workspace_id, target_kind, target, candidate, state, judge, summary, created_by, created_at, finished_at"

    public func createEvalRun(_ run: EvalRun) async throws {
        let summary = try JSONCoding.encode(run.summary)
        try await transaction { (tx: SQLStore) in
            _ = try await tx.workspace(run.workspaceID)
            try await tx.requireConnection.raw(
                """
                INSERT INTO eval_runs (\(unsafeRaw: Self.evalRunColumns))
                VALUES (\(bind: run.id.rawValue), \(bind: run.workspaceID.rawValue), \(bind: run.targetKind.rawValue), \(bind: run.target),
                        \(bind: run.candidate), \(bind: run.state.rawValue), \(bind: run.judge.rawValue), \(bind: summary),
                        \(bind: run.createdBy), \(bind: run.createdAt), \(bind: run.finishedAt))
                """
            ).run()
        }
    }

    public func saveEvalItem(_ item: EvalItem, runID: Identifier<EvalRun>, in workspaceID: Identifier<Workspace>) async throws {
        let detail = try JSONCoding.encode(item)
        try await read { db in
            try await db.raw(
                """
                INSERT INTO eval_items (id, run_id, workspace_id, message_id, outcome, current_text, candidate_text, current_score,
                                        candidate_score, verdict, detail, position)
                VALUES (\(bind: item.id), \(bind: runID.rawValue), \(bind: workspaceID.rawValue), \(bind: item.messageID), \(bind: item.outcome),
                        \(bind: item.currentText), \(bind: item.candidateText), \(bind: item.currentScore?.score),
                        \(bind: item.candidateScore?.score), \(bind: item.verdict?.rawValue), \(bind: detail), \(bind: item.position))
                """
            ).run()
        }
    }

    public func saveEvalRun(_ run: EvalRun) async throws {
        let summary = try JSONCoding.encode(run.summary)
        let row = try await read { db in
            try await db.raw(
                """
                UPDATE eval_runs SET state = \(bind: run.state.rawValue), judge = \(bind: run.judge.rawValue), summary = \(bind: summary),
                    finished_at = \(bind: run.finishedAt)
                WHERE id = \(bind: run.id.rawValue) AND workspace_id = \(bind: run.workspaceID.rawValue) RETURNING id
                """
            ).first()
        }
        guard row != nil else { throw AppError.notFound("eval run") }
    }

    public func evalRun(_ id: Identifier<EvalRun>, in workspaceID: Identifier<Workspace>) async throws -> EvalRun {
        let row = try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.evalRunColumns) FROM eval_runs
                WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspaceID.rawValue)
                """
            ).first()
        }
        guard let row else { throw AppError.notFound("eval run") }
        return try Self.evalRun(from: row)
    }

    public func evalRuns(in workspaceID: Identifier<Workspace>, limit: Int) async throws -> [EvalRun] {
        try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.evalRunColumns) FROM eval_runs WHERE workspace_id = \(bind: workspaceID.rawValue)
                ORDER BY created_at DESC, id DESC LIMIT \(bind: max(0, limit))
                """
            ).all()
        }.map(Self.evalRun(from:))
    }

    public func evalItems(runID: Identifier<EvalRun>, in workspaceID: Identifier<Workspace>) async throws -> [EvalItem] {
        try await read { db in
            try await db.raw(
                """
                SELECT detail FROM eval_items WHERE run_id = \(bind: runID.rawValue) AND workspace_id = \(bind: workspaceID.rawValue)
                ORDER BY position
                """
            ).all()
        }.map { try JSONCoding.decode(EvalItem.self, from: try $0.string("detail")) }
    }

    public func evalMessages(in workspaceID: Identifier<Workspace>, decidedBefore: Date, limit: Int) async throws
        -> [(message: Message, outcome: String)]
    {
        let columns = Self.messageColumns.split(separator: ",").map { "m." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .joined(separator: ", ")
        return try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: columns),
                       CASE WHEN l.appointment_status IN ('booked', 'rescheduled') THEN 'booked' ELSE 'not_booked' END AS outcome
                FROM messages m JOIN leads l ON l.id = m.lead_id
                WHERE m.workspace_id = \(bind: workspaceID.rawValue) AND m.direction = 'inbound'
                    AND (l.appointment_status IN ('booked', 'rescheduled') OR m.occurred_at <= \(bind: decidedBefore))
                ORDER BY m.occurred_at DESC, m.id DESC LIMIT \(bind: max(0, limit))
                """
            ).all()
        }.map { (try Self.message(from: $0), try $0.string("outcome")) }
    }

    static func evalRun(from row: any SQLRow) throws -> EvalRun {
        EvalRun(
            id: Identifier(try row.string("id")), workspaceID: Identifier(try row.string("workspace_id")),
            targetKind: EvalRun.TargetKind(rawValue: try row.string("target_kind")) ?? .prompt, target: try row.string("target"),
            candidate: try row.string("candidate"), state: EvalRun.State(rawValue: try row.string("state")) ?? .failed,
            judge: DecisionSource(rawValue: try row.string("judge")) ?? .rules,
            summary: try JSONCoding.decode(EvalSummary.self, from: try row.string("summary")), createdBy: try row.optionalString("created_by"),
            createdAt: try row.date("created_at"), finishedAt: try row.optionalDate("finished_at"))
    }
}

extension SQLStore: ProposalStore {
    static let proposalColumns = """
        id, workspace_id, kind, target, change, rationale, eval_run_id, state, history, applied_revision, created_at, updated_at
        """

    public func createProposal(_ proposal: Proposal) async throws {
        try await transaction { (tx: SQLStore) in
            _ = try await tx.workspace(proposal.workspaceID)
            try await tx.requireConnection.raw(
                """
                INSERT INTO proposals (\(unsafeRaw: Self.proposalColumns))
                VALUES (\(bind: proposal.id.rawValue), \(bind: proposal.workspaceID.rawValue), \(bind: proposal.kind.rawValue),
                        \(bind: proposal.target), \(bind: try JSONCoding.encode(proposal.change)), \(bind: proposal.rationale),
                        \(bind: proposal.evalRunID?.rawValue), \(bind: proposal.state.rawValue), \(bind: try JSONCoding.encode(proposal.history)),
                        \(bind: proposal.appliedRevision), \(bind: proposal.createdAt), \(bind: proposal.updatedAt))
                """
            ).run()
        }
    }

    public func proposal(_ id: Identifier<Proposal>, in workspaceID: Identifier<Workspace>) async throws -> Proposal {
        let row = try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.proposalColumns) FROM proposals
                WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspaceID.rawValue)
                """
            ).first()
        }
        guard let row else { throw AppError.notFound("proposal") }
        return try Self.proposal(from: row)
    }

    public func proposals(in workspaceID: Identifier<Workspace>, state: Proposal.State?, limit: Int) async throws -> [Proposal] {
        let filter: SQLQueryString = state.map { "AND state = \(bind: $0.rawValue)" } ?? ""
        return try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.proposalColumns) FROM proposals WHERE workspace_id = \(bind: workspaceID.rawValue) \(filter)
                ORDER BY created_at DESC, id DESC LIMIT \(bind: max(0, limit))
                """
            ).all()
        }.map(Self.proposal(from:))
    }

    public func saveProposal(_ proposal: Proposal, from: Proposal.State) async throws {
        let row = try await read { db in
            try await db.raw(
                """
                UPDATE proposals SET state = \(bind: proposal.state.rawValue), target = \(bind: proposal.target), history = \(bind: try JSONCoding.encode(proposal.history)),
                    applied_revision = \(bind: proposal.appliedRevision), eval_run_id = \(bind: proposal.evalRunID?.rawValue),
                    updated_at = \(bind: proposal.updatedAt)
                WHERE id = \(bind: proposal.id.rawValue) AND workspace_id = \(bind: proposal.workspaceID.rawValue)
                    AND state = \(bind: from.rawValue)
                RETURNING id
                """
            ).first()
        }
        guard row != nil else { throw AppError(.conflict, "the proposal changed meanwhile; reload and try again") }
    }

    public func addKnowledgeRevision(
        assetID: String, asset: KnowledgeAssetInput, deleted: Bool, note: String?, author: String?, restoredFrom: Int?,
        in workspaceID: Identifier<Workspace>
    ) async throws -> KnowledgeRevision {
        let now = clock()
        return try await transaction { (tx: SQLStore) in
            let db = tx.requireConnection
            let latest =
                try await db.raw(
                    """
                    SELECT MAX(revision) AS latest FROM knowledge_revisions
                    WHERE workspace_id = \(bind: workspaceID.rawValue) AND asset_id = \(bind: assetID)
                    """
                ).first().flatMap { try $0.decode(column: "latest", as: Int?.self) } ?? 0
            let revision = KnowledgeRevision(
                assetID: assetID, revision: latest + 1, asset: asset, deleted: deleted, note: note, author: author, restoredFrom: restoredFrom,
                createdAt: now)
            try await db.raw(
                """
                INSERT INTO knowledge_revisions (workspace_id, asset_id, revision, asset, deleted, note, author, restored_from, created_at)
                VALUES (\(bind: workspaceID.rawValue), \(bind: assetID), \(bind: revision.revision), \(bind: try JSONCoding.encode(asset)),
                        \(bind: deleted), \(bind: note), \(bind: author), \(bind: restoredFrom), \(bind: now))
                """
            ).run()
            return revision
        }
    }

    public func knowledgeRevisions(assetID: String, in workspaceID: Identifier<Workspace>) async throws -> [KnowledgeRevision] {
        try await read { db in
            try await db.raw(
                """
                SELECT asset_id, revision, asset, deleted, note, author, restored_from, created_at FROM knowledge_revisions
                WHERE workspace_id = \(bind: workspaceID.rawValue) AND asset_id = \(bind: assetID) ORDER BY revision DESC
                """
            ).all()
        }.map { row in
            KnowledgeRevision(
                assetID: try row.string("asset_id"), revision: try row.int("revision"),
                asset: try JSONCoding.decode(KnowledgeAssetInput.self, from: try row.string("asset")), deleted: try row.bool("deleted"),
                note: try row.optionalString("note"), author: try row.optionalString("author"),
                restoredFrom: try row.decode(column: "restored_from", as: Int?.self), createdAt: try row.date("created_at"))
        }
    }

    static func proposal(from row: any SQLRow) throws -> Proposal {
        var proposal = Proposal(
            id: Identifier(try row.string("id")), workspaceID: Identifier(try row.string("workspace_id")),
            kind: Proposal.Kind(rawValue: try row.string("kind")) ?? .prompt, target: try row.string("target"),
            change: try JSONCoding.decode(JSONValue.self, from: try row.string("change")), rationale: try row.string("rationale"),
            evalRunID: try row.optionalString("eval_run_id").map { Identifier($0) }, createdBy: "", at: try row.date("created_at"))
        proposal.state = Proposal.State(rawValue: try row.string("state")) ?? .pending
        proposal.history = try JSONCoding.decode([Proposal.Step].self, from: try row.string("history"))
        proposal.appliedRevision = try row.decode(column: "applied_revision", as: Int?.self)
        proposal.updatedAt = try row.date("updated_at")
        return proposal
    }
}
