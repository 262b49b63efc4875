import Foundation

/// A meeting time a lead proposed, resolved to concrete instants.
public struct ProposedTime: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// An exact time ("Tue 3pm"): a meeting-length slot from there.
        case slot
        /// A range ("after 2", "Thursday morning", "on the 14th"): any time inside.
        case window
    }

    public var start: Date
    public var end: Date
    public var kind: Kind
    /// The time zone the words were read in (an IANA identifier).
    public var timeZone: String
    /// The words it came from, lowercased.
    public var phrase: String

    public init(start: Date, end: Date, kind: Kind, timeZone: String, phrase: String) {
        self.start = start
        self.end = end
        self.kind = kind
        self.timeZone = timeZone
        self.phrase = phrase
    }

    public func overlaps(_ other: ProposedTime) -> Bool { start < other.end && other.start < end }
}

/// Reads proposed meeting times out of a message ("Tue 3pm ET", "next Thursday morning", "any
/// time after 2 on the 14th", "tomorrow at noon my time") and resolves them against the time
/// the message was sent and the right time zone.
///
/// It would rather find nothing than guess: a time with no day, a day that does not exist
/// (Feb 30, the 31st of a 30-day month), a wall-clock time skipped by a DST change, "my time"
/// when the lead's zone is unknown, a numeric date that reads both ways (3/4) and anything
/// already past yield no interval. The rules it does apply:
/// - Zone: an explicit zone in the clause (ET, PT, CET…; "my time" is the lead's, "your time" the
///   workspace's), else the lead's zone when known, else the workspace's.
/// - A bare hour ("at 3", "after 2") means business hours: 1–6 are afternoon, 7–11 morning.
/// - A weekday is its next occurrence (today only if the time is still ahead); "next Thursday"
///   is the Thursday of next week (weeks start on Monday).
/// - A wall-clock time that happens twice (the hour DST repeats) is the first of the two.
/// - One time in a sentence applies to every day in it ("Tue or Wed afternoon"); a day with no
///   time is its business hours.
public struct MeetingTimeParser: Sendable {
    public var workspaceTimeZone: TimeZone
    public var meetingLength: TimeInterval
    /// Business hours as whole hours, start inclusive, end exclusive.
    public var businessHours: Range<Int>

    public init(workspaceTimeZone: TimeZone, meetingLength: TimeInterval = 30 * 60, businessHours: Range<Int> = 9..<17) {
        self.workspaceTimeZone = workspaceTimeZone
        self.meetingLength = meetingLength
        self.businessHours = businessHours
    }

    public func parse(_ text: String, sentAt: Date, leadTimeZone: TimeZone?) -> [ProposedTime] {
        var found: [ProposedTime] = []
        for clause in Self.clauses(of: Self.normalized(text)) {
            for time in parseClause(clause, sentAt: sentAt, leadTimeZone: leadTimeZone) where !found.contains(time) {
                found.append(time)
            }
        }
        return found.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
    }

    // MARK: - Clauses

    static func normalized(_ text: String) -> String {
        var text = " " + text.lowercased() + " "
        for (from, to) in [("’", "'"), ("a.m.", "am"), ("p.m.", "pm"), ("–", "-"), ("—", " - "), ("\u{00a0}", " ")] {
            text = text.replacingOccurrences(of: from, with: to)
        }
        return text
    }

