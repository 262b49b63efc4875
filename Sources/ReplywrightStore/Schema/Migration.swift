/// One versioned schema change: plain SQL statements run in one transaction.
struct Migration: Sendable {
    let version: Int
    let name: String
    let statements: @Sendable (ColumnTypes) -> [String]
}

extension Migration {
    /// Every migration, in order. Append only: never edit one that has shipped.
    static let all: [Migration] = [
        .v1Foundation, .v2JobIndexes, .v3AI, .v4Drafts, .v5Knowledge, .v6Settings, .v7RolesAndPlans, .v8Overseer, .v9Sessions, .v10BundleStats,
        .v11MessageSenders, .v12PromptsAndContext, .v13Insights, .v14ReportKeys, .v15DraftAnswers, .v16Forms, .v17KeyUse, .v18JobTraces,
        .v19InboxSearch, .v20UserTimeZone, .v21MailReading, .v22SlotHolds, .v23AssetLinks,
    ]
}
