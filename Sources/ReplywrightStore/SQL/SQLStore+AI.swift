import Foundation
import ReplywrightCore
import SQLKit

extension SQLStore: AIInteractionStore {
    static let interactionColumns = """
        id, workspace_id, feature_id, prompt_key, prompt_version, prompt_revision, draft_id, job_id, provider, model, reasoning_effort, input_tokens,
        cached_input_tokens, output_tokens, reasoning_tokens, latency_ms, cost_usd, status, error_code, source, attempts,
        metadata, created_at
        """

    public func record(_ interaction: AIInteraction) async throws {
        let metadata = String(decoding: try JSONEncoder.sorted.encode(interaction.metadata), as: UTF8.self)
        try await read { db in
            try await db.raw(
                """
                INSERT INTO ai_interactions (\(unsafeRaw: Self.interactionColumns))
                VALUES (\(bind: interaction.id.rawValue), \(bind: interaction.workspaceID?.rawValue), \(bind: interaction.featureID),
                        \(bind: interaction.promptKey), \(bind: interaction.promptVersion), \(bind: interaction.promptRevision),
                        \(bind: interaction.draftID), \(bind: interaction.jobID), \(bind: interaction.provider),
                        \(bind: interaction.model), \(bind: interaction.reasoningEffort), \(bind: interaction.inputTokens),
                        \(bind: interaction.cachedInputTokens), \(bind: interaction.outputTokens), \(bind: interaction.reasoningTokens),
                        \(bind: interaction.latencyMs), \(bind: interaction.costUSD), \(bind: interaction.status.rawValue),
                        \(bind: interaction.errorCode), \(bind: interaction.source.rawValue), \(bind: interaction.attempts),
                        \(bind: metadata), \(bind: interaction.createdAt))
                """
            ).run()
        }
    }

