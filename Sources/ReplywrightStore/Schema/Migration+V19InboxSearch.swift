extension Migration {
    /// The inbox's search and filters read the draft alone: each draft keeps the channel of the
    /// message it answers and `search_text` (the lead's email, name and company and the start of
    /// that message, `SQLStore.draftSearchText`), with an index of three-character pieces so a
    /// search does not read every draft: SQLite's FTS5 trigram table, PostgreSQL's `pg_trgm` GIN
    /// index. Where `pg_trgm` cannot be installed (no privilege, no contrib package) the search
    /// still works, reading every draft of the tab. `drafts_filters` counts a filtered tab from
    /// the index alone.
    static let v19InboxSearch = Migration(version: 19, name: "inbox search text and channel on drafts") { t in
        var statements = [
            "ALTER TABLE drafts ADD COLUMN channel TEXT",
            "ALTER TABLE drafts ADD COLUMN search_text TEXT NOT NULL DEFAULT ''",
            """
            UPDATE drafts SET channel = (SELECT m.channel FROM messages m WHERE m.id = drafts.answers_message_id),
                search_text = \(SQLStore.draftSearchText(t.engine, leadID: "drafts.lead_id", messageID: "drafts.answers_message_id", visibleBody: false))
            """,
            "CREATE INDEX drafts_filters ON drafts (workspace_id, status, intent, channel, source, needs_answer)",
        ]
        switch t.engine {
        case .sqlite:
            // An external-content table: the text lives once, in `drafts`; the triggers keep the index equal to it.
            statements += [
                "CREATE VIRTUAL TABLE drafts_search USING fts5(search_text, content='drafts', content_rowid='rowid', tokenize='trigram')",
                "INSERT INTO drafts_search (drafts_search) VALUES ('rebuild')",
                """
                CREATE TRIGGER drafts_search_insert AFTER INSERT ON drafts BEGIN
                    INSERT INTO drafts_search (rowid, search_text) VALUES (new.rowid, new.search_text);
                END
                """,
                """
                CREATE TRIGGER drafts_search_delete AFTER DELETE ON drafts BEGIN
                    INSERT INTO drafts_search (drafts_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
                END
                """,
                """
                CREATE TRIGGER drafts_search_update AFTER UPDATE OF search_text ON drafts BEGIN
                    INSERT INTO drafts_search (drafts_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
                    INSERT INTO drafts_search (rowid, search_text) VALUES (new.rowid, new.search_text);
                END
                """,
            ]
        case .postgres:
            // A failed CREATE EXTENSION inside the block rolls back to the block, not the migration.
            statements += [
                """
                DO $$ BEGIN
                    CREATE EXTENSION IF NOT EXISTS pg_trgm;
                EXCEPTION WHEN OTHERS THEN
                    RAISE NOTICE 'pg_trgm is not available (%): the inbox search reads every draft of a tab', SQLERRM;
                END $$
                """,
                """
                DO $$ DECLARE trgm_schema TEXT; BEGIN
                    SELECT n.nspname INTO trgm_schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
                    WHERE e.extname = 'pg_trgm';
                    IF trgm_schema IS NOT NULL THEN
                        EXECUTE format('CREATE INDEX drafts_search ON drafts USING gin (search_text %I.gin_trgm_ops)', trgm_schema);
                    END IF;
                END $$
                """,
            ]
        }
        return statements
    }
}
