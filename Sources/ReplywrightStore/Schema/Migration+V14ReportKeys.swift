extension Migration {
    /// The report's cells kept on the message rows (C4): an outbound message's report key (sender,
    /// disposition, channel, archetype, length band, reply-speed band, intent answered) and send
    /// week never depend on a report's parameters, so they are stored once and the report counts
    /// them straight from an index, in index order. Writers only clear a key (`NULL`) when what it
    /// is made of changes, and the report fills missing keys before it reads (`SQLStore+Reports`);
    /// the backfill here keeps the first report after an upgrade as fast as the next (on the
    /// benchmark's million messages the whole migration took about a minute on SQLite and two on
    /// PostgreSQL, most of it this backfill and the two indexes). The lead index
    /// also covers what a booking's credit reads, keys included.
    static let v14ReportKeys = Migration(version: 14, name: "report keys on messages") { t in
        [
            "ALTER TABLE messages ADD COLUMN report_key TEXT",
            "ALTER TABLE messages ADD COLUMN report_week INTEGER",
            "UPDATE messages SET \(SQLStore.reportKeyAssignments(t.engine)) WHERE direction = 'outbound'",
            "CREATE INDEX messages_cells ON messages (workspace_id, direction, report_key, report_week, occurred_at, sender)",
            // Nearly always empty: what the report's probe for missing keys reads.
            "CREATE INDEX messages_unkeyed ON messages (workspace_id) WHERE direction = 'outbound' AND report_key IS NULL",
            "DROP INDEX messages_lead",
            "CREATE INDEX messages_lead ON messages (workspace_id, lead_id, occurred_at, direction, sender, channel, id, report_key, report_week)",
        ]
    }
}
