import Foundation
import ReplywrightCore
import Testing

/// What the rules tier says for what leads ask beyond a question: material, next steps, someone
/// copied in, a question it cannot answer yet.
@Suite("Composition")
struct CompositionTests {
    @Test(arguments: [
        ("Does it work with Pipedrive?", "whether it works with Pipedrive"),
        ("How long does onboarding take?", "how long onboarding takes"),
        ("Do you support SSO?", "whether we support SSO"),
        ("Can we self-host it?", "whether you can self-host it"),
        ("Is the data stored in the EU?", "whether the data is stored in the EU"),
        ("Who else in logistics uses this?", "who else in logistics uses this"),
        ("How does the AI learn our tone of voice?", "how the AI learns your tone of voice"),
        ("What does it cost for a team of five?", "what it costs for a team of five"),
        ("Quick one: does it handle Spanish?", "whether it handles Spanish"),
        ("What are the contract terms?", "what the contract terms are"),
        ("How big is your support team?", "how big our support team is"),
    ])
    func questionsAreRephrasedNotQuoted(question: String, embedded: String) {
        #expect(QuestionRephraser.embedded(question) == embedded)
    }

    @Test func aShapeItDoesNotKnowIsNotGuessed() {
        #expect(QuestionRephraser.embedded("Pricing?") == nil)
        #expect(QuestionRephraser.embedded("Thoughts on the attached, maybe next quarter or so, given everything going on?") == nil)
    }

    static let archetype = ArchetypeCatalog.standard.first { $0.greeting && $0.signOff && $0.opening == .directAnswer }!

    func compose(
        _ intent: ReplyIntent, booking: RulesComposer.Booking = .none, material: (String, String?)? = nil, nextSteps: Bool = false,
        copiedIn: String? = nil
    ) -> String {
        RulesComposer().compose(
            RulesComposer.Inputs(
                intent: intent, archetype: Self.archetype, firstName: "Maya", company: "Brightline", variables: [:], booking: booking,
                signature: "Jordan Lee", material: material.map { (name: $0.0, url: $0.1) }, nextSteps: nextSteps, copiedIn: copiedIn,
                seed: "lead|msg|0"))
    }

    @Test func materialIsSentWhenTheKnowledgeHasItsLinkAndPromisedWhenNot() {
        let linked = compose(.question, material: ("one-pager", "https://acme.example/one-pager.pdf"))
        #expect(linked.contains("https://acme.example/one-pager.pdf") && linked.contains("one-pager"), "\(linked)")
        let promised = compose(.question, material: ("case study", nil))
        #expect(promised.contains("case study") && !promised.contains("http"), "\(promised)")
    }

    @Test func nextStepsAreAnsweredWithTheNextStepAndItsTimes() {
        let text = compose(
            .interested, booking: .offer(["Tuesday 8 December at 10:00 am EST", "Wednesday 9 December at 3:00 pm EST"]), nextSteps: true)
        #expect(text.lowercased().contains("next step"), "\(text)")
        #expect(text.contains("Tuesday 8 December at 10:00 am EST"), "\(text)")
    }

    @Test func someoneCopiedInIsSpokenTo() {
        let named = compose(.referral, copiedIn: "Karen")
        #expect(named.hasPrefix("Hi Maya and Karen") || named.hasPrefix("Hey Maya and Karen") || named.hasPrefix("Hello Maya and Karen"), "\(named)")
        #expect(named.contains("Karen") && !named.contains("reach out directly"), "\(named)")
        let role = compose(.referral, copiedIn: "your co-founder")
        #expect(role.contains("your co-founder"), "\(role)")
    }

    @Test func theReaderFindsWhatIsAskedFor() {
        let reader = ReplyReader.standard
        let pager = reader.read("Open to it. Can you send a one-pager first?", sentAt: ReplyReader.reference)
        #expect(pager.material == "one-pager")
        let steps = reader.read("Cool, I'm in. What are the next steps?", sentAt: ReplyReader.reference)
        #expect(steps.asksNextSteps && steps.primary == .interested, "\(steps.primary)")
        let cc = reader.read("My co-founder handles this, I've cc'd her here.", sentAt: ReplyReader.reference)
        #expect(cc.copiedIn == "your co-founder" && cc.primary == .referral, "\(String(describing: cc.copiedIn)) \(cc.primary)")
        let assistant = reader.read("My assistant Karen manages my calendar, I've copied her.", sentAt: ReplyReader.reference)
        #expect(assistant.copiedIn == "Karen", "\(String(describing: assistant.copiedIn))")
    }
}
