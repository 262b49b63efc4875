import Foundation
import ReplywrightCore
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
        Case(text: "3pm works for me", expected: []),
        Case(text: "next week sometime", expected: []),
        Case(text: "We have 2 offices and 40 people", expected: []),
        Case(text: "Friday. 3pm", expected: [("2026-03-06T14:00:00Z", "2026-03-06T22:00:00Z")]),
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
