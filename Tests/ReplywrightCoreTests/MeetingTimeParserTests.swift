import Foundation
import ReplywrightCore
import ReplywrightTesting
import Testing

@Suite("Meeting time parsing")
struct MeetingTimeParserTests {
    /// Wednesday 4 March 2026, 11:00 in New York (EST); US clocks spring forward on Sunday 8 March,
    /// Europe's on 29 March.
    static let march4 = date("2026-03-04T16:00:00Z")
    /// Thursday 29 October 2026; US clocks fall back on Sunday 1 November (Europe's did on 25 October).
    static let october29 = date("2026-10-29T16:00:00Z")
    /// Monday 20 April 2026.
    static let april20 = date("2026-04-20T12:00:00Z")

    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var sentAt: Date = MeetingTimeParserTests.march4
        var leadZone: String?
        /// UTC start and end of each interval, in order; empty: nothing may be read.
        var expected: [(String, String)]
        var testDescription: String { "\"\(text)\"" + (leadZone.map { " (lead in \($0))" } ?? "") }
    }

    static let cases: [Case] = [
        // Weekdays, zones, and the DST change between "now" and the proposed day.
        Case(text: "Tue 3pm ET works", expected: [("2026-03-10T19:00:00Z", "2026-03-10T19:30:00Z")]),
        Case(text: "Friday at 10am?", expected: [("2026-03-06T15:00:00Z", "2026-03-06T15:30:00Z")]),
        Case(text: "How about next Thursday morning", expected: [("2026-03-12T13:00:00Z", "2026-03-12T16:00:00Z")]),
        Case(text: "Thursday morning is good", expected: [("2026-03-05T14:00:00Z", "2026-03-05T17:00:00Z")]),
        Case(text: "Monday 9am ET", expected: [("2026-03-09T13:00:00Z", "2026-03-09T13:30:00Z")]),
        Case(text: "Friday 9am ET", expected: [("2026-03-06T14:00:00Z", "2026-03-06T14:30:00Z")]),
        Case(text: "Friday at noon PT", expected: [("2026-03-06T20:00:00Z", "2026-03-06T20:30:00Z")]),
        Case(text: "Monday 9am CET", expected: [("2026-03-09T08:00:00Z", "2026-03-09T08:30:00Z")]),
        Case(text: "tomorrow 15:30 CET", expected: [("2026-03-05T14:30:00Z", "2026-03-05T15:00:00Z")]),
        Case(text: "Thursday 10:00", expected: [("2026-03-05T15:00:00Z", "2026-03-05T15:30:00Z")]),
        // DST edges: a skipped wall-clock time is refused; a repeated one is the first.
        Case(text: "Sunday 2:30am ET", expected: []),
        Case(text: "Sunday 3:30am ET", expected: [("2026-03-08T07:30:00Z", "2026-03-08T08:00:00Z")]),
        Case(text: "Sunday 1:30am ET", expected: [("2026-03-08T06:30:00Z", "2026-03-08T07:00:00Z")]),
        Case(text: "Sunday 1:30am ET", sentAt: october29, expected: [("2026-11-01T05:30:00Z", "2026-11-01T06:00:00Z")]),
        Case(text: "Sunday 9am ET", sentAt: october29, expected: [("2026-11-01T14:00:00Z", "2026-11-01T14:30:00Z")]),
        Case(text: "Monday 9am CET", sentAt: october29, expected: [("2026-11-02T08:00:00Z", "2026-11-02T08:30:00Z")]),
        Case(text: "Sunday morning ET", expected: [("2026-03-08T13:00:00Z", "2026-03-08T16:00:00Z")]),
        // "My time" is the lead's zone, "your time" the workspace's; unknown lead zone → nothing.
        Case(text: "tomorrow at noon my time", leadZone: "America/Los_Angeles", expected: [("2026-03-05T20:00:00Z", "2026-03-05T20:30:00Z")]),
        Case(text: "tomorrow at noon my time", expected: []),
        Case(text: "tomorrow at noon", expected: [("2026-03-05T17:00:00Z", "2026-03-05T17:30:00Z")]),
        Case(text: "tomorrow at noon", leadZone: "America/Los_Angeles", expected: [("2026-03-05T20:00:00Z", "2026-03-05T20:30:00Z")]),
        Case(text: "tomorrow at noon your time", leadZone: "America/Los_Angeles", expected: [("2026-03-05T17:00:00Z", "2026-03-05T17:30:00Z")]),
        Case(text: "Friday 10am my time", leadZone: "Europe/Berlin", expected: [("2026-03-06T09:00:00Z", "2026-03-06T09:30:00Z")]),
        // Ranges and windows.
        Case(text: "any time after 2 on the 14th", expected: [("2026-03-14T18:00:00Z", "2026-03-14T21:00:00Z")]),
        Case(text: "between 2 and 4 on Friday", expected: [("2026-03-06T19:00:00Z", "2026-03-06T21:00:00Z")]),
        Case(text: "Friday 2-4pm", expected: [("2026-03-06T19:00:00Z", "2026-03-06T21:00:00Z")]),
        Case(text: "Friday from 10 to 11:30am", expected: [("2026-03-06T15:00:00Z", "2026-03-06T16:30:00Z")]),
        Case(text: "Friday before 11", expected: [("2026-03-06T14:00:00Z", "2026-03-06T16:00:00Z")]),
        Case(text: "Friday afternoon", expected: [("2026-03-06T17:00:00Z", "2026-03-06T22:00:00Z")]),
        Case(text: "Friday evening", expected: [("2026-03-06T22:00:00Z", "2026-03-07T01:00:00Z")]),
        Case(text: "Friday lunch?", expected: [("2026-03-06T17:00:00Z", "2026-03-06T18:00:00Z")]),
        Case(text: "Friday works", expected: [("2026-03-06T14:00:00Z", "2026-03-06T22:00:00Z")]),
        Case(text: "tomorrow is wide open", expected: [("2026-03-05T14:00:00Z", "2026-03-05T22:00:00Z")]),
        // Said on a Wednesday morning: "Wed afternoon" is today's.
        Case(
            text: "Tue or Wed afternoon",
            expected: [("2026-03-04T17:00:00Z", "2026-03-04T22:00:00Z"), ("2026-03-10T16:00:00Z", "2026-03-10T21:00:00Z")]),
        Case(
            text: "Tue 3pm or Wed 10am",
            expected: [("2026-03-10T19:00:00Z", "2026-03-10T19:30:00Z"), ("2026-03-11T14:00:00Z", "2026-03-11T14:30:00Z")]),
        Case(text: "at 3 on Friday", expected: [("2026-03-06T20:00:00Z", "2026-03-06T20:30:00Z")]),
        Case(text: "Friday at 8", expected: [("2026-03-06T13:00:00Z", "2026-03-06T13:30:00Z")]),
        // Today, the same weekday, and the past.
        Case(text: "today at 4pm", expected: [("2026-03-04T21:00:00Z", "2026-03-04T21:30:00Z")]),
        Case(text: "today at 9am", expected: []),
        Case(text: "Wednesday at 3pm", expected: [("2026-03-04T20:00:00Z", "2026-03-04T20:30:00Z")]),
        Case(text: "Wednesday at 9am", expected: [("2026-03-11T13:00:00Z", "2026-03-11T13:30:00Z")]),
        // Dates.
        Case(text: "Nov 14 at 10am", expected: [("2026-11-14T15:00:00Z", "2026-11-14T15:30:00Z")]),
        Case(text: "the 31st", expected: [("2026-03-31T13:00:00Z", "2026-03-31T21:00:00Z")]),
        Case(text: "3/14 at 2pm", expected: [("2026-03-14T18:00:00Z", "2026-03-14T18:30:00Z")]),
        Case(text: "14/3 at 2pm", expected: [("2026-03-14T18:00:00Z", "2026-03-14T18:30:00Z")]),
        // Wrong or ambiguous: nothing is invented.
        Case(text: "the 31st", sentAt: april20, expected: []),
        Case(text: "Feb 30 at 10am", expected: []),
        Case(text: "3/4 at 2pm", expected: []),
        Case(text: "Friday at 25pm", expected: []),
        // A clock time with no day is today's while it is ahead; "next week" is its working days.
        Case(text: "3pm works for me", expected: [("2026-03-04T20:00:00Z", "2026-03-04T20:30:00Z")]),
        Case(
            text: "next week sometime",
            expected: [
                ("2026-03-09T13:00:00Z", "2026-03-09T21:00:00Z"), ("2026-03-10T13:00:00Z", "2026-03-10T21:00:00Z"),
                ("2026-03-11T13:00:00Z", "2026-03-11T21:00:00Z"), ("2026-03-12T13:00:00Z", "2026-03-12T21:00:00Z"),
                ("2026-03-13T13:00:00Z", "2026-03-13T21:00:00Z"),
            ]),
        Case(text: "We have 2 offices and 40 people", expected: []),
        Case(text: "Friday. 3pm", expected: [("2026-03-06T14:00:00Z", "2026-03-06T22:00:00Z")]),
        // Said on Wednesday 4 March at 11:00 in New York: open ranges, parts of today, bare clocks.
        Case(text: "after 2 pm", expected: [("2026-03-04T19:00:00Z", "2026-03-04T22:00:00Z")]),
        Case(text: "before noon", expected: [("2026-03-04T16:30:00Z", "2026-03-04T17:00:00Z")]),
        Case(text: "this afternoon at 3", expected: [("2026-03-04T20:00:00Z", "2026-03-04T20:30:00Z")]),
        Case(text: "3:30 to 6 PM works", expected: [("2026-03-04T20:30:00Z", "2026-03-04T23:00:00Z")]),
        Case(text: "at noon", expected: [("2026-03-04T17:00:00Z", "2026-03-04T17:30:00Z")]),
        Case(text: "this morning if you can", expected: [("2026-03-04T16:30:00Z", "2026-03-04T17:00:00Z")]),
        Case(text: "at 9am", expected: [("2026-03-05T14:00:00Z", "2026-03-05T14:30:00Z")]),
        Case(text: "tomorrow afternoon", expected: [("2026-03-05T17:00:00Z", "2026-03-05T22:00:00Z")]),
        // Weeks and their parts.
        Case(
            text: "early next week",
            expected: [("2026-03-09T13:00:00Z", "2026-03-09T21:00:00Z"), ("2026-03-10T13:00:00Z", "2026-03-10T21:00:00Z")]),
        Case(
            text: "late next week, mornings",
            expected: [("2026-03-12T13:00:00Z", "2026-03-12T16:00:00Z"), ("2026-03-13T13:00:00Z", "2026-03-13T16:00:00Z")]),
        Case(text: "Friday of next week at 10", expected: [("2026-03-13T14:00:00Z", "2026-03-13T14:30:00Z")]),
        Case(text: "Tuesday next week at 2pm", expected: [("2026-03-10T18:00:00Z", "2026-03-10T18:30:00Z")]),
        Case(
            text: "the week of the 16th",
            expected: [
                ("2026-03-16T13:00:00Z", "2026-03-16T21:00:00Z"), ("2026-03-17T13:00:00Z", "2026-03-17T21:00:00Z"),
                ("2026-03-18T13:00:00Z", "2026-03-18T21:00:00Z"), ("2026-03-19T13:00:00Z", "2026-03-19T21:00:00Z"),
                ("2026-03-20T13:00:00Z", "2026-03-20T21:00:00Z"),
            ]),
        Case(
            text: "in two weeks, afternoons",
            expected: [
                ("2026-03-16T16:00:00Z", "2026-03-16T21:00:00Z"), ("2026-03-17T16:00:00Z", "2026-03-17T21:00:00Z"),
                ("2026-03-18T16:00:00Z", "2026-03-18T21:00:00Z"), ("2026-03-19T16:00:00Z", "2026-03-19T21:00:00Z"),
                ("2026-03-20T16:00:00Z", "2026-03-20T21:00:00Z"),
            ]),
        Case(
            text: "end of the month",
            expected: [
                ("2026-03-27T13:00:00Z", "2026-03-27T21:00:00Z"), ("2026-03-30T13:00:00Z", "2026-03-30T21:00:00Z"),
                ("2026-03-31T13:00:00Z", "2026-03-31T21:00:00Z"),
            ]),
        // Years, and a weekday that does not match its date.
        Case(text: "29 Apr 2009 at 3pm", expected: []),
        Case(text: "March 6, 2026 at 3pm", expected: [("2026-03-06T20:00:00Z", "2026-03-06T20:30:00Z")]),
        Case(text: "Friday 10 March at 2pm", expected: []),
        Case(text: "Friday 6 March at 2pm", expected: [("2026-03-06T19:00:00Z", "2026-03-06T19:30:00Z")]),
        // A hard line wrap is not a sentence end.
        Case(text: "Could we meet on\nTuesday at 3?", expected: [("2026-03-10T19:00:00Z", "2026-03-10T19:30:00Z")]),
    ]

    @Test(arguments: cases)
    func resolvesExpressions(_ example: Case) {
        let parser = MeetingTimeParser(workspaceTimeZone: TimeZone(identifier: "America/New_York")!)
        let found = parser.parse(example.text, sentAt: example.sentAt, leadTimeZone: example.leadZone.flatMap(TimeZone.init(identifier:)))
        let got = found.map { (ISO8601DateFormatter().string(from: $0.start), ISO8601DateFormatter().string(from: $0.end)) }
        #expect(got.map { "\($0.0)–\($0.1)" } == example.expected.map { "\($0.0)–\($0.1)" })
    }

    @Test func slotsAndWindowsSayWhichTheyAre() {
        let parser = MeetingTimeParser(workspaceTimeZone: TimeZone(identifier: "America/New_York")!)
        let found = parser.parse("Tue 3pm ET, or Thursday morning", sentAt: Self.march4, leadTimeZone: nil)
        #expect(found.map(\.kind) == [.window, .slot], "Thursday (5 March) comes before Tuesday (10 March)")
        #expect(found.map(\.timeZone) == ["America/New_York", "America/New_York"])
        #expect(found.map(\.phrase) == ["thursday morning", "tue 3pm"])
    }

    static func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }
}