    public func aiInteractions(in workspaceID: Identifier<Workspace>, matching query: AIInteractionQuery) async throws -> [AIInteraction] {
        var conditions: [any SQLExpression] = [SQLQueryString("workspace_id = \(bind: workspaceID.rawValue)")]
        if let feature = query.featureID { conditions.append(SQLQueryString("feature_id = \(bind: feature)")) }
        if let source = query.source { conditions.append(SQLQueryString("source = \(bind: source.rawValue)")) }
        if let status = query.status { conditions.append(SQLQueryString("status = \(bind: status.rawValue)")) }
        if let since = query.since { conditions.append(SQLQueryString("created_at >= \(bind: since)")) }
        if let until = query.until { conditions.append(SQLQueryString("created_at < \(bind: until)")) }
        if let before = query.before {
            conditions.append(
                SQLQueryString(
                    "(created_at < \(bind: before.createdAt) OR (created_at = \(bind: before.createdAt) AND id < \(bind: before.id)))"))
        }
        let filter = SQLList(conditions, separator: SQLRaw(" AND "))
        let rows = try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.interactionColumns) FROM ai_interactions WHERE \(filter)
                ORDER BY created_at DESC, id DESC LIMIT \(bind: min(max(query.limit, 1), 500))
                """
            ).all()
        }
        return try rows.map(Self.interaction(from:))
    }

    public func aiUsage(in workspaceID: Identifier<Workspace>, since: Date, until: Date, limit: Int) async throws -> [AIUsageRow] {
        try await read { db in
            try await db.raw(
                """
                SELECT feature_id, model, source, input_tokens + output_tokens + reasoning_tokens AS tokens, cost_usd, latency_ms, created_at
                FROM ai_interactions
                WHERE workspace_id = \(bind: workspaceID.rawValue) AND created_at >= \(bind: since) AND created_at <= \(bind: until)
                ORDER BY created_at DESC LIMIT \(bind: max(0, limit))
                """
            ).all()
        }.map { row in
            AIUsageRow(
                featureID: try row.string("feature_id"), model: try row.optionalString("model"),
                source: DecisionSource(rawValue: try row.string("source")) ?? .rules, tokens: try row.int("tokens"),
                costUSD: try row.decode(column: "cost_usd", as: Double.self), latencyMs: try row.int("latency_ms"),
                createdAt: try row.date("created_at"))
        }
    }

    static func interaction(from row: any SQLRow) throws -> AIInteraction {
        let metadata = try JSONDecoder().decode([String: Double].self, from: Data(try row.string("metadata").utf8))
        return AIInteraction(
            id: Identifier(try row.string("id")), workspaceID: try row.optionalString("workspace_id").map { Identifier($0) },
            featureID: try row.string("feature_id"), promptKey: try row.optionalString("prompt_key"),
            promptVersion: try row.decode(column: "prompt_version", as: Int?.self),
            promptRevision: try row.decode(column: "prompt_revision", as: Int?.self), draftID: try row.optionalString("draft_id"),
            jobID: try row.optionalString("job_id"), provider: try row.optionalString("provider"),
            model: try row.optionalString("model"), reasoningEffort: try row.optionalString("reasoning_effort"),
            inputTokens: try row.int("input_tokens"), cachedInputTokens: try row.int("cached_input_tokens"),
            outputTokens: try row.int("output_tokens"), reasoningTokens: try row.int("reasoning_tokens"),
            latencyMs: try row.int("latency_ms"), costUSD: try row.decode(column: "cost_usd", as: Double.self),
            status: AIInteractionStatus(rawValue: try row.string("status")) ?? .error, errorCode: try row.optionalString("error_code"),
            source: DecisionSource(rawValue: try row.string("source")) ?? .llm, attempts: try row.int("attempts"),
            metadata: metadata, createdAt: try row.date("created_at"))
    }
}

extension SQLStore: PromptStore {
    static let revisionColumns = """
        id, workspace_id, key, revision, template_version, system_text, user_text, note, created_by, restored_from, created_at
        """

    public func addPromptRevision(
        _ template: PromptTemplate, in workspaceID: Identifier<Workspace>, note: String?, createdBy: String?, restoredFrom: Int?
    ) async throws -> PromptRevision {
        let now = clock()
        return try await transaction { (tx: SQLStore) in
            _ = try await tx.workspace(workspaceID)
            let db = tx.requireConnection
            // SQLite's BEGIN IMMEDIATE serialises this; on PostgreSQL two admins saving the same
            // key at the same instant collide on the unique key and one save fails (no gap, no
            // duplicate number).
            let next =
                try await db.raw(
                    """
                    SELECT COALESCE(MAX(revision), 0) + 1 AS next FROM prompt_revisions
                    WHERE workspace_id = \(bind: workspaceID.rawValue) AND key = \(bind: template.key)
                    """
                ).first()?.int("next") ?? 1
            let revision = PromptRevision(
                id: Identifier(Self.newID()), workspaceID: workspaceID, key: template.key, revision: next, template: template,
                note: note, createdBy: createdBy, restoredFrom: restoredFrom, createdAt: now)
            try await db.raw(
                """
                INSERT INTO prompt_revisions (\(unsafeRaw: Self.revisionColumns))
                VALUES (\(bind: revision.id.rawValue), \(bind: workspaceID.rawValue), \(bind: template.key), \(bind: next),
                        \(bind: template.version), \(bind: template.system), \(bind: template.user), \(bind: note),
                        \(bind: createdBy), \(bind: restoredFrom), \(bind: now))
                """
            ).run()
            return revision
        }
    }

    public func promptRevisions(key: String, in workspaceID: Identifier<Workspace>) async throws -> [PromptRevision] {
        let rows = try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.revisionColumns)
                FROM prompt_revisions WHERE workspace_id = \(bind: workspaceID.rawValue) AND key = \(bind: key)
                ORDER BY revision DESC
                """
            ).all()
        }
        return try rows.map(Self.promptRevision(from:))
    }

    public func activePromptRevisions(in workspaceID: Identifier<Workspace>) async throws -> [String: PromptRevision] {
        let rows = try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.revisionColumns) FROM prompt_revisions p
                WHERE workspace_id = \(bind: workspaceID.rawValue)
                  AND revision = (SELECT MAX(revision) FROM prompt_revisions q WHERE q.workspace_id = p.workspace_id AND q.key = p.key)
                """
            ).all()
        }
        return Dictionary(try rows.map(Self.promptRevision(from:)).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    }

    static func promptRevision(from row: any SQLRow) throws -> PromptRevision {
        let key = try row.string("key")
        return PromptRevision(
            id: Identifier(try row.string("id")), workspaceID: Identifier(try row.string("workspace_id")), key: key,
            revision: try row.int("revision"),
            template: PromptTemplate(
                key: key, version: try row.int("template_version"), system: try row.string("system_text"),
                user: try row.string("user_text")),
            note: try row.optionalString("note"), createdBy: try row.optionalString("created_by"),
            restoredFrom: try row.decode(column: "restored_from", as: Int?.self), createdAt: try row.date("created_at"))
    }
}

extension JSONEncoder {
    /// Sorted keys: stored JSON is stable across runs.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }
}
