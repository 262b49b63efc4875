import Foundation
import Metrics
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore
import ReplywrightTesting
import Testing

/// The conversation policy per intent, one live draft per conversation, and follow-ups, through
/// the real ingest, queue and job handlers on both engines.
@Suite("Conversation policy")
struct ConversationPolicyTests {
    static let monday = ISO8601.parse("2026-11-30T15:00:00Z")!

    static func ingest(_ store: SQLStore, _ workspace: Workspace, _ body: String, id: String, at time: Date) async throws -> InboundIngestor.Result {
        var inbound = Fixtures.inbound(externalID: id, body: body)
        inbound.message.occurredAt = time
        return try await InboundIngestor(store: store).ingest(inbound, in: workspace.id)
    }

    /// The rules tier's drafter on the test clock.
    static func drafter(_ store: SQLStore, clock: TestClock) -> ReplyDrafter {
        let telemetry = AITelemetry(recorder: store, metrics: NOOPMetricsHandler.instance)
        return ReplyDrafter(
            pipeline: DraftPipeline(store: store, llm: nil, telemetry: telemetry, configuration: DraftingConfiguration(), now: { clock.now }),
            overseer: OverseerLoop(
                store: store, llm: nil, configuration: DraftingConfiguration(), telemetry: telemetry,
                sender: DraftSender(store: store, transport: nil), now: { clock.now }))
    }

    /// Runs every due job (draft replies, follow-ups) as a node's workers would.
    static func work(_ store: SQLStore, clock: TestClock) async throws {
        let drafter = drafter(store, clock: clock)
        try await JobWorker(
            queue: store,
            handlers: StandardJobs.handlers(
                store: store, pipeline: drafter.pipeline, overseer: drafter.overseer, transport: nil),
            configuration: JobWorkerConfiguration(workerID: "w"), metrics: NOOPMetricsHandler.instance,
            logger: TestDatabases.logger
        ).runUntilIdle()
    }

