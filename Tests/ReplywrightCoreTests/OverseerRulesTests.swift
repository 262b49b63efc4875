import Foundation
import ReplywrightCore
import Testing

@Suite("Overseer rules: memory, gate, hard gates, auto-send")
struct OverseerRulesTests {
    /// Wednesday 4 March 2026, 11:00 in New York.
    static let sentAt = ISO8601DateFormatter().date(from: "2026-03-04T16:00:00Z")!
    static let parser = MeetingTimeParser(workspaceTimeZone: TimeZone(identifier: "America/New_York")!)

    static func lead(optedOut: Bool = false, appointment: AppointmentStatus = .none, email: String = "maya@brightline.example") -> Lead {
        Lead(
            id: "lead-1", workspaceID: "ws-1", email: email, firstName: "Maya", lastName: "Okafor", company: "Brightline",
            optedOut: optedOut, appointmentStatus: appointment, createdAt: sentAt, updatedAt: sentAt)
    }

    static func memory(_ facts: [ExtractedFact]) -> [LeadMemoryEntry] {
        facts.enumerated().map { index, fact in
            LeadMemoryEntry(
                id: Identifier("m\(index)"), leadID: "lead-1", category: fact.category.rawValue, text: fact.text, detail: fact.detail,
                expiresAt: sentAt.addingTimeInterval(ExtractedFact.retention), createdAt: sentAt)
        }
    }

    static func extract(_ text: String, zone: TimeZone? = nil) -> [ExtractedFact] {
        RulesMemoryExtractor(parser: parser).extract(from: text, sentAt: sentAt, leadTimeZone: zone)
    }

    // MARK: Memory

    @Test func memoryKeepsDurableFactsWithTheirDetails() throws {
        let facts = Self.extract(
            """
            I'm based in Berlin. Thursday afternoon works, but Friday doesn't work for me.
            Honestly it feels too expensive for a team our size. I prefer email over calls.
            Please loop in Priya Shah, she runs ops.
            """)
        let byCategory = Dictionary(grouping: facts, by: \.category)
        #expect(byCategory[.timeZone]?.first?.detail?.field("zone") == "Europe/Berlin")
        // Berlin time, because the lead said where they are.
        #expect(byCategory[.availability]?.first?.detail?.field("start") == "2026-03-05T11:00:00.000Z")
        #expect(byCategory[.unavailable]?.first?.detail?.field("start") == "2026-03-06T08:00:00.000Z")
        #expect(byCategory[.objection]?.count == 1 && byCategory[.preference]?.count == 1)
        #expect(byCategory[.person]?.first?.detail?.field("name") == "Priya Shah")
    }

    @Test(arguments: [
        ("Please reach out after March.", "2026-04-01"),
        ("Get back to me in 2 weeks.", "2026-03-18"),
        ("Try me next quarter.", "2026-04-01"),
        ("I'm out until the 16th, talk then.", "2026-03-16"),
        ("Circle back next year", "2027-01-01"),
    ])
    func notBeforeDates(text: String, day: String) throws {
        let fact = try #require(Self.extract(text).first { $0.category == .doNotContactBefore })
        let until = try #require(fact.detail?.field("until")?.textValue.flatMap(ISO8601.parse))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "America/New_York")!
        let components = calendar.dateComponents([.year, .month, .day], from: until)
        #expect(String(format: "%04d-%02d-%02d", components.year!, components.month!, components.day!) == day)
        #expect(!Self.extract(text).contains { $0.category == .availability }, "a return date is not an offer of that day")
    }

    @Test func nothingIsRememberedFromSmallTalk() {
        #expect(Self.extract("Thanks for the note, sounds interesting.").isEmpty)
    }

    // MARK: Gate

    func review(_ draft: String, inbound: String = "Sounds good.", memory: [ExtractedFact] = [], lead: Lead = lead()) -> GateOutcome {
        let entries = Self.memory(memory)
        return RulesOverseerGate(parser: Self.parser).review(
            OverseerContext(
                draft: draft, inbound: inbound, memory: entries, lead: lead, sentAt: Self.sentAt,
                leadTimeZone: OverseerContext.leadTimeZone(in: entries)))
    }

