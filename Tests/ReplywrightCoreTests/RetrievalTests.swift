import Foundation
import ReplywrightCore
import Testing

@Suite("Knowledge retrieval and the writer's context")
struct RetrievalTests {
    static let knowledge = [
        LeadContextBundle.Item(
            title: "Pricing",
            text: """
                Replywright Pro costs $349 per month for up to 5 seats. Each extra seat is $59 per month.
                Annual plans get two months free.
                """, truncated: false),
        LeadContextBundle.Item(
            title: "Integrations",
            text: """
                We integrate natively with HubSpot and Salesforce; setup takes about ten minutes.
                Pipedrive and Close are supported through Zapier.
                """, truncated: false),
        LeadContextBundle.Item(
            title: "Security",
            text: """
                All data is encrypted at rest and in transit. Customer data stays in the EU region (Frankfurt).
                We sign a DPA with every customer and are SOC 2 Type II audited.
                """, truncated: false),
        LeadContextBundle.Item(
            title: "Onboarding",
            text: """
                Onboarding takes one week: a kickoff call, importing your past replies, and a review of the first drafts.
                """, truncated: false),
    ]

    @Test(arguments: [
        ("Do you integrate with HubSpot?", "Integrations", "HubSpot"),
        ("Does it work with Salesforce?", "Integrations", "Salesforce"),
        ("What about Pipedrive?", "Integrations", "Pipedrive"),
        ("How much does it cost for 12 seats?", "Pricing", "$59"),
        ("How much is it?", "Pricing", "$349"),
        ("Is there an annual plan?", "Pricing", "Annual"),
        ("Will you sign a DPA?", "Security", "DPA"),
        ("Where is our data stored? We need EU data residency.", "Security", "EU region"),
        ("Are you SOC 2 compliant?", "Security", "SOC 2"),
        ("How long does onboarding take?", "Onboarding", "one week"),
        ("What does the kickoff involve?", "Onboarding", "kickoff"),
    ])
    func eachQuestionMeetsThePassageThatAnswersIt(question: String, asset: String, phrase: String) throws {
        let retriever = KnowledgeRetriever(Self.knowledge)
        let hit = try #require(retriever.answer(question), "\(question) found nothing")
        #expect(hit.passage.asset == asset && hit.passage.text.contains(phrase), "\(question) → \(hit.passage)")
    }

    @Test func aQuestionNoFactCoversGetsNoAnswer() {
        let retriever = KnowledgeRetriever(Self.knowledge)
        for question in ["Do you have a mobile app?", "Can I bring my dog to the demo?", "How are you?"] {
            #expect(retriever.answer(question) == nil, "\(question) should be left for the sender to confirm")
        }
        #expect(KnowledgeRetriever([]).rank("HubSpot", limit: 5).isEmpty)
    }

    @Test func longParagraphsAreCutIntoWindowsOfWholeSentences() {
        let long = (1...30).map { "Sentence number \($0) talks about feature \($0)." }.joined(separator: " ")
        let retriever = KnowledgeRetriever([LeadContextBundle.Item(title: "Docs", text: long, truncated: false)])
        #expect(retriever.passages.count > 2 && retriever.passages.allSatisfy { $0.text.hasSuffix(".") })
        #expect(retriever.passages.map(\.text).joined(separator: " ") == long, "nothing lost between windows")
    }

    @Test func questionsAreTheAskingSentences() {
        let text = """
            Thanks for the note. Do you integrate with HubSpot? Please send me the pricing for 12 seats.
            We're a team of 12.
            > On Monday, Jordan wrote: Would a call help?
            """
        #expect(QuestionExtractor.questions(in: text) == ["Do you integrate with HubSpot?", "Please send me the pricing for 12 seats."])
    }

    @Test func timesAreSpokenInTheLeadsZone() throws {
        let zone = try #require(TimeZone(identifier: "America/New_York"))
        let start = try #require(ISO8601.parse("2026-12-01T20:00:00Z"))
        #expect(SpokenTime.dateTime(start, in: zone) == "Tuesday 1 December at 3:00 pm EST")
        let window = ProposedTime(start: start, end: start.addingTimeInterval(7200), kind: .window, timeZone: zone.identifier, phrase: "after 3")
        #expect(SpokenTime.describe(window, in: zone) == "Tuesday 1 December, 3:00 pm – 5:00 pm EST")
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        #expect(SpokenTime.dateTime(start, in: berlin) == "Tuesday 1 December at 9:00 pm CET")
        let summer = try #require(ISO8601.parse("2026-07-07T19:00:00Z"))
        #expect(SpokenTime.time(summer, in: zone) == "3:00 pm EDT" && SpokenTime.time(summer, in: berlin) == "9:00 pm CEST")
    }

