extension Migration {
    /// Which dashboard user sent an outbound message (setter messages sent from the dashboard;
    /// empty for the AI, API keys and inbound messages): attribution per person.
    static let v11MessageSenders = Migration(version: 11, name: "message sent by user") { _ in
        ["ALTER TABLE messages ADD COLUMN sent_by_user_id TEXT REFERENCES users(id) ON DELETE SET NULL"]
    }
}
