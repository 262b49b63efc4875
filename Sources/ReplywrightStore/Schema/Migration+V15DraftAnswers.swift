extension Migration {
    /// Each draft names the lead's message it answers, also when it was regenerated (which has
    /// no trigger, so a trigger's one-draft rule never collides): the inbox shows that message's
    /// snippet and sorts by how long the lead has waited since it. Earlier drafts answer their
    /// trigger; earlier regenerations stay unnamed (the inbox then counts from the draft).
    /// And each draft keeps its candidates' texts, so a setter can read and pick another one.
    static let v15DraftAnswers = Migration(version: 15, name: "draft answers message and candidates") { _ in
        [
            "ALTER TABLE drafts ADD COLUMN answers_message_id TEXT",
            "ALTER TABLE drafts ADD COLUMN candidates TEXT NOT NULL DEFAULT '[]'",
            "UPDATE drafts SET answers_message_id = trigger_message_id WHERE trigger_message_id IS NOT NULL",
        ]
    }
}