    /// Sentences: a time in one never attaches to a day in another.
    static func clauses(of text: String) -> [String] {
        text.replacing(rx(#"[.!?;]+(\s|$)|\n+"#), with: "\u{1}").split(separator: "\u{1}").map { " " + $0 + " " }
    }

    private struct Found<Value> {
        var value: Value
        var range: Range<String.Index>
    }

    private enum DayRef: Equatable {
        case relative(Int)
        case weekday(Int, next: Bool)  // 1 = Sunday … 7 = Saturday (Calendar's numbering)
        case dayOfMonth(Int)
        case monthDay(month: Int, day: Int)
    }

    private enum TimeRef: Equatable {
        /// Minutes after midnight.
        case point(Int)
        case range(Int, Int)
        case after(Int)
        case before(Int)
        case businessDay
    }

    private func parseClause(_ clause: String, sentAt: Date, leadTimeZone: TimeZone?) -> [ProposedTime] {
        guard let times = Self.times(in: clause, businessHours: businessHours) else { return [] }
        let days = Self.days(in: clause)
        guard !days.isEmpty else { return [] }  // a time with no day is not invented a day
        let zone: TimeZone
        switch Self.zone(in: clause) {
        case .explicit(let explicit): zone = explicit
        case .lead:
            guard let leadTimeZone else { return [] }  // "my time" with the lead's zone unknown
            zone = leadTimeZone
        case .workspace: zone = workspaceTimeZone
        case nil: zone = leadTimeZone ?? workspaceTimeZone
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        calendar.firstWeekday = 2

        // One time applies to every day; several go to the nearest day before them (else after).
        var pairs: [(Found<DayRef>, TimeRef, Range<String.Index>)] = []
        if times.count <= 1 {
            for day in days { pairs.append((day, times.first?.value ?? .businessDay, times.first?.range ?? day.range)) }
        } else {
            var timed = Set<Int>()
            for time in times {
                let index = days.lastIndex { $0.range.lowerBound < time.range.lowerBound } ?? 0
                timed.insert(index)
                pairs.append((days[index], time.value, time.range))
            }
            for (index, day) in days.enumerated() where !timed.contains(index) { pairs.append((day, .businessDay, day.range)) }
        }

        return pairs.compactMap { day, time, timeRange -> ProposedTime? in
            let phraseRange = min(day.range.lowerBound, timeRange.lowerBound)..<max(day.range.upperBound, timeRange.upperBound)
            let phrase = clause[phraseRange].trimmingCharacters(in: .whitespaces)
            guard let (startMinute, endMinute, kind) = bounds(of: time) else { return nil }
            for weekShift in [0, 7] {
                guard let date = resolve(day.value, calendar: calendar, sentAt: sentAt, extraDays: weekShift),
                    let start = Self.instant(date, minute: startMinute, calendar: calendar),
                    let end = kind == .slot ? start.addingTimeInterval(meetingLength) : Self.instant(date, minute: endMinute, calendar: calendar),
                    end > start
                else { return nil }
                // A weekday said on that same weekday means today only while the time is ahead.
                if start <= sentAt {
                    if case .weekday = day.value, weekShift == 0 { continue }
                    return nil
                }
                return ProposedTime(start: start, end: end, kind: kind, timeZone: zone.identifier, phrase: phrase)
            }
            return nil
        }
    }

    private func bounds(of time: TimeRef) -> (Int, Int, ProposedTime.Kind)? {
        let open = businessHours.lowerBound * 60, close = businessHours.upperBound * 60
        switch time {
        case .point(let minute): return (minute, minute, .slot)
        case .range(let from, let to): return to > from ? (from, to, .window) : nil
        case .after(let minute): return (minute, max(close, minute + 120), .window)
        case .before(let minute): return minute > open ? (open, minute, .window) : nil
        case .businessDay: return (open, close, .window)
        }
    }

    // MARK: - Days

    private static let weekdays: [(String, Int)] = [
        ("sunday", 1), ("monday|mon", 2), ("tuesday|tues|tue", 3), ("wednesday|weds|wed", 4),
        ("thursday|thurs|thur|thu", 5), ("friday|fri", 6), ("saturday", 7),
    ]
    private static let months: [(String, Int)] = [
        ("january|jan", 1), ("february|feb", 2), ("march|mar", 3), ("april|apr", 4), ("may", 5), ("june|jun", 6),
        ("july|jul", 7), ("august|aug", 8), ("september|sept|sep", 9), ("october|oct", 10), ("november|nov", 11),
        ("december|dec", 12),
    ]

    private static func days(in clause: String) -> [Found<DayRef>] {
        var found: [Found<DayRef>] = []
        func add(_ value: DayRef, _ range: Range<String.Index>) {
            guard !found.contains(where: { $0.range.overlaps(range) }) else { return }
            found.append(Found(value: value, range: range))
        }
        for match in clause.matches(of: rx(#"\b(the day after tomorrow|day after tomorrow|tomorrow|today|tonight)\b"#)) {
            let word = String(match.output[1].substring ?? "")
            add(.relative(word.contains("after") ? 2 : word == "tomorrow" ? 1 : 0), match.range)
        }
        let monthNames = months.map(\.0).joined(separator: "|")
        // "Nov 14", "November 14th", "14 Nov", "the 14th of November"
        for match in clause.matches(of: rx("\\b(\(monthNames))\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b")) {
            if let month = monthNumber(match.output[1].substring), let day = Int(match.output[2].substring ?? "") {
                add(.monthDay(month: month, day: day), match.range)
            }
        }
        for match in clause.matches(of: rx("\\b(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(\(monthNames))\\b")) {
            if let month = monthNumber(match.output[2].substring), let day = Int(match.output[1].substring ?? "") {
                add(.monthDay(month: month, day: day), match.range)
            }
        }
        for match in clause.matches(of: rx(#"\b(?:on\s+)?the\s+(\d{1,2})(?:st|nd|rd|th)\b"#)) {
            if let day = Int(match.output[1].substring ?? "") { add(.dayOfMonth(day), match.range) }
        }
        // Numeric dates only when they read one way: 11/14 is November 14; 3/4 is refused.
        for match in clause.matches(of: rx(#"\b(\d{1,2})/(\d{1,2})\b"#)) {
            guard let first = Int(match.output[1].substring ?? ""), let second = Int(match.output[2].substring ?? "") else { continue }
            let asMonthDay = (1...12).contains(first) && (1...31).contains(second)
            let asDayMonth = (1...12).contains(second) && (1...31).contains(first)
            if asMonthDay, !asDayMonth || first == second {
                add(.monthDay(month: first, day: second), match.range)
            } else if asDayMonth, !asMonthDay {
                add(.monthDay(month: second, day: first), match.range)
            } else {
                add(.monthDay(month: 0, day: 0), match.range)  // ambiguous: occupies the words, resolves to nothing
            }
        }
        for (pattern, number) in weekdays {
            for match in clause.matches(of: rx("\\b(next\\s+|this\\s+)?(?:\(pattern))s?\\b")) {
                add(.weekday(number, next: match.output[1].substring?.hasPrefix("next") == true), match.range)
            }
        }
        // "Wednesday the 11th", "Fri, March 6": the date names the day; the weekday only repeats it.
        let dates = found.filter { if case .weekday = $0.value { false } else { true } }
        found.removeAll { day in
            guard case .weekday = day.value else { return false }
            return dates.contains { date in
                date.range.lowerBound >= day.range.upperBound
                    && clause[day.range.upperBound..<date.range.lowerBound].allSatisfy { $0 == " " || $0 == "," }
            }
        }
        return found.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    private static func monthNumber(_ name: Substring?) -> Int? {
        guard let name else { return nil }
        return months.first { $0.0.split(separator: "|").contains(Substring(name)) }?.1
    }

    private func resolve(_ day: DayRef, calendar: Calendar, sentAt: Date, extraDays: Int) -> DateComponents? {
        let today = calendar.dateComponents([.year, .month, .day, .weekday], from: sentAt)
        guard let todayDate = calendar.date(from: DateComponents(year: today.year, month: today.month, day: today.day, hour: 12)),
            let weekdayToday = today.weekday, let year = today.year, let month = today.month, let dayOfMonth = today.day
        else { return nil }
        func components(_ date: Date?) -> DateComponents? {
            date.map { calendar.dateComponents([.year, .month, .day], from: $0) }
        }
        switch day {
        case .relative(let offset):
            guard extraDays == 0 else { return nil }
            return components(calendar.date(byAdding: .day, value: offset, to: todayDate))
        case .weekday(let weekday, let next):
            var delta = (weekday - weekdayToday + 7) % 7 + extraDays
            if next {
                if delta == 0 { delta = 7 }
                // Days left in this (Monday-based) week: a "next" day inside it moves a week on.
                let daysToSunday = (8 - weekdayToday) % 7
                if delta <= daysToSunday { delta += 7 }
            }
            return components(calendar.date(byAdding: .day, value: delta, to: todayDate))
        case .dayOfMonth(let target):
            guard extraDays == 0 else { return nil }
            let (y, m) = target >= dayOfMonth ? (year, month) : (month == 12 ? (year + 1, 1) : (year, month + 1))
            return Self.valid(DateComponents(year: y, month: m, day: target), calendar: calendar)
        case .monthDay(let m, let d):
            guard extraDays == 0, m > 0 else { return nil }
            let thisYear = (m, d) >= (month, dayOfMonth)
            return Self.valid(DateComponents(year: thisYear ? year : year + 1, month: m, day: d), calendar: calendar)
        }
    }

    /// The components if that day exists (no February 30).
    private static func valid(_ components: DateComponents, calendar: Calendar) -> DateComponents? {
        guard let date = calendar.date(from: DateComponents(year: components.year, month: components.month, day: components.day, hour: 12)) else {
            return nil
        }
        let back = calendar.dateComponents([.year, .month, .day], from: date)
        return back.year == components.year && back.month == components.month && back.day == components.day ? components : nil
    }

    /// The instant of `minute` past midnight on that day, or nil when the wall clock skips it.
    private static func instant(_ day: DateComponents, minute: Int, calendar: Calendar) -> Date? {
        if minute >= 24 * 60 {  // end of day: midnight that follows
            guard let start = instant(day, minute: 0, calendar: calendar) else { return nil }
            return calendar.date(byAdding: .day, value: 1, to: start)
        }
        let wanted = DateComponents(year: day.year, month: day.month, day: day.day, hour: minute / 60, minute: minute % 60)
        guard let date = calendar.date(from: wanted) else { return nil }
        let back = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        guard back.day == wanted.day, back.hour == wanted.hour, back.minute == wanted.minute else { return nil }
        // The repeated hour of a DST fall-back: the earlier of the two instants.
        let hourEarlier = date.addingTimeInterval(-3600)
        let earlier = calendar.dateComponents([.day, .hour, .minute], from: hourEarlier)
        if earlier.day == wanted.day, earlier.hour == wanted.hour, earlier.minute == wanted.minute { return hourEarlier }
        return date
    }

    // MARK: - Times

    private static let clock = #"(\d{1,2})(?::(\d{2}))?\s*(am|pm)?"#

    /// `nil` when something reads as a time but is not one ("25pm", "13:75"): the sentence is
    /// left alone rather than read around the broken part.
    private static func times(in clause: String, businessHours: Range<Int>) -> [Found<TimeRef>]? {
        var found: [Found<TimeRef>] = []
        var broken = false
        func add(_ value: TimeRef?, _ range: Range<String.Index>) {
            guard !found.contains(where: { $0.range.overlaps(range) }) else { return }
            guard let value else {
                broken = true
                return
            }
            found.append(Found(value: value, range: range))
        }
        let named = #"noon|midday|midnight"#
        // Ranges first: "between 2 and 4", "from 10 to 11:30am", "2-4pm".
        for match in clause.matches(of: rx(#"\b(?:between|from)\s+"# + clock + #"\s+(?:and|to|-)\s+"# + clock + #"\b"#)) {
            add(range(match.output, bare: true), match.range)
        }
        for match in clause.matches(of: rx(#"\b"# + clock + #"\s*-\s*"# + clock + #"\b"#)) {
            // Without am/pm on either side "10-11" could be anything (a score, a ticket): refused.
            guard match.output[3].substring != nil || match.output[6].substring != nil else { continue }
            add(range(match.output, bare: false), match.range)
        }
        for match in clause.matches(of: rx(#"\b(after|before|past)\s+("# + named + #"|"# + clock + #")\b"#)) {
            guard let minute = minutes(match.output, offset: 2, bare: true) else { continue }
            add(match.output[1].substring == "before" ? .before(minute) : .after(minute), match.range)
        }
        // "at 3", "@ 3pm", "around 10:30", "3pm", "15:00", "noon".
        for match in clause.matches(of: rx(#"(?:\b(at|@|around|by)\s+)?\b("# + named + #"|"# + clock + #")\b"#)) {
            let hasPrefix = match.output[1].substring != nil
            let hasMarker =
                match.output[5].substring != nil || match.output[4].substring != nil
                || match.output[2].substring.map { ["noon", "midday", "midnight"].contains($0) } == true
            guard hasPrefix || hasMarker else { continue }  // a bare number is not a time
            add(minutes(match.output, offset: 2, bare: hasPrefix).map(TimeRef.point), match.range)
        }
        let parts: [(String, TimeRef)] = [
            ("early morning", .range(8 * 60, 10 * 60)), ("late morning", .range(10 * 60, 12 * 60)),
            ("morning", .range(businessHours.lowerBound * 60, 12 * 60)), ("lunchtime|lunch", .range(12 * 60, 13 * 60)),
            ("late afternoon", .range(15 * 60, 17 * 60)), ("afternoon", .range(12 * 60, 17 * 60)),
            ("end of (?:the )?day|eod", .range(16 * 60, 18 * 60)), ("evening|tonight", .range(17 * 60, 20 * 60)),
            ("any ?time(?!\\s+(?:after|before|past))|all day", .businessDay),
        ]
        for (pattern, value) in parts {
            for match in clause.matches(of: rx(#"\b(?:"# + pattern + #")s?\b"#)) { add(value, match.range) }
        }
        return broken ? nil : found.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    private static func range(_ output: AnyRegexOutput, bare: Bool) -> TimeRef? {
        // A shared am/pm: "2-4pm" is 14:00–16:00; "11-1pm" is 11:00–13:00.
        let suffixFrom = output[3].substring, suffixTo = output[6].substring
        guard var from = minutes(hour: output[1].substring, minute: output[2].substring, suffix: suffixFrom ?? suffixTo, bare: bare),
            let to = minutes(hour: output[4].substring, minute: output[5].substring, suffix: suffixTo ?? suffixFrom, bare: bare)
        else { return nil }
        if suffixFrom == nil, from > to, from >= 12 * 60 { from -= 12 * 60 }
        return .range(from, to)
    }

    private static func minutes(_ output: AnyRegexOutput, offset: Int, bare: Bool) -> Int? {
        switch output[offset].substring {
        case "noon", "midday": return 12 * 60
        case "midnight": return 0
        default:
            return minutes(hour: output[offset + 1].substring, minute: output[offset + 2].substring, suffix: output[offset + 3].substring, bare: bare)
        }
    }

    /// Minutes after midnight; `bare`: an hour with no am/pm may be read by business hours.
    private static func minutes(hour: Substring?, minute minuteText: Substring?, suffix: Substring?, bare: Bool) -> Int? {
        guard let hour = hour.flatMap({ Int($0) }) else { return nil }
        let minute = minuteText.flatMap { Int($0) } ?? 0
        guard (0..<60).contains(minute) else { return nil }
        switch suffix {
        case "am":
            guard (1...12).contains(hour) else { return nil }
            return (hour % 12) * 60 + minute
        case "pm":
            guard (1...12).contains(hour) else { return nil }
            return (hour % 12 + 12) * 60 + minute
        default:
            if hour >= 13, hour <= 23 { return hour * 60 + minute }  // 24-hour clock
            // "10:00" and "at 10" are times; a lone "10" is not.
            guard bare || minuteText != nil, (0...12).contains(hour) else { return nil }
            if hour == 0 { return minute }
            return (hour <= 6 ? hour + 12 : hour) * 60 + minute
        }
    }

    /// Word boundaries between letters and digits as in `\b` of other engines ("3pm" is one word).
    private static func rx(_ pattern: String) -> Regex<AnyRegexOutput> { CachedRegex.simple(pattern) }

    // MARK: - Zones

    private enum ZoneRef {
        case explicit(TimeZone)
        case lead
        case workspace
    }

    private static let zones: [(String, String)] = [
        ("et|est|edt|eastern(?: time)?", "America/New_York"), ("ct|cst|cdt|central(?: time)?", "America/Chicago"),
        ("mt|mst|mdt|mountain(?: time)?", "America/Denver"), ("pt|pst|pdt|pacific(?: time)?", "America/Los_Angeles"),
        ("utc|gmt|zulu", "UTC"), ("bst|uk time|london time", "Europe/London"), ("cet|cest", "Europe/Berlin"),
        ("ist", "Asia/Kolkata"), ("aest|aedt|sydney time", "Australia/Sydney"),
    ]

    private static func zone(in clause: String) -> ZoneRef? {
        if clause.contains(rx(#"\b(my time(?: zone)?|my local time|local time|my timezone)\b"#)) { return .lead }
        if clause.contains(rx(#"\b(your time(?: zone)?|your timezone)\b"#)) { return .workspace }
        for (pattern, identifier) in zones where clause.contains(rx(#"\b(?:"# + pattern + #")\b"#)) {
            return TimeZone(identifier: identifier).map(ZoneRef.explicit)
        }
        return nil
    }
}
