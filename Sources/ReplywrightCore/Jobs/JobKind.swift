/// The kinds of background job the product runs; handlers register under these names.
public struct JobKind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// Draft a reply to an inbound message (C2). Payload: workspace and message ids.
    public static let draftReply = JobKind("draft.reply")
    /// A diagnostic job that does nothing but (optionally) wait: used by `doctor` and tests
    /// to prove that workers pick up and finish work.
    public static let probe = JobKind("system.probe")
    /// Deletes finished jobs past their retention (scheduled).
    public static let purgeFinishedJobs = JobKind("maintenance.purge_jobs")
    /// Deletes dashboard sessions past their end (scheduled).
    public static let purgeExpiredSessions = JobKind("maintenance.purge_sessions")
    /// Deletes lead memory entries past their 90 days (scheduled).
    public static let purgeExpiredMemory = JobKind("maintenance.purge_memory")
    /// Drafts a fresh reply for a follow-up the conversation policy scheduled. Payload: the follow-up's id.
    public static let followUpDraft = JobKind("followup.draft")
    /// Hands a sent draft to the configured transport through the send ledger (C3).
    public static let deliverDraft = JobKind("delivery.send")
    /// Writes the weekly message-performance reports that are due (C4, scheduled hourly; a
    /// workspace's report for a slot is written once).
    public static let insightsWeekly = JobKind("insights.weekly")
}
