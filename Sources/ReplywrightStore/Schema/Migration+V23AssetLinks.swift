extension Migration {
    /// A knowledge asset's link (a one-pager, a deck, a case study online): drafts send it to a
    /// lead who asks for that material.
    static let v23AssetLinks = Migration(version: 23, name: "knowledge asset links") { _ in
        ["ALTER TABLE knowledge_assets ADD COLUMN url TEXT"]
    }
}