    static let body = "Hi Maya,\n\nThanks for getting back to me. Happy to walk you through how teams like yours use it."

    @Test func aCleanDraftIsApproved() {
        let outcome = review(Self.body + " Would Thursday at 2pm work?", inbound: "Thursday afternoon works")
        #expect(outcome.verdict == .approve && outcome.body == Self.body + " Would Thursday at 2pm work?")
    }

    @Test func reAskingWhatTheLeadSaidIsRemoved() throws {
        let outcome = review(Self.body + " What times work for you this week?\n\nBest,\nSam", inbound: "Thursday afternoon works for me")
        #expect(outcome.verdict == .revise)
        #expect(outcome.reasons == ["re-asks for times the lead already offered"])
        let body = try #require(outcome.body)
        #expect(!body.contains("What times") && body.hasPrefix("Hi Maya,") && body.hasSuffix("Best,\nSam"))

        let zone = review(Self.body + " Which time zone are you in?", memory: Self.extract("I'm on Pacific time."))
        #expect(zone.verdict == .revise && zone.reasons == ["re-asks the lead's time zone, which is known"])
    }

    @Test func ruledOutTimesAndTooEarlyTimesAreRemoved() {
        let memory = Self.extract("Friday doesn't work for me. Please reach out after the 10th.")
        let outcome = review(Self.body + " Could we do Friday at 10am? Or Wednesday the 11th at 3pm.", memory: memory)
        #expect(outcome.verdict == .revise)
        #expect(outcome.reasons.contains("proposes friday at 10am, which the lead ruled out"))
        #expect(outcome.body?.contains("Friday") == false && outcome.body?.contains("11th") == true)
    }

    @Test func whenNothingUsefulIsLeftTheDraftIsBlocked() {
        let outcome = review("Hi Maya,\n\nWhat times work for you?\n\nBest,\nSam", inbound: "Tuesday at 3pm works")
        #expect(outcome.verdict == .block && outcome.body == nil)
    }

    @Test func timesOutsideWhatTheLeadOfferedAreRemoved() {
        let outcome = review(Self.body + " Does Friday at 10am work? Thursday at 3pm is open too.", inbound: "Thursday afternoon works")
        #expect(outcome.verdict == .revise && outcome.reasons == ["proposes friday at 10am, outside the times the lead offered"])
        #expect(outcome.body?.contains("Thursday at 3pm") == true && outcome.body?.contains("Friday") == false)
    }

    /// "Thursday is packed. Maybe next week.": Thursday is ruled out, not offered, so the days
    /// of next week are fine (the demo blocked both such drafts for it), and this Friday is
    /// outside what the lead offered.
    @Test func aDayTheLeadRuledOutIsNoOffer() {
        let inbound = "Thursday is packed. Maybe next week."
        let outcome = review(Self.body + " Would Monday at 3pm or Tuesday at 10am work?", inbound: inbound, memory: Self.extract(inbound))
        #expect(outcome.verdict == .approve, "\(outcome.reasons)")
        let friday = review(Self.body + " Would Friday at 10am work?", inbound: inbound, memory: Self.extract(inbound))
        #expect(friday.reasons == ["proposes friday at 10am, outside the times the lead offered"], "\(friday.reasons)")
        let thursday = review(Self.body + " Would Thursday at 10am work?", inbound: inbound, memory: Self.extract(inbound))
        #expect(thursday.reasons.contains("proposes thursday at 10am, which the lead ruled out"), "\(thursday.reasons)")
    }

