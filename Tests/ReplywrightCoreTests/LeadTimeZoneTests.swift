import Foundation
import ReplywrightCore
import Testing

/// Where the lead is, and what happens to the times they offered.
@Suite("The lead's zone and their times")
struct LeadTimeZoneTests {
    @Test func theZoneComesFromMemoryThenVariablesThenTheSignature() throws {
        let pacific = LeadMemoryEntry(
            id: "m", leadID: "l", category: MemoryCategory.timeZone.rawValue, text: "I'm on Pacific time",
            detail: ["zone": "America/Los_Angeles"], expiresAt: .distantFuture, createdAt: Date())
        #expect(LeadTimeZone.resolve(memory: [pacific], variables: ["city": "Berlin"])?.identifier == "America/Los_Angeles")
        #expect(LeadTimeZone.resolve(memory: [], variables: ["timezone": "Europe/Madrid"])?.identifier == "Europe/Madrid")
        #expect(LeadTimeZone.resolve(memory: [], variables: ["timezone": "CET"])?.identifier == "Europe/Berlin")
        #expect(LeadTimeZone.resolve(memory: [], variables: ["city": "Austin"])?.identifier == "America/Chicago")
        #expect(LeadTimeZone.resolve(memory: [], variables: ["country": "Netherlands"])?.identifier == "Europe/Amsterdam")
        #expect(LeadTimeZone.resolve(memory: [], signature: "Ana Souza\nHead of Growth\nLisbon, Portugal")?.identifier == "Europe/Lisbon")
        #expect(LeadTimeZone.resolve(memory: [], signature: "Ana Souza\n+44 20 7946 0958")?.identifier == "Europe/London")
        #expect(LeadTimeZone.resolve(memory: [], signature: "Ana\n+353 1 555 0100")?.identifier == "Europe/Dublin")
        // +1 spans a continent; an unknown city says nothing.
        #expect(LeadTimeZone.resolve(memory: [], signature: "Ana\n+1 415 555 0100") == nil)
        #expect(LeadTimeZone.resolve(memory: [], variables: ["city": "Springfield"]) == nil)
    }

    /// A closing name block with no sign-off word is the signature too; a one-paragraph message
    /// has none.
    @Test func aNameBlockWithoutASignOffIsTheSignature() {
        let body = "Thursday at 2pm works for me.\n\nTom Becker\nHead of Revenue Operations | Lumen Labs\nChicago, IL"
        #expect(LeadTimeZone.signature(in: body).hasSuffix("Chicago, IL"))
        #expect(LeadTimeZone.resolve(memory: [], signature: LeadTimeZone.signature(in: body))?.identifier == "America/Chicago")
        #expect(LeadTimeZone.signature(in: "Can we talk Friday? I'm in London.") == "")
        #expect(LeadTimeZone.signature(in: "Works for me.\n\nWhat time suits you, and who joins?") == "", "a closing question is not a signature")
    }

    @Test func bothZonesAreWrittenWhenTheyDiffer() throws {
        let date = try #require(ISO8601.parse("2026-12-08T15:00:00Z"))
        let chicago = TimeZone(identifier: "America/Chicago")!, newYork = TimeZone(identifier: "America/New_York")!
        #expect(SpokenTime.dateTime(date, in: chicago, also: newYork) == "Tuesday 8 December at 9:00 am CST (10:00 am EST)")
        #expect(SpokenTime.dateTime(date, in: newYork, also: newYork) == "Tuesday 8 December at 10:00 am EST")
        #expect(
            SpokenTime.withoutConversions("Would Tuesday 8 December at 9:00 am CST (10:00 am EST) work?")
                == "Would Tuesday 8 December at 9:00 am CST work?")
    }

    /// "Thursday 3pm works", answered a week later: the same weekday and time a week on is offered.
    @Test func aTimeThatPassedIsOfferedAWeekLater() throws {
        let sentAt = try #require(ISO8601.parse("2026-12-07T15:00:00Z"))  // Monday
        let lead = Lead(id: "l", workspaceID: "w", email: "maya@brightline.example", createdAt: sentAt, updatedAt: sentAt)
        let parser = MeetingTimeParser(workspaceTimeZone: TimeZone(identifier: "UTC")!)
        let context = OverseerContext(draft: "", inbound: "Thursday 3pm works", memory: [], lead: lead, sentAt: sentAt, leadTimeZone: nil)
        guard case .confirm(let slot) = BookingGate.decide(context, parser: parser, now: sentAt) else {
            Issue.record("a time ahead is confirmed")
            return
        }
        #expect(ISO8601.format(slot.start) == "2026-12-10T15:00:00.000Z")
        let later = BookingGate.decide(context, parser: parser, now: sentAt.addingTimeInterval(5 * 86_400))
        guard case .propose(let next) = later else {
            Issue.record("a passed time is offered a week on, not asked again: \(later)")
            return
        }
        #expect(ISO8601.format(next.start) == "2026-12-17T15:00:00.000Z" && next.kind == .slot)
    }
}