    @Test(arguments: TestDatabases.engines)
    func anUnsubscribeGetsNoReplyAndClosesTheWaitingDraft(engine: DatabaseEngine) async throws {
        let clock = TestClock(Self.monday)
        try await TestDatabases.withStore(engine, clock: clock) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let first = try await Self.ingest(store, workspace, "Sounds interesting, tell me more.", id: "m1", at: Self.monday)
            try await Self.work(store, clock: clock)
            let waiting = try #require(try await store.draft(forTrigger: first.messageID, in: workspace.id))
            #expect(waiting.status == .pending)

            clock.advance(by: .seconds(60))
            let stop = try await Self.ingest(store, workspace, "Actually, please remove me from your list.", id: "m2", at: clock.now)
            try await Self.work(store, clock: clock)
            #expect(try await store.draft(forTrigger: stop.messageID, in: workspace.id) == nil, "no reply to an unsubscribe")
            #expect(try await store.draft(waiting.id, in: workspace.id).status == .superseded, "the older draft can no longer go out")
            #expect(try await store.lead(first.leadID, in: workspace.id).optedOut)
            let refused = try await #require(throws: AppError.self) {
                try await store.review(waiting.id, in: workspace.id, action: .approve, by: .setter)
            }
            #expect(refused.code == .conflict && refused.message.hasPrefix("a newer message from the lead arrived"))
            let decisions = try await store.decisions(leadID: first.leadID, in: workspace.id, limit: 50).filter { $0.messageID == stop.messageID }
            #expect(decisions.contains { $0.stage == .finalizer && $0.reasons == ["no reply drafted: the lead asked not to be contacted"] })
        }
    }

    @Test(arguments: TestDatabases.engines)
    func anAwayLeadGetsAFreshReplyTheWorkingDayAfterTheyAreBack(engine: DatabaseEngine) async throws {
        let clock = TestClock(Self.monday)
        try await TestDatabases.withStore(engine, clock: clock) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            // Back on Friday 4 December: the follow-up is due Monday 7 December, 9 am in the lead's zone
            // (Maya's city is Austin: Central time).
            let away = try await Self.ingest(
                store, workspace, "I'm on vacation until Friday 4 December with limited access to email.",
                id: "ooo", at: Self.monday)
            try await Self.work(store, clock: clock)
            #expect(try await store.drafts(leadID: away.leadID, in: workspace.id).isEmpty, "no reply to an away notice")
            let followUp = try #require(try await store.followUps(leadID: away.leadID, in: workspace.id).first)
            #expect(followUp.reason == .outOfOffice && followUp.state == .scheduled)
            #expect(followUp.dueAt == ISO8601.parse("2026-12-07T15:00:00Z"), "\(ISO8601.format(followUp.dueAt))")
            let memory = try await store.memory(leadID: away.leadID, in: workspace.id, at: clock.now)
            #expect(memory.contains { $0.category == "do_not_contact_before" }, "the return date is remembered")

            clock.advance(by: .seconds(86_400 * 3))
            try await Self.work(store, clock: clock)
            #expect(try await store.drafts(leadID: away.leadID, in: workspace.id).isEmpty, "not before it is due")

            clock.advance(by: .seconds(86_400 * 5))
            try await Self.work(store, clock: clock)
            let fresh = try #require(try await store.drafts(leadID: away.leadID, in: workspace.id).first)
            #expect(fresh.status == .pending && fresh.intent == .interested, "\(fresh.status), \(fresh.intent): \(fresh.body)")
            #expect(["Welcome back", "good break"].contains(where: fresh.body.contains), "\(fresh.body)")
            #expect(try await store.followUp(followUp.id, in: workspace.id).state == .done)
            let decisions = try await store.decisions(leadID: away.leadID, in: workspace.id, limit: 50)
            // Overseen like any draft, and approved as written: "until Friday 4 December" offered no
            // time, so asking for one is no re-ask (it was cut, or the draft blocked when nothing was left).
            let gate = try #require(decisions.first { $0.draftID == fresh.id && $0.stage == .gate }, "the follow-up is overseen")
            #expect(gate.verdict == .approve, "\(gate.reasons): \(fresh.body)")
        }
    }

    /// "Email only, no calls": the rules tier answers and asks for no call, for any archetype
    /// (eight leads), so the gate has nothing to cut.
    @Test func aLeadWhoWantsEmailOnlyGetsNoCallToAction() async throws {
        let clock = TestClock(Self.monday)
        try await TestDatabases.withStore(.sqlite, clock: clock) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            var leads: [Identifier<Lead>] = []
            for index in 0..<8 {
                var inbound = Fixtures.inbound(
                    email: "lead\(index)@example.com", externalID: "m-\(index)",
                    body: "Email only please, no calls. What does it cost, and when could we start?")
                inbound.message.occurredAt = Self.monday
                leads.append(try await InboundIngestor(store: store).ingest(inbound, in: workspace.id).leadID)
            }
            try await Self.work(store, clock: clock)
            for lead in leads {
                let draft = try #require(try await store.drafts(leadID: lead, in: workspace.id).first)
                #expect(draft.status == .pending && !draft.body.lowercased().contains("call"), "\(draft.archetypeID): \(draft.body)")
                let gate = try #require(try await store.decisions(leadID: lead, in: workspace.id, limit: 20).first { $0.stage == .gate })
                #expect(gate.verdict == .approve, "\(gate.reasons): \(draft.body)")
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func writingAgainOrBookingCancelsTheFollowUp(engine: DatabaseEngine) async throws {
        let clock = TestClock(Self.monday)
        try await TestDatabases.withStore(engine, clock: clock) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let later = try await Self.ingest(store, workspace, "Not right now. Reach out again in March.", id: "later", at: Self.monday)
            try await Self.work(store, clock: clock)
            let ack = try #require(try await store.draft(forTrigger: later.messageID, in: workspace.id))
            #expect(ack.body.contains("March") && !ack.body.lowercased().contains("call"), "a short acknowledgement:\n\(ack.body)")
            let followUp = try #require(try await store.followUps(leadID: later.leadID, in: workspace.id).first)
            #expect(followUp.reason == .notNow && followUp.dueAt == ISO8601.parse("2027-03-01T15:00:00Z"), "9 am in Austin")

            clock.advance(by: .seconds(3600))
            _ = try await Self.ingest(store, workspace, "Actually, what does it cost?", id: "again", at: clock.now)
            #expect(try await store.followUp(followUp.id, in: workspace.id).state == .cancelled, "the lead wrote again")
            #expect(try await store.draft(ack.id, in: workspace.id).status == .superseded)

            let away = try await Self.ingest(store, workspace, "Out of office until Monday.", id: "ooo", at: clock.now)
            try await Self.work(store, clock: clock)
            let second = try #require(try await store.followUps(leadID: away.leadID, in: workspace.id).first { $0.state == .scheduled })
            _ = try await store.recordBooking(
                BookingEvent(
                    provider: .generic, kind: .booked, email: "maya@brightline.example", externalID: "b1", startsAt: nil,
                    occurredAt: clock.now), in: workspace.id)
            #expect(try await store.followUp(second.id, in: workspace.id).state == .cancelled, "a booked lead needs no follow-up")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func oneLiveDraftPerConversation(engine: DatabaseEngine) async throws {
        let clock = TestClock(Self.monday)
        try await TestDatabases.withStore(engine, clock: clock) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let first = try await Self.ingest(store, workspace, "Do you integrate with HubSpot?", id: "a", at: Self.monday)
            clock.advance(by: .seconds(60))
            // The lead writes again before the first job ran: its draft is born superseded.
            let second = try await Self.ingest(store, workspace, "Also, what does it cost?", id: "b", at: clock.now)
            try await Self.work(store, clock: clock)
            let old = try #require(try await store.draft(forTrigger: first.messageID, in: workspace.id))
            let live = try #require(try await store.draft(forTrigger: second.messageID, in: workspace.id))
            #expect(old.status == .superseded && live.status == .pending)
            #expect(try await store.pendingDrafts(in: workspace.id, limit: 10).map(\.id) == [live.id], "the inbox shows the live one")

            let regenerated = try await Self.drafter(store, clock: clock).regenerate(for: live.leadID, in: workspace.id, logger: TestDatabases.logger)
            let replaced = try await store.draft(live.id, in: workspace.id)
            #expect(regenerated.status == .pending && replaced.status == .superseded, "a regeneration replaces the draft it was asked instead of")
            let sent = await #expect(throws: AppError.self) {
                _ = try await DraftSender(store: store, transport: nil).send(live.id, in: workspace.id, action: .send)
            }
            #expect(sent?.code == .conflict)
        }
    }
}

