import Foundation

/// A reply the conversation policy scheduled for later instead of answering now: a lead who is
/// away gets a fresh reply the working day after they are back, a lead who said "not now" on the
/// date they named. Cancelled when the lead writes again or books.
public struct FollowUp: Sendable, Hashable, Codable, Identifiable {
    public enum Reason: String, Sendable, Hashable, Codable, CaseIterable {
        case outOfOffice = "out_of_office"
        case notNow = "not_now"
    }

    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        case scheduled
        /// The fresh reply was drafted.
        case done
        /// The lead wrote again or booked first.
        case cancelled
    }

    public var id: Identifier<FollowUp>
    public var workspaceID: Identifier<Workspace>
    public var leadID: Identifier<Lead>
    /// The message that asked for later.
    public var messageID: Identifier<Message>
    public var reason: Reason
    public var dueAt: Date
    public var state: State
    public var jobID: Identifier<JobRecord>?
    public var createdAt: Date

    public init(
        id: Identifier<FollowUp>, workspaceID: Identifier<Workspace>, leadID: Identifier<Lead>, messageID: Identifier<Message>,
        reason: Reason, dueAt: Date, state: State, jobID: Identifier<JobRecord>?, createdAt: Date
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.leadID = leadID
        self.messageID = messageID
        self.reason = reason
        self.dueAt = dueAt
        self.state = state
        self.jobID = jobID
        self.createdAt = createdAt
    }

    /// When to follow up: an away lead the working day after their return date (7 days on when
    /// they gave none), at 9 am in `zone`; a "not now" lead on the date they named (90 days on
    /// when they gave none).
    public static func dueDate(reason: Reason, given: Date?, sentAt: Date, zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let base: Date
        switch reason {
        case .outOfOffice:
            guard let given else { return nineAM(calendar.date(byAdding: .day, value: 7, to: sentAt) ?? sentAt, calendar) }
            var next = calendar.date(byAdding: .day, value: 1, to: given) ?? given
            while calendar.isDateInWeekend(next) { next = calendar.date(byAdding: .day, value: 1, to: next) ?? next }
            base = next
        case .notNow:
            base = given ?? calendar.date(byAdding: .day, value: 90, to: sentAt) ?? sentAt
        }
        return nineAM(max(base, sentAt), calendar)
    }

    private static func nineAM(_ date: Date, _ calendar: Calendar) -> Date {
        calendar.date(bySettingHour: 9, minute: 0, second: 0, of: date) ?? date
    }
}
