extension Migration {
    /// What reading real mail keeps: an inbound message's new words apart from its quoted
    /// history (`visible_body`; NULL: the body is all new words), who or what wrote it
    /// (`mail_kind`: person, auto_reply, bounce, delayed, complaint, automated) and why, and when
    /// a lead's address bounced for good.
    static let v21MailReading = Migration(version: 21, name: "mail reading") { types in
        [
            "ALTER TABLE messages ADD COLUMN visible_body TEXT",
            "ALTER TABLE messages ADD COLUMN mail_kind TEXT NOT NULL DEFAULT 'person'",
            "ALTER TABLE messages ADD COLUMN mail_kind_evidence TEXT",
            "ALTER TABLE leads ADD COLUMN undeliverable_at \(types.timestamp)",
        ]
    }
}
