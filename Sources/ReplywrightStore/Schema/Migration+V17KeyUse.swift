extension Migration {
    /// When each API key was last used (to the minute), so an admin can tell a key still in
    /// use from one that can go.
    static let v17KeyUse = Migration(version: 17, name: "API keys' last use") { t in
        ["ALTER TABLE api_keys ADD COLUMN last_used_at \(t.timestamp)"]
    }
}
