import Testing

@testable import ReplywrightCore

@Suite("Rules tier: intent and composer")
struct RulesTierTests {
    @Test(arguments: [
        ("Please remove me from your list.", ReplyIntent.unsubscribe),
        ("Not interested. Unsubscribe.", .unsubscribe),
        ("I am out of the office until Monday with limited access to email.", .outOfOffice),
        ("No thanks, we're all set.", .notInterested),
        ("You should reach out to Priya, she is in charge of tooling.", .referral),
        ("Not right now, maybe next quarter.", .notNow),
        ("How much does it cost per seat?", .pricingQuestion),
        ("Sounds good — can you send me some times for a quick call?", .wantsTimes),
        ("We already use HubSpot for this.", .objection),
        ("Sounds great, tell me more.", .interested),
        ("Does it integrate with Salesforce?", .question),
        ("ok", .unclear),
    ])
    func intentsByRule(text: String, expected: ReplyIntent) {
        #expect(ReplyIntent.classify(text) == expected)
    }

    func inputs(
        lead: Int, archetype: Archetype, intent: ReplyIntent = .wantsTimes, answers: [RulesComposer.Answer] = [],
        booking: RulesComposer.Booking = .askForTimes, channel: Channel = .email
    ) -> RulesComposer.Inputs {
        let names = ["Maya", "Tom", "Ana", "Lee", "Jo", "Kim", "Raj", "Eve", "Sam", "Zoe"]
        let cities = ["Austin", "Denver", "Boston", "Leeds", "Porto"]
        return RulesComposer.Inputs(
            intent: intent, archetype: archetype, firstName: names[lead % names.count], company: "Company \(lead)",
            variables: ["city": cities[lead % cities.count]], answers: answers, booking: booking, channel: channel,
            signature: "Sam Lee\nAcme", seed: "lead-\(lead)|msg-\(lead)|0")
    }

    static let answers = [
        RulesComposer.Answer(
            question: "Do you integrate with HubSpot?", passage: "We integrate natively with HubSpot and Salesforce.",
            topic: "integrations"),
        RulesComposer.Answer(question: "Do you have a mobile app?", passage: nil, topic: nil),
    ]