    /// The follow-up sent when an away lead is back answers their away notice: the return date
    /// in it is no offered time, so asking for times is kept (it was cut, and a short draft that
    /// was only greeting and question was blocked) and the booking gate holds instead of asking again.
    @Test func aReturnDateIsNoOfferedTime() {
        let inbound = "I'm on vacation until Friday 13 March with limited access to email."
        let memory = Self.extract(inbound)
        #expect(memory.contains { $0.category == .doNotContactBefore } && !memory.contains { $0.category == .availability })
        let draft = "Hi Maya,\n\nHope you had a good break. What day and time would suit you?\n\nBest,\nSam"
        let outcome = review(draft, inbound: inbound, memory: memory)
        #expect(outcome.verdict == .approve && outcome.body == draft, "\(outcome.reasons)")
        guard case .hold = booking(inbound, memory: memory) else {
            Issue.record("a return date is no time to confirm: \(booking(inbound, memory: memory))")
            return
        }
        // An offer next to the return date still counts.
        let both = "I'm out until Friday 13 March. Monday 16 March at 3pm works."
        guard case .confirm(let slot) = booking(both, memory: Self.extract(both)) else {
            Issue.record("the offer beside a return date: \(booking(both, memory: Self.extract(both)))")
            return
        }
        #expect(ISO8601.format(slot.start) == "2026-03-16T19:00:00.000Z")
    }

    /// "Keep this to email, no calls": whatever tier wrote it, a sentence that asks for a call or
    /// offers times goes; the answer stays.
    @Test func aLeadWhoWantsEmailOnlyIsAskedForNoCall() throws {
        let inbound = "Please keep this to email, no calls. What does it cost?"
        let memory = Self.extract(inbound)
        #expect(memory.contains { $0.category == .preference }, "remembered: \(memory)")
        let draft =
            "Hi Maya,\n\nPlans start at $49 per seat per month, billed monthly.\n\nWould a quick call be useful? Does Tuesday at 2pm work?\n\nBest,\nSam"
        let outcome = review(draft, inbound: inbound, memory: memory)
        #expect(outcome.verdict == .revise && Set(outcome.reasons) == ["asks for a call; the lead asked to keep to email"], "\(outcome.reasons)")
        let body = try #require(outcome.body)
        #expect(body.contains("$49") && !body.contains("call") && !body.contains("Tuesday"), "\(body)")
        // Without the preference the same draft is fine.
        #expect(review(draft, inbound: "What does it cost?").verdict == .approve)
        // A fact that mentions a call is an answer, not an ask (cutting it blocked the draft);
        // an offer of one goes.
        let facts =
            "Hi Maya,\n\nOnboarding takes one week: a 30-minute kickoff call, then we import your past replies.\n\n"
            + "Teams book 20 to 30 percent more meetings. Happy to set up a short call whenever suits you.\n\nBest,\nSam"
        let kept = review(facts, inbound: inbound, memory: memory)
        #expect(kept.verdict == .revise, "\(kept.reasons)")
        #expect(kept.body?.contains("kickoff call") == true && kept.body?.contains("more meetings") == true)
        #expect(kept.body?.contains("Happy to set up") == false, "\(kept.body ?? "")")
    }

    // MARK: Booking gate

    func booking(_ inbound: String, memory: [ExtractedFact] = [], lead: Lead = lead()) -> BookingGate.Decision {
        let entries = Self.memory(memory)
        return BookingGate.decide(
            OverseerContext(
                draft: "", inbound: inbound, memory: entries, lead: lead, sentAt: Self.sentAt,
                leadTimeZone: OverseerContext.leadTimeZone(in: entries)),
            parser: Self.parser, now: Self.sentAt.addingTimeInterval(60))
    }

    @Test func bookingGateConfirmsOnlyTheLeadsOwnUsableSlot() {
        guard case .confirm(let slot) = booking("Tue 3pm ET works") else {
            Issue.record("expected confirm")
            return
        }
        #expect(ISO8601.format(slot.start) == "2026-03-10T19:00:00.000Z")
        guard case .propose(let window) = booking("Thursday afternoon is free") else {
            Issue.record("expected propose")
            return
        }
        #expect(window.kind == .window)
        guard case .askAgain = booking("Tue 3pm works", memory: Self.extract("Tuesday doesn't work for me.")) else {
            Issue.record("a ruled-out slot is not confirmed")
            return
        }
        guard case .hold = booking("Tue 3pm works", lead: Self.lead(appointment: .booked)) else {
            Issue.record("booked: hold")
            return
        }
        guard case .hold = booking("Sounds good") else {
            Issue.record("no times: hold")
            return
        }
    }

    // MARK: Hard gates beat every override