    @Test func theFixListNamesEachKindOfProblemOnceMostImportantFirst() {
        let check = ScopeCheck(lengthBand: 20...40, bannedPhrases: ["circle back"], allowedSources: "")
        let text = "Hi [Name], " + (1...40).map { "It is $\($0)00 now." }.joined(separator: " ") + " Let me circle back. {\"intent\": 1}"
        let violations = check.violations(in: text)
        #expect(violations.count > 40)
        let fixes = ScopeCheck.fixes(for: violations)
        #expect(fixes.count == 5 && Set(fixes).count == 5)
        #expect(fixes[0].hasPrefix("Write out every name instead of a placeholder ([Name])"))
        #expect(fixes[1].hasPrefix("Leave out your notes") && fixes[2].hasPrefix("State only numbers"))
        #expect(fixes[2].components(separatedBy: ", ").count <= 5, "a few examples, not forty")
    }

    @Test func aHardGateIntentDrivesAutoSendOnlyWhenBothReadersAgree() {
        let policy = PolicySettings(autoSend: true, autoSendThreshold: 0)
        let agreed = AutoSendEvaluator.evaluate(
            .init(
                combinedScore: 0.9, source: .llm, intent: .pricingQuestion, rulesIntent: .pricingQuestion, gate: .approve, finalizer: .approve),
            policy: policy)
        #expect(agreed.send)
        let misread = AutoSendEvaluator.evaluate(
            .init(
                combinedScore: 0.9, source: .llm, intent: .pricingQuestion, rulesIntent: .outOfOffice, gate: .approve, finalizer: .approve),
            policy: policy)
        #expect(!misread.send && misread.reasons.contains("the model read a pricing question and the rules an out of office: a human decides"))
        let softDisagreement = AutoSendEvaluator.evaluate(
            .init(
                combinedScore: 0.9, source: .llm, intent: .interested, rulesIntent: .question, gate: .approve, finalizer: .approve),
            policy: policy)
        #expect(softDisagreement.send, "only the hard-gate intents need both readers")
    }

    @Test func aPackedDayIsRuledOutNotOffered() throws {
        let parser = MeetingTimeParser(workspaceTimeZone: try #require(TimeZone(identifier: "UTC")))
        let facts = RulesMemoryExtractor(parser: parser).extract(
            from: "Thursday is packed for me.", sentAt: try #require(ISO8601.parse("2026-11-30T10:00:00Z")), leadTimeZone: nil)
        #expect(facts.map(\.category) == [.unavailable])
    }
}

@Suite("Booking: hours, slots and the link")
struct BookingSettingsTests {
    static let newYork = TimeZone(identifier: "America/New_York")!

    @Test func hoursReadAndBadOnesAreRefusedInWords() throws {
        #expect(try BookingSettings(hours: "Mon-Fri 09:00-17:00").validated().parsedHours.weekdays == [2, 3, 4, 5, 6])
        #expect(try BookingSettings(hours: "Mon,Wed,Fri 10:00-16:00").validated().parsedHours.weekdays == [2, 4, 6])
        #expect(try BookingSettings(hours: "Fri-Mon 08:00-12:00").validated().parsedHours.weekdays == [6, 7, 1, 2])
        for (settings, field) in [
            (BookingSettings(hours: "weekdays"), "booking.hours"), (BookingSettings(hours: "Mon-Fri 17:00-09:00"), "booking.hours"),
            (BookingSettings(link: "calendly"), "booking.link"), (BookingSettings(slotMinutes: 5), "booking.slotMinutes"),
        ] {
            let error = try #require(throws: AppError.self) { try settings.validated() }
            #expect(error.message.hasPrefix(field), "\(error.message)")
        }
    }

    @Test func slotsAreOnWorkingDaysAfterTodayAroundWhatTheLeadRuledOut() throws {
        // Friday 4 December 2026, 3 pm in New York: the next working days are Mon, Tue, Wed.
        let now = try #require(ISO8601.parse("2026-12-04T20:00:00Z"))
        let slots = BookingSettings().slots(after: now, zone: Self.newYork, ruledOut: [], notBefore: nil)
        #expect(
            slots.map { SpokenTime.dateTime($0, in: Self.newYork) } == [
                "Monday 7 December at 10:00 am EST", "Tuesday 8 December at 3:00 pm EST", "Wednesday 9 December at 10:00 am EST",
            ])
        let tuesday = ProposedTime(
            start: ISO8601.parse("2026-12-08T05:00:00Z")!, end: ISO8601.parse("2026-12-09T05:00:00Z")!,
            kind: .window, timeZone: Self.newYork.identifier, phrase: "tuesday")
        let around = BookingSettings().slots(after: now, zone: Self.newYork, ruledOut: [tuesday], notBefore: nil)
        #expect(!around.contains { Calendar(identifier: .gregorian).dateComponents(in: Self.newYork, from: $0).day == 8 })
        let later = BookingSettings().slots(after: now, zone: Self.newYork, ruledOut: [], notBefore: ISO8601.parse("2026-12-14T05:00:00Z"))
        #expect(later.allSatisfy { $0 >= ISO8601.parse("2026-12-14T05:00:00Z")! } && later.count == 3)
    }
}
