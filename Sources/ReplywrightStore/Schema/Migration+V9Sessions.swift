extension Migration {
    /// Dashboard sessions: the hash of the cookie's token, the user, the workspace they are
    /// looking at, the CSRF token for their forms, and when it ends.
    static let v9Sessions = Migration(version: 9, name: "dashboard sessions") { t in
        [
            """
            CREATE TABLE sessions (
                token_hash TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                csrf_token TEXT NOT NULL,
                created_at \(t.timestamp) NOT NULL,
                expires_at \(t.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX sessions_expiry ON sessions (expires_at)",
        ]
    }
}