/// chrono's English test cases (`Fixtures/chrono`, MIT licence) through the meeting-time parser.
/// chrono reads any date, past or future; this parser reads offers to meet, so its meaning differs
/// where chrono's does: a past date is no offer (nothing), a weekday is its next occurrence, a day
/// without a time is its working hours. Each case is one of: agrees (the same day, and the same time
/// when chrono's fixes one), past (chrono's date is before the message; nothing read), or differs;
/// every difference is listed in docs/drafting.md ("Times").
@Suite("Meeting times: chrono's test cases")
struct ChronoCasesTests {
    @Test func chronosCasesAreReadAsMeetingTimes() throws {
        let score = try ReplyReaderTests.fixtures.chrono()
        #expect(score.total >= 250)
        if ProcessInfo.processInfo.environment["REPLYWRIGHT_PRINT_CONFUSION"] == "1" {
            print(
                "chrono: \(score.agree) agree, \(score.past) past (nothing read), \(score.outOfScope) durations and periods, \(score.differ.count) differ of \(score.total)"
            )
            for line in score.differ { print("  \(line)") }
        }
        #expect(
            score.agree + score.past >= 90,
            Comment(rawValue: "\(score.agree) agree, \(score.past) past; differ:\n" + score.differ.joined(separator: "\n")))
    }
}
