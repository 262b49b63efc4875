import Foundation

/// How the team takes meetings: a scheduling link to offer, or working hours to offer concrete
/// slots from (`booking.link`, `booking.hours`, `booking.slotMinutes`), and how many leads may be
/// offered one slot at a time (`booking.slotShare`: an offered slot is held for its lead).
public struct BookingSettings: Sendable, Hashable, Codable {
    /// A scheduling page (Calendly, Cal.com…): offered instead of slots when set.
    public var link: String?
    /// "Mon-Fri 09:00-17:00" or "Mon,Wed,Fri 10:00-16:00", in the workspace's time zone.
    public var hours: String
    public var slotMinutes: Int
    /// How many leads may hold one slot at once (1: a slot offered to a lead is offered to no one
    /// else until they answer, book or 48 hours pass).
    public var slotShare: Int

    public init(link: String? = nil, hours: String = "Mon-Fri 09:00-17:00", slotMinutes: Int = 30, slotShare: Int = 1) {
        self.link = link
        self.hours = hours
        self.slotMinutes = slotMinutes
        self.slotShare = slotShare
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = BookingSettings()
        link = try container.decodeIfPresent(String.self, forKey: .link)
        hours = try container.decodeIfPresent(String.self, forKey: .hours) ?? defaults.hours
        slotMinutes = try container.decodeIfPresent(Int.self, forKey: .slotMinutes) ?? defaults.slotMinutes
        slotShare = try container.decodeIfPresent(Int.self, forKey: .slotShare) ?? defaults.slotShare
    }

    /// How long an offered slot stays held for its lead.
    public static let holdDuration: TimeInterval = 48 * 3600

    /// Working days (1 = Sunday … 7 = Saturday, as `Calendar` counts) and minutes after midnight.
    public struct Hours: Sendable, Hashable {
        public var weekdays: Set<Int>
        public var start: Int
        public var end: Int
    }

    public func validated() throws(AppError) -> BookingSettings {
        var result = self
        result.link = link?.trimmingCharacters(in: .whitespaces)
        if result.link?.isEmpty == true { result.link = nil }
        if let link = result.link {
            guard let url = URL(string: link), ["http", "https"].contains(url.scheme ?? ""), url.host != nil, link.count <= 500 else {
                throw .invalid("booking.link: an http(s) URL such as https://calendly.com/you/30min")
            }
        }
        guard Self.parse(hours) != nil else {
            throw .invalid("booking.hours: days and hours such as Mon-Fri 09:00-17:00")
        }
        guard (10...240).contains(slotMinutes) else { throw .invalid("booking.slotMinutes: 10 to 240 minutes") }
        guard (1...50).contains(slotShare) else { throw .invalid("booking.slotShare: 1 to 50 leads per slot") }
        return result
    }

    public var parsedHours: Hours { Self.parse(hours) ?? Self.parse(BookingSettings().hours)! }

    static let dayNames = ["sun": 1, "mon": 2, "tue": 3, "wed": 4, "thu": 5, "fri": 6, "sat": 7]

    /// "Mon-Fri 09:00-17:00" → working days and minutes; `nil` when it does not read.
    static func parse(_ text: String) -> Hours? {
        let parts = text.lowercased().split(separator: " ").map(String.init)
        guard parts.count == 2 else { return nil }
        var days: Set<Int> = []
        for piece in parts[0].split(separator: ",") {
            let ends = piece.split(separator: "-").map { dayNames[String($0.prefix(3))] }
            switch ends.count {
            case 1:
                guard let day = ends[0] else { return nil }
                days.insert(day)
            case 2:
                guard var day = ends[0], let last = ends[1] else { return nil }
                days.insert(day)
                while day != last {
                    day = day % 7 + 1
                    days.insert(day)
                }
            default: return nil
            }
        }
        let times = parts[1].split(separator: "-").map { time -> Int? in
            let hm = time.split(separator: ":").compactMap { Int($0) }
            guard hm.count == 2, (0...23).contains(hm[0]), (0...59).contains(hm[1]) else { return nil }
            return hm[0] * 60 + hm[1]
        }
        guard times.count == 2, let start = times[0], let end = times[1], start < end, !days.isEmpty else { return nil }
        return Hours(weekdays: days, start: start, end: end)
    }

