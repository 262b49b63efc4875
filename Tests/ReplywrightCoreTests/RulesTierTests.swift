import ReplywrightCore
import Testing

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

    func inputs(lead: Int, archetype: Archetype, intent: ReplyIntent = .wantsTimes, facts: [String] = []) -> RulesComposer.Inputs {
        let names = ["Maya", "Tom", "Ana", "Lee", "Jo", "Kim", "Raj", "Eve", "Sam", "Zoe"]
        let cities = ["Austin", "Denver", "Boston", "Leeds", "Porto"]
        return RulesComposer.Inputs(
            intent: intent, archetype: archetype, firstName: names[lead % names.count], company: "Company \(lead)",
            variables: ["city": cities[lead % cities.count]], facts: facts, senderName: "Sam from Acme",
            seed: "lead-\(lead)|msg-\(lead)|0")
    }

    @Test func composingIsDeterministicAndFollowsTheArchetype() {
        for archetype in ArchetypeCatalog.standard {
            let text = RulesComposer().compose(inputs(lead: 3, archetype: archetype))
            #expect(text == RulesComposer().compose(inputs(lead: 3, archetype: archetype)))
            let skeleton = StructureSkeleton(text)
            #expect(skeleton.hasGreeting == archetype.greeting || !archetype.greeting, "\(archetype.id): \(skeleton)")
            #expect(skeleton.paragraphs.count == archetype.paragraphs, "\(archetype.id): \(skeleton) for\n\(text)")
            let body = text.components(separatedBy: "\n\n").dropLast(archetype.signOff ? 1 : 0).joined(separator: " ")
            let length = ScopeCheck(lengthBand: archetype.length.words, bannedPhrases: [], allowedSources: "").violations(in: text)
                .filter { $0.code == "too_short" || $0.code == "too_long" }
            #expect(length.isEmpty, "\(archetype.id) fits its length band: \(length)")
            #expect(body.hasSuffix("?") == (archetype.close == .question), "\(archetype.id) closes with a \(archetype.close)")
        }
    }

    @Test func neverStatesANumberOrFactItWasNotGiven() {
        let facts = ["Plans start at $49 per seat per month.", "Setup takes about 15 minutes."]
        for intent in ReplyIntent.allCases {
            for archetype in ArchetypeCatalog.standard {
                for lead in 0..<3 {
                    let text = RulesComposer().compose(inputs(lead: lead, archetype: archetype, intent: intent, facts: facts))
                    let check = ScopeCheck(lengthBand: 0...10_000, bannedPhrases: [], allowedSources: facts.joined(separator: " ") + " Company \(lead)")
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
