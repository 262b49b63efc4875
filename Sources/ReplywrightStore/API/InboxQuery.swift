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

    public init(
        statuses: Set<Draft.Status> = [.pending], search: String = "", intent: ReplyIntent? = nil, source: DecisionSource? = nil,
        channel: Channel? = nil, needsAnswerOnly: Bool = false, order: Order = .waited, limit: Int = 50, offset: Int = 0
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
    public var total: Int

    public init(entries: [InboxEntry], total: Int) {
        self.entries = entries
        self.total = total
    }
}