@Suite("Booking in the draft")
struct BookingInTheDraftTests {
    @Test(arguments: TestDatabases.engines)
    func aLeadAskingForTimesGetsConcreteSlotsOrTheLink(engine: DatabaseEngine) async throws {
        let clock = TestClock(ConversationPolicyTests.monday)
        try await TestDatabases.withStore(engine, clock: clock) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            _ = try await store.savePolicySettings(PolicySettings(timeZone: "America/New_York"), in: workspace.id)
            let asks = try await ConversationPolicyTests.ingest(store, workspace, "Sounds good, can you send me some times?", id: "t", at: clock.now)
            try await ConversationPolicyTests.work(store, clock: clock)
            let slots = try #require(try await store.draft(forTrigger: asks.messageID, in: workspace.id))
            // In the lead's zone (Maya's city is Austin), the team's own beside it.
            #expect(
                slots.body.contains("Tuesday 1 December at 9:00 am CST (10:00 am EST)")
                    || slots.body.contains("Tuesday 1 December at 2:00 pm CST (3:00 pm EST)"),
                "concrete times from the team's hours, in words:\n\(slots.body)")
            #expect(slots.body.components(separatedBy: " EST)").count - 1 >= 2, "two or three of them:\n\(slots.body)")

            _ = try await store.savePolicySettings(
                PolicySettings(timeZone: "America/New_York", booking: BookingSettings(link: "https://cal.example/jordan/30")), in: workspace.id)
            clock.advance(by: .seconds(60))
            let again = try await ConversationPolicyTests.ingest(store, workspace, "What times work for you?", id: "t2", at: clock.now)
            try await ConversationPolicyTests.work(store, clock: clock)
            let link = try #require(try await store.draft(forTrigger: again.messageID, in: workspace.id))
            #expect(link.body.contains("https://cal.example/jordan/30"), "\(link.body)")
        }
    }
}
