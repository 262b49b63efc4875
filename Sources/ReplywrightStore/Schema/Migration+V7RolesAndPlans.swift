extension Migration {
    /// API keys carry a role (existing keys stay admin keys); draft plans remember the
    /// archetypes chosen for a trigger message so a retried draft job keeps them.
    static let v7RolesAndPlans = Migration(version: 7, name: "api key roles and draft plans") { t in
        [
            "ALTER TABLE api_keys ADD COLUMN role TEXT NOT NULL DEFAULT 'admin'",
            """
            CREATE TABLE draft_plans (
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                trigger_message_id TEXT NOT NULL,
                archetype_ids TEXT NOT NULL,
                created_at \(t.timestamp) NOT NULL,
                PRIMARY KEY (workspace_id, trigger_message_id)
            )
            """,
        ]
    }
}
