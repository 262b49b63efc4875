extension Migration {
    /// The overseer loop (C3): structured memory details, sending policy, per-draft decisions,
    /// booking events (matched or not), the delivery ledger and webhook signing secrets.
    static let v8Overseer = Migration(version: 8, name: "overseer, bookings and delivery") { t in
        [
            "ALTER TABLE lead_memory ADD COLUMN detail TEXT",
            "CREATE INDEX lead_memory_expiry ON lead_memory (expires_at)",
            """
            CREATE TABLE workspace_policies (
                workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
                policy TEXT NOT NULL,
                updated_at \(t.timestamp) NOT NULL
            )
            """,
            """
            CREATE TABLE overseer_decisions (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                lead_id TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
                message_id TEXT,
                draft_id TEXT,
                stage TEXT NOT NULL,
                verdict TEXT NOT NULL,
                source TEXT NOT NULL,
                reasons TEXT NOT NULL,
                stats TEXT NOT NULL,
                created_at \(t.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX overseer_decisions_lead ON overseer_decisions (workspace_id, lead_id, created_at)",
            """
            CREATE TABLE booking_events (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                lead_id TEXT REFERENCES leads(id) ON DELETE SET NULL,
                provider TEXT NOT NULL,
                kind TEXT NOT NULL,
                email TEXT NOT NULL,
                external_id TEXT NOT NULL,
                starts_at \(t.timestamp),
                occurred_at \(t.timestamp) NOT NULL,
                created_at \(t.timestamp) NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX booking_events_delivery ON booking_events (workspace_id, provider, external_id, kind)",
            "CREATE INDEX booking_events_unmatched ON booking_events (workspace_id, email) WHERE lead_id IS NULL",
            """
            CREATE TABLE deliveries (
                draft_id TEXT PRIMARY KEY REFERENCES drafts(id) ON DELETE CASCADE,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                transport TEXT NOT NULL,
                state TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                last_error TEXT,
                provider_reference TEXT,
                updated_at \(t.timestamp) NOT NULL,
                created_at \(t.timestamp) NOT NULL
            )
            """,
            """
            CREATE TABLE webhook_secrets (
                workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
                secret TEXT NOT NULL,
                created_at \(t.timestamp) NOT NULL
            )
            """,
        ]
    }
}
