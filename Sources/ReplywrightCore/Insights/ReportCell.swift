import Foundation

/// The count of cohort messages sharing every dimension the report breaks down by and both
/// outcomes: what the store's SQL aggregates to, and what `MessagePerformanceReport` is built
/// from.
public struct ReportCell: Sendable, Hashable, Codable {
    public var sender: SenderSegment
    public var channel: Channel
    /// The winning variant's archetype; `none` for messages not written from a draft.
    public var archetype: String
    public var length: LengthBand
    public var replySpeed: ReplySpeed
    /// The rules-tier intent of the lead message it answered; `none` when unprompted.
    public var intent: String
    /// Weeks since Monday 1970-01-05 (UTC) of the send time.
    public var week: Int
    public var crossChannel: MessageOutcome
    public var withinChannel: MessageOutcome
    public var count: Int

    public init(
        sender: SenderSegment, channel: Channel, archetype: String, length: LengthBand, replySpeed: ReplySpeed, intent: String, week: Int,
        crossChannel: MessageOutcome, withinChannel: MessageOutcome, count: Int
    ) {
        self.sender = sender
        self.channel = channel
        self.archetype = archetype
        self.length = length
        self.replySpeed = replySpeed
        self.intent = intent
        self.week = week
        self.crossChannel = crossChannel
        self.withinChannel = withinChannel
        self.count = count
    }

    /// The cell without its count: what cells are merged on.
    var key: ReportCell {
        var copy = self
        copy.count = 0
        return copy
    }

    /// Seconds since 1970 of Monday 1970-01-05 00:00 UTC: week 0 starts there.
    public static let weekEpoch: TimeInterval = 345_600

    public static func week(of date: Date) -> Int {
        Int(((date.timeIntervalSince1970 - weekEpoch) / 604_800).rounded(.down))
    }

    public static func weekStart(_ week: Int) -> Date {
        Date(timeIntervalSince1970: weekEpoch + TimeInterval(week) * 604_800)
    }
}

/// One cohort message with what the report breaks it down by: the reference input that
/// `ReportCell.cells` aggregates (the store does the same in SQL).
public struct ReportMessage: Sendable, Hashable {
    public var outbound: Attribution.Outbound
    public var sender: SenderSegment
    public var archetype: String?
    public var characters: Int
    /// Seconds since the lead's last message before it; `nil` when there was none.
    public var waited: TimeInterval?
    public var intent: String?

    public init(
        outbound: Attribution.Outbound, sender: SenderSegment, archetype: String?, characters: Int, waited: TimeInterval?, intent: String?
    ) {
        self.outbound = outbound
        self.sender = sender
        self.archetype = archetype
        self.characters = characters
        self.waited = waited
        self.intent = intent
    }
}

extension ReportCell {
    /// Labels `messages` and counts the cohort (`[from, to)`, before `asOf`) into cells, sorted.
    public static func cells(messages: [ReportMessage], leads: [Attribution.LeadState], parameters: AttributionParameters)
        -> (cells: [ReportCell], unattributedBookings: [UnattributedReason: Int])
    {
        let labels = Attribution.label(messages: messages.map(\.outbound), leads: leads, parameters: parameters)
        var counts: [ReportCell: Int] = [:]
        for message in messages {
            let sentAt = message.outbound.sentAt
            guard sentAt >= parameters.from, sentAt < parameters.to, sentAt < parameters.asOf,
                let cross = labels.crossChannel[message.outbound.id], let within = labels.withinChannel[message.outbound.id]
            else { continue }
            let cell = ReportCell(
                sender: message.sender, channel: message.outbound.channel, archetype: message.archetype ?? "none",
                length: LengthBand(characters: message.characters), replySpeed: ReplySpeed(waited: message.waited),
                intent: message.waited == nil ? "none" : (message.intent ?? "unknown"), week: week(of: sentAt),
                crossChannel: cross, withinChannel: within, count: 0)
            counts[cell, default: 0] += 1
        }
        return (
            merged(
                counts.map { cell, count in
                    var cell = cell
                    cell.count = count
                    return cell
                }), labels.unattributedBookings
        )
    }

    /// Sums cells with the same dimensions and sorts them: the canonical form two sources of
    /// cells are compared in.
    public static func merged(_ cells: [ReportCell]) -> [ReportCell] {
        var counts: [ReportCell: Int] = [:]
        for cell in cells { counts[cell.key, default: 0] += cell.count }
        // The sort key is built once per cell, not per comparison (tens of thousands of cells).
        return counts.map { key, count in
            var cell = key
            cell.count = count
            return (cell.sortKey, cell)
        }.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// `String(format: "%09d")` without Foundation's formatter (slow on Linux, and this runs per cell).
    private static func zeroPadded(_ number: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 9 - digits.count)) + digits
    }

    private var sortKey: String {
        [
            sender.rawValue, channel.rawValue, archetype, length.rawValue, replySpeed.rawValue, intent, Self.zeroPadded(week + 100_000_000),
            crossChannel.rawValue, withinChannel.rawValue,
        ].joined(separator: "|")
    }
}
