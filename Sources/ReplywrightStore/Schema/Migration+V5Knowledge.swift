extension Migration {
    /// Knowledge assets per workspace and lead memory entries (90-day facts about a lead).
    static let v5Knowledge = Migration(version: 5, name: "knowledge assets and lead memory") { t in
        [
            """
            CREATE TABLE knowledge_assets (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                title TEXT NOT NULL,
                content TEXT NOT NULL,
                priority INTEGER NOT NULL,
                created_at \(t.timestamp) NOT NULL,
                updated_at \(t.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX knowledge_assets_workspace ON knowledge_assets (workspace_id, priority)",
            """
            CREATE TABLE lead_memory (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                lead_id TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
                category TEXT NOT NULL,
                text TEXT NOT NULL,
                expires_at \(t.timestamp) NOT NULL,
                created_at \(t.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX lead_memory_lead ON lead_memory (workspace_id, lead_id, expires_at)",
        ]
    }
}
