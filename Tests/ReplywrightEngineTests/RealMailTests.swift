import Foundation
import Metrics
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore
import ReplywrightTesting
import Testing

/// Real mail through the real ingest, queue and job handlers, on both engines: quoted threads
/// are not the lead's words, bounces and complaints get no sales reply, auto-replies follow the
/// away policy.
@Suite("Real mail")
struct RealMailTests {
    static let monday = ISO8601.parse("2026-12-07T15:00:00Z")!
    static let sisimai = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ReplywrightCoreTests/Fixtures/mail/sisimai")

    static func ingest(
        _ store: SQLStore, _ workspace: Workspace, _ body: String, subject: String? = nil, headers: MailHeaders = MailHeaders(),
        email: String = "maya@brightline.example", id: String, at time: Date = monday
    ) async throws -> InboundIngestor.Result {
        var inbound = Fixtures.inbound(email: email, externalID: id, body: body)
        inbound.message.occurredAt = time
        inbound.message.subject = subject
        inbound.headers = headers
        return try await InboundIngestor(store: store).ingest(inbound, in: workspace.id)
    }

    /// A `.eml` of sisimai's set, as a mailbox reader would post it (`message.raw`).
    static func ingestRaw(_ store: SQLStore, _ workspace: Workspace, file: String, email: String, id: String) async throws -> InboundIngestor.Result {
        let raw = try String(contentsOf: sisimai.appendingPathComponent(file), encoding: .isoLatin1)
        let payload = InboundWebhookPayload(
            lead: .init(email: email), message: .init(id: id, channel: "email", body: nil, receivedAt: "2026-12-07T15:00:00Z", raw: raw))
        return try await InboundIngestor(store: store).ingest(try payload.validated(now: monday), in: workspace.id)
    }

    static func finalReasons(_ store: SQLStore, _ workspace: Workspace, _ result: InboundIngestor.Result) async throws -> [String] {
        try await store.decisions(leadID: result.leadID, in: workspace.id, limit: 50).filter {
            $0.messageID == result.messageID && $0.stage == .finalizer
        }
        .flatMap(\.reasons)
    }

