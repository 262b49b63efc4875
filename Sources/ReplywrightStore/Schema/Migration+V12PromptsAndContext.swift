extension Migration {
    /// Telemetry names the prompt revision sent and the draft and job a call worked for;
    /// a prompt revision may restore an earlier one (0 = the built-in template); drafts keep
    /// the rules classifier's intent next to the model's, and whether a question went unanswered;
    /// dashboard users sign their drafts; follow-ups the conversation policy schedules.
    static let v12PromptsAndContext = Migration(version: 12, name: "prompt revisions in telemetry, rules intent, user signatures") { t in
        [
            "ALTER TABLE ai_interactions ADD COLUMN prompt_revision INTEGER",
            "ALTER TABLE ai_interactions ADD COLUMN draft_id TEXT",
            "ALTER TABLE ai_interactions ADD COLUMN job_id TEXT",
            "ALTER TABLE prompt_revisions ADD COLUMN restored_from INTEGER",
            "ALTER TABLE drafts ADD COLUMN rules_intent TEXT",
            // A question in the lead's message that no knowledge answers: the setter must.
            "ALTER TABLE drafts ADD COLUMN needs_answer \(t.bool) NOT NULL DEFAULT \(t.bool == "BOOLEAN" ? "FALSE" : "0")",
            "ALTER TABLE users ADD COLUMN display_name TEXT",
            "ALTER TABLE users ADD COLUMN signature TEXT",
            """
            CREATE TABLE follow_ups (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                lead_id TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
                message_id TEXT NOT NULL,
                reason TEXT NOT NULL,
                due_at \(t.timestamp) NOT NULL,
                state TEXT NOT NULL,
                job_id TEXT,
                created_at \(t.timestamp) NOT NULL,
                UNIQUE (workspace_id, message_id)
            )
            """,
            "CREATE INDEX follow_ups_lead ON follow_ups (workspace_id, lead_id, state)",
        ]
    }
}
