import Foundation
import ReplywrightCore

/// What a setter's inbox shows: one status tab, an optional search over the lead (name, email,
/// company) and the message the draft answers, filters, and the order.
public struct InboxQuery: Sendable, Hashable {
    public enum Order: String, Sendable, CaseIterable {
        /// The lead who has waited longest since the message the draft answers comes first.
        case waited
        /// The newest draft first.
        case newest
    }

    public var statuses: Set<Draft.Status>
    /// Case-insensitive substring; empty: everything.
    public var search: String
    public var intent: ReplyIntent?
    public var source: DecisionSource?
    /// The channel of the message the draft answers.
    public var channel: Channel?
    public var needsAnswerOnly: Bool
    public var order: Order
    public var limit: Int
    public var offset: Int
    /// Counted exactly up to here; past it the page says "more than" (a tab of 100,000 drafts
    /// costs no more to show than one of 1,000).
    public var countLimit: Int

    public init(
        statuses: Set<Draft.Status> = [.pending], search: String = "", intent: ReplyIntent? = nil, source: DecisionSource? = nil,
        channel: Channel? = nil, needsAnswerOnly: Bool = false, order: Order = .waited, limit: Int = 50, offset: Int = 0,
        countLimit: Int = 1000
    ) {
        self.statuses = statuses
        self.search = search
        self.intent = intent
        self.source = source
        self.channel = channel
        self.needsAnswerOnly = needsAnswerOnly
        self.order = order
        self.limit = limit
        self.offset = offset
        self.countLimit = countLimit
    }
}

/// One inbox row: the draft's summary with the message it answers.
public struct InboxEntry: Sendable, Hashable {
    public var draft: DraftSummary
    public var needsAnswer: Bool
    public var company: String?
    /// The start of the lead's message the draft answers (`nil` when it is not known).
    public var snippet: String?
    public var channel: Channel?
    /// Since when the lead has waited: that message's time, else the draft's.
    public var waitingSince: Date

    public init(draft: DraftSummary, needsAnswer: Bool, company: String?, snippet: String?, channel: Channel?, waitingSince: Date) {
        self.draft = draft
        self.needsAnswer = needsAnswer
        self.company = company
        self.snippet = snippet
        self.channel = channel
        self.waitingSince = waitingSince
    }
}

/// A page of the inbox and how many drafts match in all.
public struct InboxPage: Sendable {
    public var entries: [InboxEntry]
    /// How many match, at most the query's `countLimit`.
    public var total: Int
    /// More than `total` match (the count stopped at the query's `countLimit`).
    public var totalIsMore: Bool
    /// A page follows this one.
    public var hasMore: Bool

    public init(entries: [InboxEntry], total: Int, totalIsMore: Bool = false, hasMore: Bool) {
        self.entries = entries
        self.total = total
        self.totalIsMore = totalIsMore
        self.hasMore = hasMore
    }
}