    @Test(arguments: TestDatabases.engines)
    func aQuotedNewsletterFooterNeitherOptsOutNorSetsTimes(engine: DatabaseEngine) async throws {
        let clock = TestClock(Self.monday)
        try await TestDatabases.withStore(engine, clock: clock) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let body = """
                What does it cost for a team of five?

                Thanks,
                Maya

                ________________________________
                From: Growth Weekly <news@growth.example>
                Sent: Tuesday, December 1, 2026 3:01 PM
                To: Maya Okafor
                Subject: This week

                Thursday 3pm: our webinar. To unsubscribe from this list, click here.
                """
            let result = try await Self.ingest(store, workspace, body, id: "quoted")
            try await ConversationPolicyTests.work(store, clock: clock)
            let lead = try await store.lead(result.leadID, in: workspace.id)
            #expect(!lead.optedOut, "a quoted footer is not the lead's unsubscribe")
            let message = try await store.message(result.messageID, in: workspace.id)
            #expect(message.visibleBody == "What does it cost for a team of five?" && message.body == body)
            let memory = try await store.memory(leadID: result.leadID, in: workspace.id, at: clock.now)
            #expect(
                !memory.contains { $0.category == MemoryCategory.availability.rawValue },
                "the quoted Thursday is nobody's offer: \(memory.map(\.text))")
            let draft = try #require(try await store.draft(forTrigger: result.messageID, in: workspace.id))
            #expect(draft.intent == .pricingQuestion, "\(draft.intent)")
            #expect(!draft.body.contains("Thursday"), "\(draft.body)")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aBounceMarksTheAddressUndeliverableAndGetsNoReply(engine: DatabaseEngine) async throws {
        let clock = TestClock(Self.monday)
        try await TestDatabases.withStore(engine, clock: clock) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            // The lead wrote before; a draft waits for review. Then a bounce for their address
            // arrives from the mail system (the payload names the daemon, the report names the lead).
            let first = try await Self.ingest(store, workspace, "Tell me more.", email: "r@p351355.pool.example.ne.jp", id: "m1")
            try await ConversationPolicyTests.work(store, clock: clock)
            let waiting = try #require(try await store.draft(forTrigger: first.messageID, in: workspace.id))
            let bounce = try await Self.ingestRaw(
                store, workspace, file: "lhost-postfix-01.eml", email: "mailer-daemon@mx.example.jp", id: "dsn")
            #expect(bounce.kind == .bounce && bounce.leadID == first.leadID, "the bounce is about the lead the report names")
            try await ConversationPolicyTests.work(store, clock: clock)
            let lead = try await store.lead(first.leadID, in: workspace.id)
            #expect(lead.isUndeliverable && !lead.optedOut)
            // Counted in insights' reach line, on either engine.
            let reach = try await store.leadReach(in: workspace.id, since: .distantPast)
            #expect(reach.undeliverable == 1 && reach.undeliverableSince == 1 && reach.optedOut == 0)
            #expect(try await store.leadReach(in: workspace.id, since: .distantFuture).undeliverableSince == 0)
            #expect(try await store.draft(forTrigger: bounce.messageID, in: workspace.id) == nil, "no sales reply to a bounce")
            #expect(try await store.draft(waiting.id, in: workspace.id).status == .superseded)
            #expect(try await Self.finalReasons(store, workspace, bounce).first?.hasPrefix("no reply drafted: it is a bounce") == true)
            let policy = try await store.policySettings(in: workspace.id)
            #expect(HardGates.refusal(for: lead, policy: policy) == "mail to the lead's address bounced (undeliverable)")
            // Nothing of the report is remembered as the lead's words.
            #expect(try await store.memory(leadID: lead.id, in: workspace.id, at: clock.now).isEmpty)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aSpamComplaintOptsTheLeadOut(engine: DatabaseEngine) async throws {
        let clock = TestClock(Self.monday)
        try await TestDatabases.withStore(engine, clock: clock) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let complaint = try await Self.ingestRaw(store, workspace, file: "arf-01.eml", email: "kijitora@example.co.jp", id: "arf")
            #expect(complaint.kind == .complaint)
            try await ConversationPolicyTests.work(store, clock: clock)
            #expect(try await store.lead(complaint.leadID, in: workspace.id).optedOut)
            #expect(try await store.drafts(leadID: complaint.leadID, in: workspace.id).isEmpty)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aSubjectOnlyAutoReplyFollowsTheAwayPolicy(engine: DatabaseEngine) async throws {
        let clock = TestClock(Self.monday)
        try await TestDatabases.withStore(engine, clock: clock) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let payload = InboundWebhookPayload(
                lead: .init(email: "maya@brightline.example"),
                message: .init(id: "ooo", channel: "email", subject: "Automatic reply: Intro", body: "", receivedAt: "2026-12-07T15:00:00Z"))
            let away = try await InboundIngestor(store: store).ingest(try payload.validated(now: Self.monday), in: workspace.id)
            #expect(away.kind == .autoReply)
            try await ConversationPolicyTests.work(store, clock: clock)
            #expect(try await store.drafts(leadID: away.leadID, in: workspace.id).isEmpty)
            // Naming someone for urgent matters is no notice that the lead left: the away policy holds.
            let followUp = try #require(try await store.followUps(leadID: away.leadID, in: workspace.id).first)
            #expect(followUp.reason == .outOfOffice && followUp.dueAt == ISO8601.parse("2026-12-14T09:00:00Z"), "7 days on without a date")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aGermanAwayNoticeIsReadWithItsReturnDate(engine: DatabaseEngine) async throws {
        let clock = TestClock(Self.monday)
        try await TestDatabases.withStore(engine, clock: clock) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let away = try await Self.ingest(
                store, workspace,
                "Vielen Dank für Ihre Nachricht. Ich bin bis zum 17. Dezember nicht im Büro. In dringenden Fällen kontaktieren Sie bitte Sam Weber (sam@nordlicht.example).",
                subject: "Abwesenheitsnotiz: Intro",
                headers: MailHeaders(["Auto-Submitted": "auto-replied"]), id: "de")
            try await ConversationPolicyTests.work(store, clock: clock)
            #expect(try await store.drafts(leadID: away.leadID, in: workspace.id).isEmpty)
            let followUp = try #require(try await store.followUps(leadID: away.leadID, in: workspace.id).first)
            #expect(followUp.dueAt == ISO8601.parse("2026-12-18T15:00:00Z"), "the working day after Thursday 17 December, 9 am in Austin")
            // An English one that names a contact for urgent matters: away too, not gone.
            let urgent = try await Self.ingest(
                store, workspace,
                "Thank you for your email. I'm out of the office until Thursday 17 December. For anything urgent please contact support@harbor.example.",
                subject: "Automatic reply: Intro", headers: MailHeaders(["Auto-Submitted": "auto-replied"]), email: "paul@harbor.example", id: "en")
            try await ConversationPolicyTests.work(store, clock: clock)
            #expect(try await store.followUps(leadID: urgent.leadID, in: workspace.id).first?.dueAt == followUp.dueAt)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func someoneWhoLeftGetsNoFollowUpAndTheirSuccessorIsRemembered(engine: DatabaseEngine) async throws {
        let clock = TestClock(Self.monday)
        try await TestDatabases.withStore(engine, clock: clock) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let left = try await Self.ingest(
                store, workspace, "Maya Okafor is no longer with Brightline. Please contact Sam Ortiz (sam.ortiz@brightline.example).",
                subject: "Automatic reply: Intro", id: "left")
            try await ConversationPolicyTests.work(store, clock: clock)
            #expect(try await store.drafts(leadID: left.leadID, in: workspace.id).isEmpty)
            #expect(try await store.followUps(leadID: left.leadID, in: workspace.id).isEmpty)
            let reasons = try await Self.finalReasons(store, workspace, left)
            #expect(reasons.first?.hasPrefix("no reply drafted: the lead has left the company; they point to Sam Ortiz") == true, "\(reasons)")
            let memory = try await store.memory(leadID: left.leadID, in: workspace.id, at: clock.now)
            #expect(memory.contains { $0.category == MemoryCategory.person.rawValue && $0.text.contains("Sam Ortiz") })
        }
    }
}