    /// Up to `count` slots to offer, each on its own working day from tomorrow (from today when
    /// the lead named windows), one near the start of the day and the next near its end in turn,
    /// none in a ruled-out interval, before `notBefore`, or held by `slotShare` other leads
    /// (`held`: how many other leads hold each slot start). With `within`, only inside the lead's
    /// windows ("next week", "Thursday afternoon"); when none is free there, any day.
    public func slots(
        after now: Date, zone: TimeZone, ruledOut: [ProposedTime], notBefore: Date?, within windows: [ProposedTime] = [],
        held: [Date: Int] = [:], count: Int = 3
    ) -> [Date] {
        if !windows.isEmpty {
            let inside = slots(after: now, zone: zone, ruledOut: ruledOut, notBefore: notBefore, held: held, count: count) { slot in
                windows.contains { $0.start <= slot.start && slot.end <= $0.end }
            }
            if !inside.isEmpty { return inside }
        }
        return slots(after: now, zone: zone, ruledOut: ruledOut, notBefore: notBefore, held: held, count: count, fromToday: false) { _ in true }
    }

    private func slots(
        after now: Date, zone: TimeZone, ruledOut: [ProposedTime], notBefore: Date?, held: [Date: Int], count: Int, fromToday: Bool = true,
        accept: (ProposedTime) -> Bool
    ) -> [Date] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let hours = parsedHours
        let length = TimeInterval(slotMinutes * 60)
        let first = calendar.startOfDay(for: max(now, notBefore ?? now))
        var found: [Date] = []
        for offset in (fromToday ? 0 : 1)...42 where found.count < count {
            guard let day = calendar.date(byAdding: .day, value: offset, to: first),
                hours.weekdays.contains(calendar.component(.weekday, from: day))
            else { continue }
            let free = stride(from: hours.start, through: hours.end - slotMinutes, by: slotMinutes).compactMap { minutes -> Date? in
                guard let start = calendar.date(byAdding: .minute, value: minutes, to: day) else { return nil }
                let slot = ProposedTime(start: start, end: start.addingTimeInterval(length), kind: .slot, timeZone: zone.identifier, phrase: "")
                guard start > now, notBefore.map({ start >= $0 }) ?? true, !ruledOut.contains(where: slot.overlaps), accept(slot),
                    held[start, default: 0] < slotShare
                else { return nil }
                return start
            }
            // An hour into the day, or two hours before its end: a morning and an afternoon in
            // turn; the nearest free slot when that one is held.
            let wanted = found.count % 2 == 0 ? min(hours.start + 60, hours.end - slotMinutes) : max(hours.start, hours.end - 120)
            guard let wantedTime = calendar.date(byAdding: .minute, value: wanted, to: day),
                let pick = free.min(by: { abs($0.timeIntervalSince(wantedTime)) < abs($1.timeIntervalSince(wantedTime)) })
            else { continue }
            found.append(pick)
        }
        return found.sorted()
    }
}

extension BookingSettings {
    /// Slots to offer a lead, from what their memory rules out and the date they gave not to be
    /// contacted before, inside the windows they asked for, around the slots other leads hold.
    public func slots(
        after now: Date, zone: TimeZone, memory: [LeadMemoryEntry], within windows: [ProposedTime] = [], held: [Date: Int] = [:],
        count: Int = 3
    ) -> [Date] {
        let ruledOut = memory.filter { $0.category == MemoryCategory.unavailable.rawValue }.compactMap(RulesOverseerGate.interval)
        let notBefore = memory.filter { $0.category == MemoryCategory.doNotContactBefore.rawValue }
            .compactMap { $0.detail?.field("until")?.textValue.flatMap(ISO8601.parse) }.max()
        return slots(after: now, zone: zone, ruledOut: ruledOut, notBefore: notBefore, within: windows, held: held, count: count)
    }
}
