import Foundation

extension MessagePerformanceReport {
    /// The report over `cells` (the cohort, aggregated). Pure and deterministic: rows are in a
    /// fixed order and rates rounded to 6 decimals.
    public static func build(
        cells: [ReportCell], unattributedBookings: [UnattributedReason: Int], parameters: AttributionParameters, parametersHash: String,
        sample: Sample = .empty
    ) -> MessagePerformanceReport {
        // `rows` sums whatever it groups, so cells that repeat a combination need no merging first.
        let senderChannel = { (cell: ReportCell) in RowKey(sender: cell.sender, channel: cell.channel) }
        let bySender = rows(cells, key: { RowKey(sender: $0.sender) })
        let setter = bySender.first { $0.sender == .setter }
        let comparisons = bySender.filter { $0.sender?.isAI == true }.map { row in
            compare(row, with: setter)
        }
        // One label per week, not per cell (formatting a date costs more than counting a cell).
        let weekFormat = Date.ISO8601FormatStyle().year().month().day()
        var weekLabels: [Int: String] = [:]
        for week in Set(cells.map(\.week)) { weekLabels[week] = ReportCell.weekStart(week).formatted(weekFormat) }
        let cohortMessages = cells.reduce(0) { $0 + $1.count }
        let unattributedMessages = cells.filter { $0.crossChannel == .unattributed }.reduce(0) { $0 + $1.count }
        return MessagePerformanceReport(
            parameters: parameters, parametersHash: parametersHash, cohort: cohortDescription(parameters),
            totals: rows(cells, key: { _ in RowKey() }).first ?? Row.empty,
            segments: rows(cells, key: senderChannel),
            withinChannel: rows(cells, key: senderChannel, outcome: \.withinChannel),
            bySender: bySender, comparisons: comparisons,
            byChannel: rows(cells, key: { RowKey(channel: $0.channel) }),
            byArchetype: rows(cells, key: { RowKey(key: $0.archetype) }),
            byLength: rows(cells, key: { RowKey(key: $0.length.rawValue, order: LengthBand.allCases.firstIndex(of: $0.length)) }),
            byIntent: rows(cells, key: { RowKey(key: $0.intent) }),
            byReplySpeed: rows(cells, key: { RowKey(key: $0.replySpeed.rawValue, order: ReplySpeed.allCases.firstIndex(of: $0.replySpeed)) }),
            weekly: rows(cells, key: { RowKey(key: weekLabels[$0.week], order: $0.week) }),
            unattributed: Unattributed(
                bookings: unattributedBookings.values.reduce(0, +),
                reasons: Dictionary(uniqueKeysWithValues: unattributedBookings.map { ($0.key.rawValue, $0.value) }),
                messages: unattributedMessages),
            sample: sample
        ).with(totalMessages: cohortMessages)
    }

    private func with(totalMessages: Int) -> MessagePerformanceReport {
        var copy = self
        copy.totals.messages = totalMessages
        return copy
    }

    static func cohortDescription(_ parameters: AttributionParameters) -> String {
        let format = Date.ISO8601FormatStyle()
        return "Outbound messages from a setter or the AI sent in [\(parameters.from.formatted(format)), \(parameters.to.formatted(format))), "
            + "known as of \(parameters.asOf.formatted(format)); a booking credits the lead's last outbound message strictly before it "
            + "and at most \(parameters.attributionDays) days before it; other messages count as not booked "
            + "\(parameters.attributionDays + parameters.maturityDays) days after they were sent, pending before."
    }

    /// What rows are grouped by; `order` sorts before the text (bands and weeks in their order).
    private struct RowKey: Hashable {
        var sender: SenderSegment?
        var channel: Channel?
        var key: String?
        var order: Int?
    }

    private static func rows(_ cells: [ReportCell], key: (ReportCell) -> RowKey, outcome: KeyPath<ReportCell, MessageOutcome> = \.crossChannel)
        -> [Row]
    {
        var grouped: [RowKey: Row] = [:]
        for cell in cells {
            let rowKey = key(cell)
            // In place: one hash per cell (this runs over tens of thousands of cells, ten times).
            grouped[rowKey, default: Row(sender: rowKey.sender, channel: rowKey.channel, key: rowKey.key)]
                .add(cell.count, as: cell[keyPath: outcome])
        }
        return grouped.sorted { lhs, rhs in
            let (l, r) = (lhs.key, rhs.key)
            if l.sender != r.sender {
                return (l.sender.map { SenderSegment.allCases.firstIndex(of: $0)! } ?? -1)
                    < (r.sender.map { SenderSegment.allCases.firstIndex(of: $0)! } ?? -1)
            }
            if l.channel != r.channel { return (l.channel?.rawValue ?? "") < (r.channel?.rawValue ?? "") }
            if l.order != r.order { return (l.order ?? 0) < (r.order ?? 0) }
            return (l.key ?? "") < (r.key ?? "")
        }.map { $0.value.withRate() }
    }

    private static func compare(_ row: Row, with setter: Row?) -> Comparison {
        guard let sender = row.sender, let setter,
            let interval = ProportionInterval.newcombe(
                successes1: row.booked, trials1: row.decided, successes2: setter.booked, trials2: setter.decided)
        else { return Comparison(sender: row.sender ?? .aiApproved, versus: .setter, difference: nil, interval: nil, significant: false) }
        let difference = Double(row.booked) / Double(row.decided) - Double(setter.booked) / Double(setter.decided)
        return Comparison(
            sender: sender, versus: .setter, difference: rounded(difference),
            interval: [rounded(interval.lowerBound), rounded(interval.upperBound)],
            significant: interval.lowerBound > 0 || interval.upperBound < 0)
    }

    static func rounded(_ value: Double) -> Double { (value * 1_000_000).rounded() / 1_000_000 }
}

extension MessagePerformanceReport.Row {
    fileprivate mutating func add(_ count: Int, as outcome: MessageOutcome) {
        messages += count
        switch outcome {
        case .booked: booked += count
        case .notBooked: notBooked += count
        case .pending: pending += count
        case .unattributed: unattributed += count
        }
    }
}

extension MessagePerformanceReport.Row {
    init(sender: SenderSegment?, channel: Channel?, key: String?) {
        self.init(
            sender: sender, channel: channel, key: key, messages: 0, booked: 0, notBooked: 0, pending: 0, unattributed: 0,
            bookedRate: nil, interval: nil)
    }

    static let empty = Self(sender: nil, channel: nil, key: nil)

    func withRate() -> Self {
        var copy = self
        if let interval = ProportionInterval.wilson(successes: booked, trials: decided) {
            copy.bookedRate = MessagePerformanceReport.rounded(Double(booked) / Double(decided))
            copy.interval = [MessagePerformanceReport.rounded(interval.lowerBound), MessagePerformanceReport.rounded(interval.upperBound)]
        }
        return copy
    }
}
