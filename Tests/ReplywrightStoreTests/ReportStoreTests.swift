import Foundation
import ReplywrightCore
import ReplywrightStore
import ReplywrightTesting
import Testing

/// The report's SQL against Core's reference attribution, on both engines.
@Suite("Report store")
struct ReportStoreTests {
    let t0 = Date(timeIntervalSince1970: 1_780_000_000)
    let day: TimeInterval = 86_400

    /// A small deterministic generator, so a failure reproduces.
    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    @Test(arguments: TestDatabases.engines)
    func sqlCellsEqualTheReferenceAttribution(engine: DatabaseEngine) async throws {
        try await TestDatabases.withStore(engine) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let (other, _) = try await Fixtures.workspace(store, name: "Other")
            var random = SplitMix(state: 42)
            var reference: [ReportMessage] = []
            var leads: [Attribution.LeadState] = []
            let senders: [(MessageSender, Draft.Disposition?)] = [(.setter, nil), (.ai, .approved), (.ai, .edited), (.ai, .autoSent), (.ai, nil)]
            let intents: [ReplyIntent] = [.interested, .pricingQuestion, .wantsTimes]
            for index in 0..<60 {
                let lead = try await store.upsertLead(LeadProfile(email: "lead\(index)@x.example"), in: workspace.id)
                // Even seconds for ours, odd for theirs: "the lead's last message before it" is never a tie.
                var clock = t0.addingTimeInterval(Double(random.below(40)) * day + Double(random.below(1_000)) * 2)
                var lastInbound: (at: Date, intent: ReplyIntent)?
                var mine: [ReportMessage] = []
                // Messages are inserted in a shuffled order below (imports and retried webhooks
                // arrive out of order): what each one answered must still come out right.
                var planned: [NewMessage] = []
                for turn in 0..<(1 + random.below(5)) {
                    if random.below(3) > 0 {
                        let intent = intents[random.below(intents.count)]
                        let at = clock.addingTimeInterval(1)
                        planned.append(
                            NewMessage(
                                channel: .email, direction: .inbound, sender: .lead, body: "reply \(turn)",
                                externalID: "in-\(index)-\(turn)", occurredAt: at, intent: intent))
                        lastInbound = (at, intent)
                        clock = clock.addingTimeInterval(Double(2 * (1 + random.below(5_000))))
                    }
                    let (sender, disposition) = senders[random.below(senders.count)]
                    let channel: Channel = random.below(4) == 0 ? .sms : .email
                    let body = String(repeating: "word ", count: 10 + random.below(300))
                    planned.append(
                        NewMessage(
                            channel: channel, direction: .outbound, sender: sender, body: body, externalID: "out-\(index)-\(turn)",
                            occurredAt: clock, disposition: disposition))
                    mine.append(
                        ReportMessage(
                            outbound: Attribution.Outbound(id: "out-\(index)-\(turn)", leadID: lead.id.rawValue, channel: channel, sentAt: clock),
                            sender: SenderSegment(sender: sender, disposition: disposition)!, archetype: nil, characters: body.unicodeScalars.count,
                            waited: lastInbound.map { clock.timeIntervalSince($0.at) }, intent: lastInbound?.intent.rawValue))
                    // Sometimes a second message at the same instant on the other channel: a tie.
                    if random.below(8) == 0 {
                        let twin: Channel = channel == .sms ? .email : .sms
                        planned.append(
                            NewMessage(
                                channel: twin, direction: .outbound, sender: .setter, body: "same time",
                                externalID: "tie-\(index)-\(turn)", occurredAt: clock))
                        mine.append(
                            ReportMessage(
                                outbound: Attribution.Outbound(id: "tie-\(index)-\(turn)", leadID: lead.id.rawValue, channel: twin, sentAt: clock),
                                sender: .setter, archetype: nil, characters: 9,
                                waited: lastInbound.map { clock.timeIntervalSince($0.at) }, intent: lastInbound?.intent.rawValue))
                    }
                    clock = clock.addingTimeInterval(Double(2 * (1 + random.below(200_000))))
                }
                var ids: [String: String] = [:]
                let half = planned.count / 2
                while !planned.isEmpty {
                    let next = planned.remove(at: random.below(planned.count))
                    ids[next.externalID ?? ""] = try await store.insertMessage(next, leadID: lead.id, in: workspace.id).message.id.rawValue
                    // A report half-way stores the keys of what is there; what arrives later must update them.
                    if planned.count == half {
                        _ = try await store.reportData(
                            AttributionParameters(from: t0, to: t0.addingTimeInterval(90 * day), asOf: t0.addingTimeInterval(90 * day)),
                            samplePerGroup: 0, in: workspace.id)
                    }
                }
                reference += mine.map { message in
                    var message = message
                    message.outbound.id = ids[message.outbound.id] ?? ""
                    return message
                }
                var complete = true
                if random.below(15) == 0 {
                    complete = false
                    try await store.setHistoryComplete(false, leadID: lead.id, in: workspace.id)
                }
                // About half book, some after a cancel, some rescheduled; some too late to credit anything.
                var bookedAt: Date?
                switch random.below(6) {
                case 0, 1:
                    let at = clock.addingTimeInterval(Double(random.below(20)) * day - 3 * day)
                    _ = try await store.recordBooking(
                        BookingEvent(
                            provider: .generic, kind: .booked, email: lead.email, externalID: "b\(index)",
                            startsAt: nil, occurredAt: at), in: workspace.id)
                    bookedAt = at
                case 2:
                    let at = clock.addingTimeInterval(day)
                    _ = try await store.recordBooking(
                        BookingEvent(
                            provider: .generic, kind: .booked, email: lead.email, externalID: "b\(index)",
                            startsAt: nil, occurredAt: at), in: workspace.id)
                    _ = try await store.recordBooking(
                        BookingEvent(
                            provider: .generic, kind: .canceled, email: lead.email, externalID: "b\(index)",
                            startsAt: nil, occurredAt: at.addingTimeInterval(3_600)), in: workspace.id)
                case 3:
                    let at = clock.addingTimeInterval(2 * day)
                    _ = try await store.recordBooking(
                        BookingEvent(
                            provider: .generic, kind: .booked, email: lead.email, externalID: "b\(index)",
                            startsAt: nil, occurredAt: at), in: workspace.id)
                    _ = try await store.recordBooking(
                        BookingEvent(
                            provider: .generic, kind: .rescheduled, email: lead.email, externalID: "b\(index)",
                            startsAt: nil, occurredAt: at.addingTimeInterval(5 * day)), in: workspace.id)
                    bookedAt = at
                default: break
                }
                leads.append(Attribution.LeadState(leadID: lead.id.rawValue, bookedAt: bookedAt, historyComplete: complete))
            }
            // Another workspace's bookings and messages are never counted.
            let stranger = try await store.upsertLead(LeadProfile(email: "lead0@x.example"), in: other.id)
            _ = try await store.insertMessage(
                NewMessage(
                    channel: .email, direction: .outbound, sender: .setter, body: "hi", externalID: "o-1", occurredAt: t0.addingTimeInterval(day)),
                leadID: stranger.id, in: other.id)
            _ = try await store.recordBooking(
                BookingEvent(
                    provider: .generic, kind: .booked, email: stranger.email, externalID: "ob",
                    startsAt: nil, occurredAt: t0.addingTimeInterval(2 * day)), in: other.id)

            for parameters in [
                AttributionParameters(from: t0, to: t0.addingTimeInterval(60 * day), asOf: t0.addingTimeInterval(200 * day)),
                AttributionParameters(
                    from: t0.addingTimeInterval(10 * day), to: t0.addingTimeInterval(30 * day), asOf: t0.addingTimeInterval(35 * day)),
                AttributionParameters(
                    from: t0, to: t0.addingTimeInterval(90 * day), asOf: t0.addingTimeInterval(50 * day), attributionDays: 3, maturityDays: 1),
            ] {
                let expected = ReportCell.cells(messages: reference, leads: leads, parameters: parameters)
                let actual = try await store.reportData(parameters, samplePerGroup: 3, in: workspace.id)
                #expect(ReportCell.merged(actual.cells) == expected.cells)
                #expect(ReportCell.merged(actual.cells).count == actual.cells.count, "one cell per combination")
                #expect(actual.unattributedBookings.filter { $0.value > 0 } == expected.unattributedBookings)
                #expect(actual.cells.contains { $0.crossChannel == .booked }, "the data books some meetings")
                // The sample: the newest booked and not-booked cohort messages of each sender, as Core labels them.
                let labels = Attribution.label(messages: reference.map(\.outbound), leads: leads, parameters: parameters).crossChannel
                let cohort = reference.filter { $0.outbound.sentAt >= parameters.from && $0.outbound.sentAt < parameters.to }
                for outcome in [MessageOutcome.booked, .notBooked] {
                    let newest = cohort.filter { $0.sender == .setter && labels[$0.outbound.id] == outcome }
                        .sorted { ($0.outbound.sentAt, $1.outbound.id) > ($1.outbound.sentAt, $0.outbound.id) }.prefix(3).map(\.outbound.id)
                    #expect(actual.sample.filter { $0.sender == .setter && $0.outcome == outcome }.map(\.id) == newest)
                }
                #expect(actual.sample.allSatisfy { labels[$0.id] == $0.outcome })
                #expect(actual.sample.contains { $0.outcome == .booked } && actual.sample.contains { $0.outcome == .notBooked })
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func theLatestBookingEventDecides(engine: DatabaseEngine) async throws {
        try await TestDatabases.withStore(engine) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let lead = try await store.upsertLead(LeadProfile(email: "maya@x.example"), in: workspace.id)
            func event(_ kind: BookingEvent.Kind, _ id: String, at offset: TimeInterval) -> BookingEvent {
                BookingEvent(
                    provider: .imported, kind: kind, email: lead.email, externalID: id, startsAt: nil, occurredAt: t0.addingTimeInterval(offset))
            }
            _ = try await store.recordBooking(event(.booked, "1", at: 0), in: workspace.id)
            _ = try await store.recordBooking(event(.canceled, "1", at: 100), in: workspace.id)
            var stored = try await store.lead(lead.id, in: workspace.id)
            #expect(stored.appointmentStatus == .canceled && stored.bookedAt == nil, "canceled is not booked")
            _ = try await store.recordBooking(event(.booked, "2", at: 200), in: workspace.id)
            stored = try await store.lead(lead.id, in: workspace.id)
            #expect(stored.appointmentStatus == .booked && stored.bookedAt == t0.addingTimeInterval(200), "a later booking counts")
            // An older event arriving late (an import of old history) is kept but changes nothing.
            let late = try await store.recordBooking(event(.canceled, "0", at: 50), in: workspace.id)
            #expect(!late.duplicate)
            stored = try await store.lead(lead.id, in: workspace.id)
            #expect(stored.appointmentStatus == .booked && stored.bookedAt == t0.addingTimeInterval(200))
            _ = try await store.recordBooking(event(.rescheduled, "2", at: 300), in: workspace.id)
            stored = try await store.lead(lead.id, in: workspace.id)
            #expect(stored.appointmentStatus == .rescheduled && stored.bookedAt == t0.addingTimeInterval(200), "a reschedule keeps the booking time")
        }
    }
}
