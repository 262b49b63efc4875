extension Migration {
    /// Telemetry names the prompt revision sent and the draft and job a call worked for;
    /// a prompt revision may restore an earlier one (0 = the built-in template); drafts keep
    /// the rules classifier's intent next to the model's; dashboard users sign their drafts.
    static let v12PromptsAndContext = Migration(version: 12, name: "prompt revisions in telemetry, rules intent, user signatures") { _ in
        [
            "ALTER TABLE ai_interactions ADD COLUMN prompt_revision INTEGER",
            "ALTER TABLE ai_interactions ADD COLUMN draft_id TEXT",
            "ALTER TABLE ai_interactions ADD COLUMN job_id TEXT",
            "ALTER TABLE prompt_revisions ADD COLUMN restored_from INTEGER",
            "ALTER TABLE drafts ADD COLUMN rules_intent TEXT",
            "ALTER TABLE users ADD COLUMN display_name TEXT",
            "ALTER TABLE users ADD COLUMN signature TEXT",
        ]
    }
}
