extension Migration {
    /// Tenancy, leads, messages, the job queue and scheduler leases.
    static let v1Foundation = Migration(version: 1, name: "foundation") { t in
        [
            """
            CREATE TABLE workspaces (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                created_at \(t.timestamp) NOT NULL
            )
            """,
            """
            CREATE TABLE users (
                id TEXT PRIMARY KEY,
                email TEXT NOT NULL UNIQUE,
                password_hash TEXT NOT NULL,
                created_at \(t.timestamp) NOT NULL
            )
            """,
            """
            CREATE TABLE memberships (
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                role TEXT NOT NULL,
                created_at \(t.timestamp) NOT NULL,
                PRIMARY KEY (workspace_id, user_id)
            )
            """,
            "CREATE INDEX memberships_user ON memberships (user_id)",
            """
            CREATE TABLE api_keys (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                prefix TEXT NOT NULL,
                key_hash TEXT NOT NULL UNIQUE,
                created_at \(t.timestamp) NOT NULL,
                revoked_at \(t.timestamp)
            )
            """,
            "CREATE INDEX api_keys_workspace ON api_keys (workspace_id)",
            """
            CREATE TABLE leads (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                email TEXT NOT NULL,
                first_name TEXT,
                last_name TEXT,
                company TEXT,
                custom_variables TEXT NOT NULL,
                status TEXT NOT NULL,
                opted_out \(t.bool) NOT NULL,
                appointment_status TEXT NOT NULL,
                booked_at \(t.timestamp),
                created_at \(t.timestamp) NOT NULL,
                updated_at \(t.timestamp) NOT NULL,
                UNIQUE (workspace_id, email)
            )
            """,
            "CREATE INDEX leads_workspace_updated ON leads (workspace_id, updated_at)",
            """
            CREATE TABLE messages (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                lead_id TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
                channel TEXT NOT NULL,
                direction TEXT NOT NULL,
                sender TEXT NOT NULL,
                subject TEXT,
                body TEXT NOT NULL,
                external_id TEXT,
                draft_id TEXT,
                occurred_at \(t.timestamp) NOT NULL,
                created_at \(t.timestamp) NOT NULL,
                UNIQUE (workspace_id, external_id)
            )
            """,
            "CREATE INDEX messages_lead ON messages (workspace_id, lead_id, occurred_at)",
            """
            CREATE TABLE jobs (
                id TEXT PRIMARY KEY,
                queue TEXT NOT NULL,
                kind TEXT NOT NULL,
                workspace_id TEXT,
                payload TEXT NOT NULL,
                idempotency_key TEXT UNIQUE,
                state TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                max_attempts INTEGER NOT NULL,
                available_at \(t.timestamp) NOT NULL,
                lease_token TEXT,
                leased_by TEXT,
                lease_expires_at \(t.timestamp),
                last_error TEXT,
                created_at \(t.timestamp) NOT NULL,
                updated_at \(t.timestamp) NOT NULL,
                completed_at \(t.timestamp)
            )
            """,
            "CREATE INDEX jobs_claim ON jobs (queue, state, available_at, id)",
            "CREATE INDEX jobs_lease ON jobs (state, lease_expires_at)",
            """
            CREATE TABLE scheduler_leases (
                name TEXT PRIMARY KEY,
                holder TEXT NOT NULL,
                expires_at \(t.timestamp) NOT NULL
            )
            """,
        ]
    }
}
