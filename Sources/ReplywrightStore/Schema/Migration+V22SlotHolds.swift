extension Migration {
    /// Slots offered to a lead, held for them (until `held_until`) so no other lead is offered the
    /// same time meanwhile (`booking.slotShare`).
    static let v22SlotHolds = Migration(version: 22, name: "slot holds") { t in
        [
            """
            CREATE TABLE slot_holds (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                lead_id TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
                draft_id TEXT,
                starts_at \(t.timestamp) NOT NULL,
                held_until \(t.timestamp) NOT NULL,
                created_at \(t.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX slot_holds_active ON slot_holds (workspace_id, held_until)",
            "CREATE INDEX slot_holds_lead ON slot_holds (workspace_id, lead_id)",
        ]
    }
}
