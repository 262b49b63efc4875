import Foundation
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore
import ReplywrightTesting
import Testing

/// Offered slots spread across leads: a slot offered to one lead is held for them until they
/// answer, book or 48 hours pass, and offered to nobody else meanwhile; the lead's own window
/// comes first. Through the real ingest, queue and drafting, on both engines.
@Suite("Slot holds")
struct SlotHoldTests {
    static let monday = ISO8601.parse("2026-11-30T15:00:00Z")!

    static func ask(_ store: SQLStore, _ workspace: Workspace, lead number: Int, at time: Date, text: String) async throws -> InboundIngestor.Result {
        var inbound = Fixtures.inbound(
            email: "lead\(number)@brightline.example", externalID: "ask-\(number)-\(time.timeIntervalSince1970)", body: text)
        inbound.message.occurredAt = time
        inbound.lead.customVariables = [:]
        return try await InboundIngestor(store: store).ingest(inbound, in: workspace.id)
    }

    @Test(arguments: TestDatabases.engines)
    func leadsAskingAtOnceAreOfferedDifferentSlotsInsideTheirWindow(engine: DatabaseEngine) async throws {
        let clock = TestClock(Self.monday)
        try await TestDatabases.withStore(engine, clock: clock) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            _ = try await store.savePolicySettings(PolicySettings(timeZone: "America/New_York"), in: workspace.id)
            let text = "Sounds good - can you send me some times for a quick call next week?"
            var offered: [Date] = []
            for number in 0..<6 {
                _ = try await Self.ask(store, workspace, lead: number, at: clock.now, text: text)
                try await ConversationPolicyTests.work(store, clock: clock)
            }
            let held = try await store.heldSlots(at: clock.now, except: nil, in: workspace.id)
            offered = Array(held.keys)
            #expect(held.values.allSatisfy { $0 == 1 }, "no slot is held by two leads: \(held)")
            #expect(offered.count == 18, "three slots for each of six leads: \(offered.count)")
            // Next week is Monday 7 to Friday 11 December, New York time.
            let nextWeek = ISO8601.parse("2026-12-07T05:00:00Z")!..<ISO8601.parse("2026-12-12T05:00:00Z")!
            #expect(offered.allSatisfy { nextWeek.contains($0) }, "inside the week the leads asked for")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aHoldEndsWhenTheLeadAnswersBooksOrTwoDaysPass(engine: DatabaseEngine) async throws {
        let clock = TestClock(Self.monday)
        try await TestDatabases.withStore(engine, clock: clock) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let first = try await Self.ask(store, workspace, lead: 1, at: clock.now, text: "Can you send me some times?")
            try await ConversationPolicyTests.work(store, clock: clock)
            let draft = try #require(try await store.draft(forTrigger: first.messageID, in: workspace.id))
            let held = try await store.heldSlots(at: clock.now, except: nil, in: workspace.id)
            #expect(held.count == 3, "\(draft.body)")
            // Another lead is offered other slots while the first lead's are held.
            let second = try await Self.ask(store, workspace, lead: 2, at: clock.now, text: "What times work for you?")
            try await ConversationPolicyTests.work(store, clock: clock)
            #expect(try await store.heldSlots(at: clock.now, except: second.leadID, in: workspace.id).keys.count == 3)
            #expect(Set(try await store.heldSlots(at: clock.now, except: first.leadID, in: workspace.id).keys).isDisjoint(with: held.keys))
            // The first lead answers: their offer is theirs no longer.
            clock.advance(by: .seconds(600))
            _ = try await Self.ask(store, workspace, lead: 1, at: clock.now, text: "None of those work, sorry.")
            #expect(try await store.heldSlots(at: clock.now, except: second.leadID, in: workspace.id).isEmpty)
            // The second lead books: theirs go too.
            _ = try await store.recordBooking(
                BookingEvent(
                    provider: .generic, kind: .booked, email: "lead2@brightline.example", externalID: "b-1", startsAt: nil, occurredAt: clock.now),
                in: workspace.id)
            #expect(try await store.heldSlots(at: clock.now, except: nil, in: workspace.id).isEmpty)
            // A third lead's hold lapses after 48 hours.
            _ = try await Self.ask(store, workspace, lead: 3, at: clock.now, text: "Send me a few times please.")
            try await ConversationPolicyTests.work(store, clock: clock)
            #expect(try await store.heldSlots(at: clock.now, except: nil, in: workspace.id).count == 3)
            #expect(
                try await store.heldSlots(at: clock.now.addingTimeInterval(BookingSettings.holdDuration + 1), except: nil, in: workspace.id).isEmpty)
        }
    }

    @Test func aSharedSlotIsOfferedUpToTheShare() throws {
        var booking = BookingSettings()
        let now = try #require(ISO8601.parse("2026-12-04T20:00:00Z"))
        let zone = TimeZone(identifier: "America/New_York")!
        let first = booking.slots(after: now, zone: zone, ruledOut: [], notBefore: nil)
        let held = Dictionary(uniqueKeysWithValues: first.map { ($0, 1) })
        #expect(Set(booking.slots(after: now, zone: zone, ruledOut: [], notBefore: nil, held: held)).isDisjoint(with: first))
        booking.slotShare = 2
        #expect(booking.slots(after: now, zone: zone, ruledOut: [], notBefore: nil, held: held) == first, "two leads may share each")
    }
}
