extension Migration {
    /// Each draft keeps the numbers of the lead context bundle it was written with (assets and
    /// memory included, truncated, dropped; redactions; tokens), never its text: the lead page
    /// shows the last one.
    static let v10BundleStats = Migration(version: 10, name: "draft bundle stats") { _ in
        ["ALTER TABLE drafts ADD COLUMN bundle_stats TEXT NOT NULL DEFAULT '{}'"]
    }
}
