import Foundation
import ReplywrightCore
import SQLKit

extension SQLStore: DecisionStore {
    public func recordDecisions(_ decisions: [OverseerDecision]) async throws {
        guard !decisions.isEmpty else { return }
        try await transaction { (tx: SQLStore) in
            for decision in decisions {
                let reasons = String(decoding: try JSONEncoder.sorted.encode(decision.reasons), as: UTF8.self)
                let stats = String(decoding: try JSONEncoder.sorted.encode(decision.stats), as: UTF8.self)
                try await tx.requireConnection.raw(
                    """
                    INSERT INTO overseer_decisions (id, workspace_id, lead_id, message_id, draft_id, stage, verdict, source, reasons, stats, created_at)
                    VALUES (\(bind: decision.id.rawValue), \(bind: decision.workspaceID.rawValue), \(bind: decision.leadID.rawValue),
                            \(bind: decision.messageID?.rawValue), \(bind: decision.draftID?.rawValue), \(bind: decision.stage.rawValue),
                            \(bind: decision.verdict.rawValue), \(bind: decision.source.rawValue), \(bind: reasons), \(bind: stats),
                            \(bind: decision.createdAt))
                    """
                ).run()
            }
        }
    }

    public func decisions(leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>, limit: Int) async throws -> [OverseerDecision] {
        try await read { db in
            try await db.raw(
                """
                SELECT id, workspace_id, lead_id, message_id, draft_id, stage, verdict, source, reasons, stats, created_at
                FROM overseer_decisions WHERE workspace_id = \(bind: workspaceID.rawValue) AND lead_id = \(bind: leadID.rawValue)
                ORDER BY created_at DESC, id DESC LIMIT \(bind: max(0, limit))
                """
            ).all()
        }.map { row in
            OverseerDecision(
                id: Identifier(try row.string("id")), workspaceID: Identifier(try row.string("workspace_id")),
                leadID: Identifier(try row.string("lead_id")), messageID: try row.optionalString("message_id").map { Identifier($0) },
                draftID: try row.optionalString("draft_id").map { Identifier($0) },
                stage: OverseerDecision.Stage(rawValue: try row.string("stage")) ?? .gate,
                verdict: OverseerDecision.Verdict(rawValue: try row.string("verdict")) ?? .block,
                source: DecisionSource(rawValue: try row.string("source")) ?? .rules,
                reasons: try JSONDecoder().decode([String].self, from: Data(try row.string("reasons").utf8)),
                stats: try JSONDecoder().decode([String: Double].self, from: Data(try row.string("stats").utf8)),
                createdAt: try row.date("created_at"))
        }
    }
}
