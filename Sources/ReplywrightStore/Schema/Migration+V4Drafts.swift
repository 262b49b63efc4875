extension Migration {
    /// Drafts: one per trigger message (unique), any number of regenerations.
    static let v4Drafts = Migration(version: 4, name: "drafts") { t in
        [
            """
            CREATE TABLE drafts (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                lead_id TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
                trigger_message_id TEXT REFERENCES messages(id) ON DELETE SET NULL,
                status TEXT NOT NULL,
                disposition TEXT,
                source TEXT NOT NULL,
                intent TEXT NOT NULL,
                archetype_id TEXT NOT NULL,
                body TEXT NOT NULL,
                scores TEXT NOT NULL,
                combined_score \(t.double) NOT NULL,
                correction TEXT NOT NULL,
                candidate_stats TEXT NOT NULL,
                created_at \(t.timestamp) NOT NULL,
                updated_at \(t.timestamp) NOT NULL
            )
            """,
            // At most one draft per trigger message (NULLs, i.e. regenerations, do not collide).
            "CREATE UNIQUE INDEX drafts_trigger ON drafts (workspace_id, trigger_message_id)",
            "CREATE INDEX drafts_lead ON drafts (workspace_id, lead_id, created_at)",
            "CREATE INDEX drafts_recent ON drafts (workspace_id, created_at)",
            "CREATE INDEX drafts_inbox ON drafts (workspace_id, status, created_at)",
            // What the uniqueness index and the voice profile read: sent messages by time.
            "CREATE INDEX messages_outbound ON messages (workspace_id, direction, created_at)",
        ]
    }
}
