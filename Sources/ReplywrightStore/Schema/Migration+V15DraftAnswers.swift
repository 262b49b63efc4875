extension Migration {
    /// Each draft names the lead's message it answers, also when it was regenerated (which has
    /// no trigger, so a trigger's one-draft rule never collides), and since when the lead has
    /// waited (that message's time, else the draft's): the inbox shows the message's snippet and
    /// reads "longest waiting first" straight from `drafts_waiting` in index order. Earlier
    /// drafts answer their trigger; earlier regenerations stay unnamed and wait from the draft.
    /// And each draft keeps its candidates' texts, so a setter can read and pick another one.
    static let v15DraftAnswers = Migration(version: 15, name: "draft answers message, waiting time and candidates") { t in
        [
            "ALTER TABLE drafts ADD COLUMN answers_message_id TEXT",
            "ALTER TABLE drafts ADD COLUMN waiting_since \(t.timestamp)",
            "ALTER TABLE drafts ADD COLUMN candidates TEXT NOT NULL DEFAULT '[]'",
            "UPDATE drafts SET answers_message_id = trigger_message_id WHERE trigger_message_id IS NOT NULL",
            """
            UPDATE drafts SET waiting_since = COALESCE(
                (SELECT m.occurred_at FROM messages m WHERE m.id = drafts.answers_message_id), drafts.created_at)
            """,
            "CREATE INDEX drafts_waiting ON drafts (workspace_id, status, waiting_since, id)",
        ]
    }
}
