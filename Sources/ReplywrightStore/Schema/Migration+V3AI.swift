extension Migration {
    /// AI telemetry (one row per AI decision) and workspace prompt revisions.
    static let v3AI = Migration(version: 3, name: "ai interactions and prompt revisions") { t in
        [
            """
            CREATE TABLE ai_interactions (
                id TEXT PRIMARY KEY,
                workspace_id TEXT REFERENCES workspaces(id) ON DELETE CASCADE,
                feature_id TEXT NOT NULL,
                prompt_key TEXT,
                prompt_version INTEGER,
                provider TEXT,
                model TEXT,
                reasoning_effort TEXT,
                input_tokens INTEGER NOT NULL,
                cached_input_tokens INTEGER NOT NULL,
                output_tokens INTEGER NOT NULL,
                reasoning_tokens INTEGER NOT NULL,
                latency_ms INTEGER NOT NULL,
                cost_usd \(t.double) NOT NULL,
                status TEXT NOT NULL,
                error_code TEXT,
                source TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                metadata TEXT NOT NULL,
                created_at \(t.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX ai_interactions_workspace_time ON ai_interactions (workspace_id, created_at, id)",
            """
            CREATE TABLE prompt_revisions (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                key TEXT NOT NULL,
                revision INTEGER NOT NULL,
                template_version INTEGER NOT NULL,
                system_text TEXT NOT NULL,
                user_text TEXT NOT NULL,
                note TEXT,
                created_by TEXT,
                created_at \(t.timestamp) NOT NULL,
                UNIQUE (workspace_id, key, revision)
            )
            """,
        ]
    }
}