    @Test func composingIsDeterministicAndFollowsTheArchetype() {
        for archetype in ArchetypeCatalog.standard {
            for booking in [RulesComposer.Booking.askForTimes, .none, .confirm("Tuesday 24 November at 3:00 pm EST")] {
                let inputs = inputs(lead: 3, archetype: archetype, intent: .question, answers: Self.answers, booking: booking)
                let text = RulesComposer().compose(inputs)
                #expect(text == RulesComposer().compose(inputs))
                let skeleton = StructureSkeleton(text)
                #expect(skeleton.hasGreeting == archetype.greeting, "\(archetype.id): \(skeleton)")
                #expect((1...archetype.paragraphs).contains(skeleton.paragraphs.count), "\(archetype.id): \(skeleton) for\n\(text)")
                // The band is an upper bound for the rules tier, never a target to pad to.
                let long = ScopeCheck(lengthBand: 1...archetype.length.words.upperBound, bannedPhrases: [], allowedSources: "")
                    .violations(in: text).filter { $0.code == "too_long" }
                #expect(long.isEmpty, "\(archetype.id) stays within its band: \(long)\n\(text)")
                #expect(text.contains("We integrate natively with HubSpot and Salesforce."), "the answer, as the knowledge states it")
                // The unanswered question is named in the sender's words, never quoted back.
                #expect(text.contains("whether we have a mobile app") && !text.contains("Do you have a mobile app?"), "\(text)")
                // Nothing follows the ask but the sign-off.
                let body = text.components(separatedBy: "\n\n").dropFirst(archetype.greeting ? 1 : 0).dropLast().joined(separator: " ")
                if let ask = [
                    "Would a", "Shall we", "When suits", "What day", "Which times", "Send me a couple", "Tell me a day", "What does your week",
                    "Anything you", "Is there anything", "Shall I", "Happy to set up a short call whenever", "Just reply here",
                    "I'm around for a quick call",
                ].compactMap({ body.range(of: $0) }).first {
                    #expect(!body[ask.upperBound...].contains(". "), "the ask ends the reply: \(text)")
                }
                // Signed by a person: the signature, or (a one-liner) the first name alone.
                #expect(archetype.signOff ? text.hasSuffix(",\nSam Lee\nAcme") : text.hasSuffix("\n\nSam"), "\(archetype.id):\n\(text)")
                #expect(skeleton.hasSignOff, "\(archetype.id): \(skeleton)")
                if case .confirm = booking { #expect(text.contains("Tuesday 24 November at 3:00 pm EST")) }
            }
        }
    }

    /// What read badly in the demo: a passage said twice because two questions share it, a
    /// thank-you stacked on a thank-you or on "Understood", and a "Which suits you best?" the
    /// overseer left behind when it removed the times before it.
    @Test func saysEachThingOnceAndEveryOfferIsOneSentence() {
        let results = "Teams book 20 to 30 percent more meetings."
        let shared = [
            RulesComposer.Answer(question: "What results have others seen?", passage: results, topic: "results"),
            RulesComposer.Answer(question: "Any numbers?", passage: results, topic: "results"),
        ]
        let thanks = ["thank", "appreciate", "good to hear back"]
        for lead in 0..<20 {
            for archetype in ArchetypeCatalog.standard {
                let answered = RulesComposer().compose(inputs(lead: lead, archetype: archetype, intent: .question, answers: shared))
                #expect(answered.components(separatedBy: results).count == 2, "\(archetype.id): once\n\(answered)")
                let onboarding = RulesComposer.Answer(
                    question: "What does onboarding look like?", passage: "Onboarding takes one week.", topic: "onboarding")
                let framed = RulesComposer().compose(inputs(lead: lead, archetype: archetype, intent: .question, answers: [onboarding]))
                #expect(!framed.lowercased().contains("onboarding: onboarding"), "\(archetype.id): the topic once\n\(framed)")
                for intent in [ReplyIntent.notNow, .objection, .wantsTimes, .referral] {
                    var composing = inputs(lead: lead, archetype: archetype, intent: intent, booking: .none)
                    if intent == .referral { composing.people = ["Dana Whitfield"] }
                    let text = RulesComposer().compose(composing)
                    let body = text.components(separatedBy: "\n\n").dropLast(archetype.signOff ? 1 : 0).joined(separator: " ").lowercased()
                    let thanked = thanks.map { body.components(separatedBy: $0).count - 1 }.reduce(0, +)
                    #expect(thanked <= 1, "\(intent) \(archetype.id): one thank-you at most\n\(text)")
                    let acknowledgements = ["got it.", "understood.", "noted, thank you.", "clear, thanks."].filter(body.contains)
                    #expect(intent != .referral || !body.contains(" them"), "\(archetype.id): no pronoun for Dana\n\(text)")
                    #expect(
                        !(intent != .wantsTimes && !acknowledgements.isEmpty),
                        "\(intent) \(archetype.id): no \(acknowledgements) on top of the intent's own line\n\(text)")
                }
            }
        }
        for times in [["Friday 4 December at 10:00 am GMT", "Monday 7 December at 3:00 pm GMT"], ["A", "B", "C"]] {
            for offer in RulesPhrases.offers(times) {
                #expect(MinimalEdit.sentences(in: offer).count == 1, "\(offer)")
            }
        }
    }

    @Test func noCallToActionWhereTheLeadSaidNoOrIsAway() {
        for intent in [ReplyIntent.notInterested, .outOfOffice, .unsubscribe] {
            for archetype in ArchetypeCatalog.standard {
                let text = RulesComposer().compose(inputs(lead: 1, archetype: archetype, intent: intent, booking: .noCallToAction))
                let lowered = text.lowercased()
                #expect(!lowered.contains("call") && !lowered.contains("invite") && !lowered.contains("?"), "\(intent) \(archetype.id):\n\(text)")
            }
        }
    }

