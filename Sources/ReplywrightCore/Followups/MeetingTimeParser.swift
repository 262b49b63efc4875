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
        let clauses = Self.clauses(of: Self.normalized(text))
        // A clock time with no day ("3pm works", "after 2 pm") is today's, or the next working
        // day's once it has passed, unless the message names a day somewhere ("Friday. 3pm").
        let namesADay = clauses.contains { !Self.days(in: $0).isEmpty }
        for clause in clauses {
            for time in parseClause(clause, sentAt: sentAt, leadTimeZone: leadTimeZone, bareTimes: !namesADay) where !found.contains(time) {
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

    /// Sentences: a time in one never attaches to a day in another. A hard line wrap inside a
    /// sentence ("could we meet on\nTuesday at 3?") is not a sentence end; a blank line is.
    static func clauses(of text: String) -> [String] {
        let unwrapped = text.replacing(rx(#"([^.!?;:\n])[ \t]*\n(?=[ \t]*[a-z0-9])"#)) { match in
            (match.output[1].substring ?? "") + " "
        }
        // "Dec. 21", "Mar. 6", "Tue. 3pm": an abbreviation's dot ends no sentence ("Friday. 3pm" does).
        let abbreviations = #"jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun"#
        let dotted = unwrapped.replacing(rx("\\b(" + abbreviations + ")\\.(?=\\s)")) { match in match.output[1].substring ?? "" }
        return dotted.replacing(rx(#"[.!?;]+(\s|$)|\n+"#), with: "\u{1}").split(separator: "\u{1}").map { " " + $0 + " " }
    }

    private struct Found<Value> {
        var value: Value
        var range: Range<String.Index>
    }

    private enum DayRef: Equatable {
        case relative(Int)
        case weekday(Int, next: Bool)  // 1 = Sunday … 7 = Saturday (Calendar's numbering)
        /// `weekday` when one was written with the date ("Wednesday the 11th"): they must agree.
        case dayOfMonth(Int, weekday: Int?)
        /// `year` when the lead wrote one ("29 Apr 2009"): a date in the past is then no offer.
        case monthDay(month: Int, day: Int, year: Int?, weekday: Int?)
        /// Working days of a week: `weekOffset` 0 this week, 1 next; `weekdays` of them (2…6).
        case week(weekOffset: Int, weekdays: [Int])
        /// The working days of the week holding a date ("the week of the 14th").
        case weekOf(month: Int?, day: Int)
        /// The week holding the day `days` from now ("in two weeks").
        case weekIn(days: Int)
        /// The last three working days of this month.
        case endOfMonth
        /// A clock time with no day: today, or the next working day once it has passed.
        case bare
    }

    private enum TimeRef: Equatable {
        /// Minutes after midnight.
        case point(Int)
        case range(Int, Int)
        case after(Int)
        case before(Int)
        /// A named part of the day ("morning", "lunch"), in minutes.
        case part(Int, Int)
        case businessDay

        /// A time on the clock (not "morning" or "any time"): one a day may be assumed for.
        var isClock: Bool {
            switch self {
            case .point, .range, .after, .before: true
            case .part, .businessDay: false
            }
        }
    }

    private func parseClause(_ clause: String, sentAt: Date, leadTimeZone: TimeZone?, bareTimes: Bool) -> [ProposedTime] {
        guard let times = Self.times(in: clause, businessHours: businessHours) else { return [] }
        var days = Self.days(in: clause)
        if days.isEmpty {
            // A day is not invented for a bare "morning" or "any time": only for a clock time.
            guard bareTimes, let time = times.first, time.value.isClock else { return [] }
            days = [Found(value: .bare, range: time.range)]
        }
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

        return pairs.flatMap { day, time, timeRange -> [ProposedTime] in
            let phraseRange = min(day.range.lowerBound, timeRange.lowerBound)..<max(day.range.upperBound, timeRange.upperBound)
            let phrase = clause[phraseRange].trimmingCharacters(in: .whitespaces)
            guard let (startMinute, endMinute, kind) = bounds(of: time) else { return [] }
            /// The interval on that day; `nil` when the wall clock skips it (DST) or it ends before
            /// it starts; `.past` (its start) when it is already over.
            enum Resolved { case interval(ProposedTime), past }
            func resolved(on date: DateComponents) -> Resolved? {
                guard let start = Self.instant(date, minute: startMinute, calendar: calendar),
                    let end = kind == .slot ? start.addingTimeInterval(meetingLength) : Self.instant(date, minute: endMinute, calendar: calendar),
                    end > start
                else { return nil }
                // A window already open ("this morning", said at 11) starts at the next half hour.
                let opens = kind == .window && start <= sentAt ? Self.nextHalfHour(after: sentAt) : start
                guard opens > sentAt, opens < end else { return .past }
                return .interval(ProposedTime(start: opens, end: end, kind: kind, timeZone: zone.identifier, phrase: phrase))
            }
            func interval(on date: DateComponents) -> ProposedTime? {
                if case .interval(let found) = resolved(on: date) { return found }
                return nil
            }
            switch day.value {
            case .week, .weekOf, .weekIn, .endOfMonth:
                return workingDays(day.value, calendar: calendar, sentAt: sentAt).compactMap(interval(on:))
            case .bare:
                // Today while the time is ahead, else the next working day.
                for offset in 0..<5 {
                    guard let date = resolve(.relative(offset), calendar: calendar, sentAt: sentAt, extraDays: 0) else { return [] }
                    if offset > 0, Self.isWeekend(date, calendar: calendar) { continue }
                    if let found = interval(on: date) { return [found] }
                }
                return []
            default:
                // A weekday said on that same weekday means today only while the time is ahead.
                for weekShift in [0, 7] {
                    guard let date = resolve(day.value, calendar: calendar, sentAt: sentAt, extraDays: weekShift) else { return [] }
                    switch resolved(on: date) {
                    case .interval(let found): return [found]
                    case .past: if case .weekday = day.value { continue } else { return [] }
                    case nil: return []
                    }
                }
                return []
            }
        }
    }

    /// The first whole or half hour after `date` (times here are on the half hour or more).
    static func nextHalfHour(after date: Date) -> Date {
        let step = 1800.0
        return Date(timeIntervalSince1970: (date.timeIntervalSince1970 / step).rounded(.down) * step + step)
    }

    private static func isWeekend(_ date: DateComponents, calendar: Calendar) -> Bool {
        guard let day = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: 12)) else { return false }
        return [1, 7].contains(calendar.component(.weekday, from: day))
    }

    /// The working days (Monday to Friday) a week reference spans, today and later.
    private func workingDays(_ day: DayRef, calendar: Calendar, sentAt: Date) -> [DateComponents] {
        let today = calendar.startOfDay(for: sentAt).addingTimeInterval(12 * 3600)
        // The Monday of the week holding `date`.
        func monday(of date: Date) -> Date {
            let weekday = calendar.component(.weekday, from: date)
            return calendar.date(byAdding: .day, value: -((weekday + 5) % 7), to: date) ?? date
        }
        func days(from start: Date, weekdays: [Int]) -> [DateComponents] {
            (0..<7).compactMap { offset -> DateComponents? in
                guard let date = calendar.date(byAdding: .day, value: offset, to: start),
                    weekdays.contains(calendar.component(.weekday, from: date)), date >= today.addingTimeInterval(-12 * 3600)
                else { return nil }
                return calendar.dateComponents([.year, .month, .day], from: date)
            }
        }
        let workWeek = Array(2...6)
        switch day {
        case .week(let offset, let weekdays):
            guard let start = calendar.date(byAdding: .day, value: 7 * offset, to: monday(of: today)) else { return [] }
            return days(from: start, weekdays: weekdays)
        case .weekOf(let month, let dayOfMonth):
            let resolved = month.map { DayRef.monthDay(month: $0, day: dayOfMonth, year: nil, weekday: nil) } ?? .dayOfMonth(dayOfMonth, weekday: nil)
            guard let components = resolve(resolved, calendar: calendar, sentAt: sentAt, extraDays: 0),
                let date = calendar.date(from: DateComponents(year: components.year, month: components.month, day: components.day, hour: 12))
            else { return [] }
            return days(from: monday(of: date), weekdays: workWeek)
        case .weekIn(let count):
            guard let date = calendar.date(byAdding: .day, value: count, to: today) else { return [] }
            return days(from: monday(of: date), weekdays: workWeek)
        case .endOfMonth:
            guard let range = calendar.range(of: .day, in: .month, for: today),
                let first = calendar.date(from: calendar.dateComponents([.year, .month], from: today))
            else { return [] }
            let working = range.compactMap { day -> DateComponents? in
                guard let date = calendar.date(byAdding: .day, value: day - 1, to: first.addingTimeInterval(12 * 3600)),
                    workWeek.contains(calendar.component(.weekday, from: date)), date >= today.addingTimeInterval(-12 * 3600)
                else { return nil }
                return calendar.dateComponents([.year, .month, .day], from: date)
            }
            return Array(working.suffix(3))
        default:
            return []
        }
    }

    private func bounds(of time: TimeRef) -> (Int, Int, ProposedTime.Kind)? {
        let open = businessHours.lowerBound * 60, close = businessHours.upperBound * 60
        switch time {
        case .point(let minute): return (minute, minute, .slot)
        case .range(let from, let to), .part(let from, let to): return to > from ? (from, to, .window) : nil
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
        // "this afternoon": today's.
        for match in clause.matches(of: rx(#"\bthis(?=\s+(?:morning|afternoon|evening)\b)"#)) { add(.relative(0), match.range) }
        let weekdayNames = weekdays.map(\.0).joined(separator: "|")
        // "Tuesday of next week", "Tuesday next week", "next week on Tuesday": next week's Tuesday.
        for match in clause.matches(of: rx("\\b(?:\(weekdayNames))s?(?:\\s+(?:of\\s+)?next\\s+week|\\s+the\\s+following\\s+week)\\b")) {
            if let number = weekdayNumber(clause[match.range]) { add(.weekday(number, next: true), match.range) }
        }
        for match in clause.matches(of: rx("\\bnext\\s+week\\s+(?:on\\s+)?(?:\(weekdayNames))\\b")) {
            if let number = weekdayNumber(clause[match.range]) { add(.weekday(number, next: true), match.range) }
        }
        // Parts of a week, whole weeks, the week of a date, weeks from now, the end of the month.
        let weeks: [(String, DayRef)] = [
            (#"(?:early|beginning of|start of)\s+next\s+week"#, .week(weekOffset: 1, weekdays: [2, 3])),
            (#"(?:late|end of|later)\s+next\s+week"#, .week(weekOffset: 1, weekdays: [5, 6])),
            (#"(?:early|beginning of|start of)\s+this\s+week"#, .week(weekOffset: 0, weekdays: [2, 3])),
            (#"later\s+this\s+week|(?:late|end of)\s+(?:this|the)\s+week"#, .week(weekOffset: 0, weekdays: [5, 6])),
            (#"next\s+week|the\s+following\s+week"#, .week(weekOffset: 1, weekdays: Array(2...6))),
            (#"this\s+week"#, .week(weekOffset: 0, weekdays: Array(2...6))),
            (#"(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?month|month[- ]end"#, .endOfMonth),
        ]
        for (pattern, value) in weeks {
            for match in clause.matches(of: rx(#"\b(?:"# + pattern + #")\b"#)) { add(value, match.range) }
        }
        let monthNames = months.map(\.0).joined(separator: "|")
        for match in clause.matches(
            of: rx(
                "\\b(?:the\\s+)?week\\s+(?:of|starting|beginning)\\s+(?:the\\s+)?(?:(\(monthNames))\\.?\\s+)?(\\d{1,2})(?:st|nd|rd|th)?(?:\\s+(?:of\\s+)?(\(monthNames)))?\\b"
            ))
        {
            guard let day = Int(match.output[2].substring ?? "") else { continue }
            add(.weekOf(month: monthNumber(match.output[1].substring ?? match.output[3].substring), day: day), match.range)
        }
        for match in clause.matches(of: rx(#"\bin\s+(a|one|1|two|2|three|3|four|4)\s+weeks?(?:'?\s*time)?\b"#)) {
            let counts = ["a": 1, "one": 1, "1": 1, "two": 2, "2": 2, "three": 3, "3": 3, "four": 4, "4": 4]
            add(.weekIn(days: 7 * (counts[String(match.output[1].substring ?? "")] ?? 1)), match.range)
        }
        // Dates, with the weekday written before them ("Fri, March 6", "Wednesday the 11th"): the
        // two must agree, else the date is in doubt and nothing is read.
        let before = "(?:(\(weekdayNames)),?\\s+(?:the\\s+)?)?"
        // "Nov 14", "November 14th, 2026", "14 Nov", "the 14th of November 2026"
        for match in clause.matches(of: rx("\\b" + before + "(\(monthNames))\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?\\b")) {
            if let month = monthNumber(match.output[2].substring), let day = Int(match.output[3].substring ?? "") {
                add(
                    .monthDay(month: month, day: day, year: year(match.output[4].substring), weekday: weekdayNumber(match.output[1].substring)),
                    match.range)
            }
        }
        for match in clause.matches(
            of: rx("\\b" + before + "(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(\(monthNames))(?:,?\\s+(\\d{4}))?\\b"))
        {
            if let month = monthNumber(match.output[3].substring), let day = Int(match.output[2].substring ?? "") {
                add(
                    .monthDay(month: month, day: day, year: year(match.output[4].substring), weekday: weekdayNumber(match.output[1].substring)),
                    match.range)
            }
        }
        for match in clause.matches(of: rx("\\b" + before + "(?:on\\s+)?the\\s+(\\d{1,2})(?:st|nd|rd|th)\\b")) {
            if let day = Int(match.output[2].substring ?? "") {
                add(.dayOfMonth(day, weekday: weekdayNumber(match.output[1].substring)), match.range)
            }
        }
        // ISO dates: 2026-12-14.
        for match in clause.matches(of: rx("\\b" + before + #"(\d{4})[-/](\d{1,2})[-/](\d{1,2})\b"#)) {
            if let year = Int(match.output[2].substring ?? ""), let month = Int(match.output[3].substring ?? ""),
                let day = Int(match.output[4].substring ?? "")
            {
                add(.monthDay(month: month, day: day, year: year, weekday: weekdayNumber(match.output[1].substring)), match.range)
            }
        }
        // Numeric dates only when they read one way: 11/14 is November 14; 3/4 is refused.
        for match in clause.matches(of: rx("\\b" + before + #"(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?\b"#)) {
            guard let first = Int(match.output[2].substring ?? ""), let second = Int(match.output[3].substring ?? "") else { continue }
            let written = year(match.output[4].substring), weekday = weekdayNumber(match.output[1].substring)
            let asMonthDay = (1...12).contains(first) && (1...31).contains(second)
            let asDayMonth = (1...12).contains(second) && (1...31).contains(first)
            if asMonthDay, !asDayMonth || first == second {
                add(.monthDay(month: first, day: second, year: written, weekday: weekday), match.range)
            } else if asDayMonth, !asMonthDay {
                add(.monthDay(month: second, day: first, year: written, weekday: weekday), match.range)
            } else {
                add(.monthDay(month: 0, day: 0, year: nil, weekday: nil), match.range)  // ambiguous: occupies the words, resolves to nothing
            }
        }
        for (pattern, number) in weekdays {
            for match in clause.matches(of: rx("\\b(next\\s+|this\\s+)?(?:\(pattern))s?\\b")) {
                add(.weekday(number, next: match.output[1].substring?.hasPrefix("next") == true), match.range)
            }
        }
        return found.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    private static func weekdayNumber(_ text: Substring?) -> Int? {
        guard let text else { return nil }
        return weekdays.first { text.contains(rx("\\b(?:\($0.0))s?\\b")) }?.1
    }

    /// A written year: four digits, or two ("26").
    private static func year(_ text: Substring?) -> Int? {
        guard let text, let value = Int(text) else { return nil }
        return value < 100 ? 2000 + value : value
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
        case .dayOfMonth(let target, let weekday):
            guard extraDays == 0 else { return nil }
            let (y, m) = target >= dayOfMonth ? (year, month) : (month == 12 ? (year + 1, 1) : (year, month + 1))
            return Self.agreeing(Self.valid(DateComponents(year: y, month: m, day: target), calendar: calendar), weekday, calendar)
        case .monthDay(let m, let d, let written, let weekday):
            guard extraDays == 0, m > 0 else { return nil }
            let thisYear = (m, d) >= (month, dayOfMonth)
            let components = DateComponents(year: written ?? (thisYear ? year : year + 1), month: m, day: d)
            return Self.agreeing(Self.valid(components, calendar: calendar), weekday, calendar)
        case .week, .weekOf, .weekIn, .endOfMonth, .bare:
            return nil  // several days: `workingDays`
        }
    }

    /// The date when the weekday written with it is its own ("Friday 14 December" on a Monday
    /// the 14th is in doubt: nothing).
    private static func agreeing(_ date: DateComponents?, _ weekday: Int?, _ calendar: Calendar) -> DateComponents? {
        guard let date, let weekday else { return date }
        guard let day = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: 12)) else { return nil }
        return calendar.component(.weekday, from: day) == weekday ? date : nil
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
        for match in clause.matches(of: rx(#"\b"# + clock + #"\s*(?:-|to)\s*"# + clock + #"\b"#)) {
            // Without am/pm on either side "10-11" could be anything (a score, a ticket): refused;
            // "3:30 to 6" reads as a range by its colon.
            guard match.output[3].substring != nil || match.output[6].substring != nil || match.output[2].substring != nil else { continue }
            add(range(match.output, bare: match.output[2].substring != nil), match.range)
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
            ("early morning", .part(8 * 60, 10 * 60)), ("late morning", .part(10 * 60, 12 * 60)),
            ("morning", .part(businessHours.lowerBound * 60, 12 * 60)), ("lunchtime|lunch", .part(12 * 60, 13 * 60)),
            ("late afternoon", .part(15 * 60, 17 * 60)), ("afternoon", .part(12 * 60, 17 * 60)),
            ("end of (?:the )?day|eod", .part(16 * 60, 18 * 60)), ("evening|tonight", .part(17 * 60, 20 * 60)),
            ("any ?time(?!\\s+(?:after|before|past))|all day", .businessDay),
        ]
        for (pattern, value) in parts {
            for match in clause.matches(of: rx(#"\b(?:"# + pattern + #")s?\b"#)) { add(value, match.range) }
        }
        guard !broken else { return nil }
        // "this afternoon at 3", "Thursday evening at 7": the clock says it more exactly, and the
        // part of the day tells its half ("evening at 7" is 7 pm).
        if let part = found.first(where: { if case .part = $0.value { true } else { false } }),
            case .part(let from, _) = part.value,
            found.contains(where: { $0.value.isClock && Self.adjacent($0.range, part.range, in: clause) })
        {
            found.removeAll { $0.range == part.range }
            if from >= 12 * 60 {
                found = found.map { time in
                    guard case .point(let minute) = time.value, minute < 12 * 60 else { return time }
                    return Found(value: .point(minute + 12 * 60), range: time.range)
                }
            }
        }
        return found.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// Two phrases with at most a couple of words between them and no list between ("afternoon
    /// at 3", not "3pm ET, or Thursday morning").
    private static func adjacent(_ a: Range<String.Index>, _ b: Range<String.Index>, in clause: String) -> Bool {
        let (first, second) = a.lowerBound < b.lowerBound ? (a, b) : (b, a)
        guard first.upperBound <= second.lowerBound else { return true }
        let between = clause[first.upperBound..<second.lowerBound]
        return between.count <= 8 && !between.contains(",") && !between.contains(" or ") && !between.contains(" and ")
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
