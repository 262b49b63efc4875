extension Migration {
    /// Per-workspace drafting settings (JSON; defaults when absent).
    static let v6Settings = Migration(version: 6, name: "workspace settings") { t in
        [
            """
            CREATE TABLE workspace_settings (
                workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
                drafting TEXT NOT NULL,
                updated_at \(t.timestamp) NOT NULL
            )
            """
        ]
    }
}
