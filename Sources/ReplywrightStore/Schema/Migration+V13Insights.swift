extension Migration {
    /// Insights and the learning loop (C4): what the report reads from messages (how an AI message
    /// went out, the intent of a lead's message, the body's length, what an outbound message answered)
    /// and the index it reads them by, leads whose history is known to be incomplete,
    /// history imports, stored reports, eval runs and their items, proposals, knowledge revisions.
    static let v13Insights = Migration(version: 13, name: "insights and the learning loop") { t in
        [
            "ALTER TABLE messages ADD COLUMN disposition TEXT",
            "ALTER TABLE messages ADD COLUMN intent TEXT",
            // The body's length in characters, so the report never reads bodies.
            "ALTER TABLE messages ADD COLUMN body_chars INTEGER NOT NULL DEFAULT 0",
            "UPDATE messages SET body_chars = LENGTH(body)",
            // For an outbound message: the lead's last message strictly before it (when, and its
            // intent), kept as messages arrive, so the report needs no window over conversations.
            "ALTER TABLE messages ADD COLUMN answers_at \(t.timestamp)",
            "ALTER TABLE messages ADD COLUMN answers_intent TEXT",
            """
            UPDATE messages SET answers_at = (
                SELECT MAX(i.occurred_at) FROM messages i
                WHERE i.workspace_id = messages.workspace_id AND i.lead_id = messages.lead_id AND i.direction = 'inbound'
                    AND i.occurred_at < messages.occurred_at)
            WHERE direction = 'outbound'
            """,
            """
            UPDATE messages SET answers_intent = (
                SELECT MAX(i.intent) FROM messages i
                WHERE i.workspace_id = messages.workspace_id AND i.lead_id = messages.lead_id AND i.direction = 'inbound'
                    AND i.occurred_at = messages.answers_at)
            WHERE direction = 'outbound' AND answers_at IS NOT NULL
            """,
            // The report's scan of a workspace's outbound messages, without touching the table.
            """
            CREATE INDEX messages_report ON messages
                (workspace_id, direction, occurred_at, lead_id, id, sender, channel, disposition, body_chars, draft_id, answers_at,
                 answers_intent)
            """,
            "ALTER TABLE leads ADD COLUMN history_complete \(t.bool) NOT NULL DEFAULT TRUE",
            """
            CREATE TABLE insights_settings (
                workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
                weekly \(t.bool) NOT NULL,
                settings TEXT NOT NULL,
                updated_at \(t.timestamp) NOT NULL
            )
            """,
            """
            CREATE TABLE imports (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                state TEXT NOT NULL,
                lines INTEGER NOT NULL,
                leads INTEGER NOT NULL,
                messages INTEGER NOT NULL,
                bookings INTEGER NOT NULL,
                duplicates INTEGER NOT NULL,
                errors INTEGER NOT NULL,
                error_lines TEXT NOT NULL,
                bytes BIGINT NOT NULL,
                created_at \(t.timestamp) NOT NULL,
                updated_at \(t.timestamp) NOT NULL,
                finished_at \(t.timestamp)
            )
            """,
            "CREATE INDEX imports_workspace ON imports (workspace_id, created_at)",
            """
            CREATE TABLE insight_reports (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                parameters_hash TEXT NOT NULL,
                body TEXT NOT NULL,
                synthesis TEXT,
                created_by TEXT,
                created_at \(t.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX insight_reports_workspace ON insight_reports (workspace_id, created_at)",
            """
            CREATE TABLE eval_runs (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                target_kind TEXT NOT NULL,
                target TEXT NOT NULL,
                candidate TEXT NOT NULL,
                state TEXT NOT NULL,
                judge TEXT NOT NULL,
                summary TEXT NOT NULL,
                created_by TEXT,
                created_at \(t.timestamp) NOT NULL,
                finished_at \(t.timestamp)
            )
            """,
            "CREATE INDEX eval_runs_workspace ON eval_runs (workspace_id, created_at)",
            """
            CREATE TABLE eval_items (
                id TEXT PRIMARY KEY,
                run_id TEXT NOT NULL REFERENCES eval_runs(id) ON DELETE CASCADE,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                message_id TEXT NOT NULL,
                outcome TEXT NOT NULL,
                current_text TEXT NOT NULL,
                candidate_text TEXT NOT NULL,
                current_score \(t.double),
                candidate_score \(t.double),
                verdict TEXT,
                detail TEXT NOT NULL,
                position INTEGER NOT NULL
            )
            """,
            "CREATE INDEX eval_items_run ON eval_items (run_id, position)",
            """
            CREATE TABLE proposals (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                target TEXT NOT NULL,
                change TEXT NOT NULL,
                rationale TEXT NOT NULL,
                eval_run_id TEXT REFERENCES eval_runs(id) ON DELETE SET NULL,
                state TEXT NOT NULL,
                history TEXT NOT NULL,
                applied_revision INTEGER,
                created_at \(t.timestamp) NOT NULL,
                updated_at \(t.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX proposals_workspace ON proposals (workspace_id, state, created_at)",
            """
            CREATE TABLE knowledge_revisions (
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                asset_id TEXT NOT NULL,
                revision INTEGER NOT NULL,
                asset TEXT NOT NULL,
                deleted \(t.bool) NOT NULL,
                note TEXT,
                author TEXT,
                restored_from INTEGER,
                created_at \(t.timestamp) NOT NULL,
                PRIMARY KEY (workspace_id, asset_id, revision)
            )
            """,
        ]
    }
}