    @Test func smsIsShortWithNoGreetingBlockOrSignOff() {
        for archetype in ArchetypeCatalog.standard {
            let text = RulesComposer().compose(
                inputs(
                    lead: 2, archetype: archetype, intent: .question, answers: Self.answers,
                    booking: .confirm("Friday 27 November at 2:00 pm EST"), channel: .sms))
            #expect(text.count <= RulesComposer.smsLimit && !text.contains("\n") && !text.contains("Sam Lee"), "\(text)")
            #expect(text.hasPrefix("Hi Ana, ") && text.contains("Friday 27 November at 2:00 pm EST"))
        }
    }

    @Test func linkedInIsShortAndSignedWithAFirstName() {
        for archetype in ArchetypeCatalog.standard {
            let text = RulesComposer().compose(inputs(lead: 2, archetype: archetype, intent: .question, answers: Self.answers, channel: .linkedin))
            let blocks = text.components(separatedBy: "\n\n")
            #expect(blocks.last == "Sam" && !text.contains("Sam Lee\nAcme"), "a first name, no signature block:\n\(text)")
            #expect(blocks.count <= (archetype.greeting ? 1 : 0) + 2 + 1, "at most two paragraphs:\n\(text)")
        }
        let anonymous = RulesComposer.Inputs(
            intent: .question, archetype: ArchetypeCatalog.standard[0], firstName: "Ana", company: nil,
            variables: [:], answers: Self.answers, channel: .linkedin, signature: "The team", seed: "x")
        #expect(!RulesComposer().compose(anonymous).hasSuffix("The"), "no half a name when nobody is known")
    }

    @Test func neverStatesANumberOrFactItWasNotGiven() {
        let facts = [RulesComposer.Answer(question: "What does it cost?", passage: "Plans start at $49 per seat per month.", topic: "pricing")]
        for intent in ReplyIntent.allCases {
            for archetype in ArchetypeCatalog.standard {
                for lead in 0..<3 {
                    let text = RulesComposer().compose(inputs(lead: lead, archetype: archetype, intent: intent, answers: facts, booking: .none))
                    let check = ScopeCheck(
                        lengthBand: 0...10_000, bannedPhrases: [], allowedSources: "Plans start at $49 per seat per month. Company \(lead)")
                    #expect(check.violations(in: text).isEmpty, "\(intent) \(archetype.id): \(check.violations(in: text))\n\(text)")
                }
            }
            let bare = RulesComposer().compose(inputs(lead: 1, archetype: ArchetypeCatalog.standard[0], intent: intent))
            #expect(!bare.contains("$"), "no pricing without a pricing fact")
        }
    }

    /// The uniqueness target, on the rules tier: the same inbound text from 100 leads.
    @Test func sameInboundFromAHundredLeadsComesOutDifferent() {
        let inbound = "Sounds good — can you send me some times for a quick call?"
        let intent = ReplyIntent.classify(inbound)
        var usage: [String: Int] = [:]
        var drafts: [String] = []
        for lead in 0..<100 {
            let archetype = ArchetypeSelector.select(
                count: 1, seed: ("lead-\(lead)", "msg-\(lead)", 0), allowed: ArchetypeCatalog.standard, recentForLead: [], usage: usage)[0]
            usage[archetype.id, default: 0] += 1
            drafts.append(RulesComposer().compose(inputs(lead: lead, archetype: archetype, intent: intent)))
        }
        let hashes = drafts.map(SimHash.init)
        var pairs = 0
        var farApart = 0
        for i in 0..<hashes.count {
            for j in (i + 1)..<hashes.count {
                pairs += 1
                if hashes[i].distance(to: hashes[j]) >= 12 { farApart += 1 }
            }
        }
        let share = Double(farApart) / Double(pairs)
        #expect(share >= 0.99, "\(farApart) of \(pairs) pairs are 12+ bits apart")
        #expect(usage.values.max()! <= 13, "no archetype over 13 % of drafts: \(usage)")
    }
}
