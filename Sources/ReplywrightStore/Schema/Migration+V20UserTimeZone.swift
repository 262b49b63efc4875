extension Migration {
    /// A user's own time zone for the dashboard's times (NULL: the workspace's).
    static let v20UserTimeZone = Migration(version: 20, name: "users' own time zone") { _ in
        ["ALTER TABLE users ADD COLUMN time_zone TEXT"]
    }
}