    /// Whatever the gate or a model let through, the finalizer has the last word.
    @Test(arguments: [
        "Hi Maya,\n\nGreat to hear from you. Happy to walk you through how teams like yours use it.",
        "Hi Maya,\n\nGreat to hear from you. Happy to walk you through it. How about Tuesday at 3pm? Grab a time on my calendar.",
    ])
    func hardGatesBeatAnyText(overridden: String) {
        let context = { (lead: Lead) in
            OverseerContext(draft: overridden, inbound: "ok", memory: [], lead: lead, sentAt: Self.sentAt, leadTimeZone: nil)
        }
        let policy = PolicySettings(blockedDomains: ["brightline.example"])
        let open = PolicySettings()

        let optedOut = HardGates.finalize(overridden, context: context(Self.lead(optedOut: true)), policy: open, parser: Self.parser)
        #expect(optedOut.verdict == .block && optedOut.body == nil && optedOut.reasons == ["the lead opted out"])

        let blocked = HardGates.finalize(overridden, context: context(Self.lead()), policy: policy, parser: Self.parser)
        #expect(blocked.verdict == .block && blocked.reasons == ["the lead's domain brightline.example is blocked"])
        let subdomain = HardGates.finalize(
            overridden, context: context(Self.lead(email: "a@mail.brightline.example")), policy: policy, parser: Self.parser)
        #expect(subdomain.verdict == .block)

        let booked = HardGates.finalize(overridden, context: context(Self.lead(appointment: .booked)), policy: open, parser: Self.parser)
        #expect(booked.body?.contains("Tuesday") != true && booked.body?.contains("calendar") != true)
        #expect(booked.verdict == (overridden.contains("Tuesday") ? .revise : .approve))

        let canceled = HardGates.finalize(overridden, context: context(Self.lead(appointment: .canceled)), policy: open, parser: Self.parser)
        #expect(canceled.verdict == .approve && canceled.body == overridden, "canceled is not booked")
    }

    // MARK: Auto-send

    @Test func autoSendNeedsEverythingToLineUp() {
        let good = AutoSendEvaluator.Input(combinedScore: 0.9, source: .llm, intent: .wantsTimes, gate: .approve, finalizer: .approve)
        let on = PolicySettings(autoSend: true, autoSendThreshold: 0.8)
        #expect(AutoSendEvaluator.evaluate(good, policy: on).send)
        #expect(!AutoSendEvaluator.evaluate(good, policy: PolicySettings()).send, "off by default")
        var failedClosed = good
        failedClosed.gate = .failedClosed
        #expect(AutoSendEvaluator.evaluate(failedClosed, policy: PolicySettings(autoSend: true, autoSendThreshold: 0)).send == false)
        var unsubscribe = good
        unsubscribe.intent = .unsubscribe
        #expect(!AutoSendEvaluator.evaluate(unsubscribe, policy: on).send)
        // A reading under the classifier's threshold is `unclear`: a person answers it.
        var unclear = good
        unclear.intent = .unclear
        #expect(!AutoSendEvaluator.evaluate(unclear, policy: PolicySettings(autoSend: true, autoSendThreshold: 0)).send)
        var revisedByHardGate = good
        revisedByHardGate.finalizer = .revise
        #expect(!AutoSendEvaluator.evaluate(revisedByHardGate, policy: on).send)
        var doubtfulModel = good
        doubtfulModel.modelConfidence = 0.5
        let result = AutoSendEvaluator.evaluate(doubtfulModel, policy: on)
        #expect(!result.send && result.confidence == 0.5, "the model's confidence can only lower it")
    }

    @Test func policyValidationNamesTheField() throws {
        #expect(throws: AppError.invalid("autoSendThreshold: must be between 0 and 1")) { try PolicySettings(autoSendThreshold: 1.5).validated() }
        #expect(throws: AppError.self) { try PolicySettings(timeZone: "Mars/Olympus").validated() }
        #expect(throws: AppError.self) { try PolicySettings(blockedDomains: ["not a domain"]).validated() }
        #expect(try PolicySettings(blockedDomains: [" @Competitor.COM "]).validated().blockedDomains == ["competitor.com"])
    }
}
