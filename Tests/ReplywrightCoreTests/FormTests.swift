import Foundation
import Testing

@testable import ReplywrightCore

/// A three-step demo form: who you are, your team, and (for big teams) a call.
func sampleForm() -> FormDefinition {
    FormDefinition(
        slug: "demo-request", name: "Request a demo",
        steps: [
            FormStep(
                id: "contact", title: "Who are you?",
                fields: [
                    FormField(id: "email", kind: .email, label: "Work email", required: true),
                    FormField(id: "first_name", kind: .text, label: "First name"),
                    FormField(id: "utm_source", kind: .hidden, label: "Source"),
                ], cta: FormCallToAction(action: .next, label: "Next")),
            FormStep(
                id: "team", title: "Your team",
                fields: [
                    FormField(id: "team_size", kind: .number, label: "Team size", required: true, min: 1, max: 100_000),
                    FormField(id: "tools", kind: .multiselect, label: "Tools", options: ["smartlead", "instantly", "hubspot"]),
                    FormField(id: "crm_other", kind: .text, label: "Which CRM?", conditional: true),
                    FormField(id: "role", kind: .select, label: "Role", options: ["founder", "sales", "marketing"]),
                    FormField(id: "notes", kind: .textarea, label: "Anything else?"),
                ], cta: FormCallToAction(action: .next, label: "Next")),
            FormStep(
                id: "call", title: "Book a call",
                fields: [
                    FormField(id: "phone", kind: .phone, label: "Phone"),
                    FormField(id: "consent", kind: .consent, label: "You may contact me", required: true),
                ], cta: FormCallToAction(action: .bookCall, label: "Book", url: "https://cal.example.com/demo")),
            FormStep(
                id: "done", title: "Thanks",
                fields: [
                    FormField(id: "consent_small", kind: .consent, label: "Send me the guide", required: true)
                ], cta: FormCallToAction(action: .submit, label: "Send")),
        ],
        rules: [
            FormRule(field: "team_size", op: .lt, value: .number(10), action: .goTo, target: "done"),
            FormRule(field: "tools", op: .contains, value: "hubspot", action: .showField, target: "crm_other"),
        ],
        persona: "Heads of sales at B2B companies")
}

@Suite("Forms: definitions, answers, rules, proposals, signals")
struct FormTests {
    @Test func validIDsAndSlugs() {
        #expect(FormDefinition.isValidID("team_size") && FormDefinition.isValidID("a") && FormDefinition.isValidID(String(repeating: "a", count: 40)))
        #expect(
            !FormDefinition.isValidID("Team") && !FormDefinition.isValidID("1a") && !FormDefinition.isValidID("a-b")
                && !FormDefinition.isValidID(String(repeating: "a", count: 41)) && !FormDefinition.isValidID("") && !FormDefinition.isValidID("é"))
        #expect(FormDefinition.isValidSlug("demo-request") && !FormDefinition.isValidSlug("-x") && !FormDefinition.isValidSlug("Demo"))
    }

    @Test func sampleIsValidAndBadDefinitionsSayWhere() {
        #expect(sampleForm().problems.isEmpty, "\(sampleForm().problems)")
        var bad = sampleForm()
        bad.steps[1].fields[4].id = "email"
        bad.steps[0].fields[0].required = false
        bad.steps[1].fields[3].options = []
        bad.rules?.append(FormRule(field: "team_size", op: .gt, value: 5, action: .goTo, target: "contact"))
        bad.rules?.append(FormRule(field: "nope", op: .answered, action: .skip, target: "call"))
        bad.rules?.append(FormRule(field: "role", op: .equals, action: .showField, target: "notes"))
        bad.embedOrigins = ["https://ok.example.com", "https://bad.example.com/path"]
        let paths = Set(bad.problems.map(\.path))
        #expect(
            paths.isSuperset(of: [
                "steps[1].fields[4].id", "steps", "steps[1].fields[3].options", "rules[2].target", "rules[3].field",
                "rules[4].value", "rules[4].target", "embedOrigins[1]",
            ]), "\(bad.problems)")
        #expect(bad.problems.first { $0.path == "rules[2].target" }?.message.contains("rules only go forward") == true)
    }

    @Test func answersAreCheckedByKind() throws {
        let form = sampleForm()
        func normalize(_ id: String, _ raw: JSONValue?) -> Result<JSONValue?, FormFieldError> { form.field(id)!.normalize(raw) }
        #expect(try normalize("email", " Ana@Example.COM ").get() == "ana@example.com")
        #expect((try? normalize("email", "not an email").get()) == nil)
        #expect((try? normalize("email", nil).get()) == nil, "required")
        #expect(try normalize("first_name", "  ").get() == nil, "blank optional keeps nothing")
        #expect(try normalize("team_size", "1,200").get() == .number(1200))
        #expect((try? normalize("team_size", "0").get()) == nil, "below min")
        #expect((try? normalize("team_size", "many").get()) == nil)
        #expect(try normalize("tools", .array(["hubspot", "hubspot", "smartlead"])).get() == .array(["hubspot", "smartlead"]))
        #expect((try? normalize("tools", .array(["salesforce"])).get()) == nil, "not an option")
        #expect(try normalize("role", "sales").get() == "sales")
        #expect((try? normalize("role", "<script>").get()) == nil)
        #expect(try normalize("consent", "on").get() == .bool(true))
        if case .failure(let error) = normalize("consent", nil) { #expect(error.message.contains("tick")) } else { Issue.record("consent required") }
        #expect(try normalize("phone", "+1 (555) 010-9999").get() == "+1 (555) 010-9999")
        #expect((try? normalize("phone", "call me").get()) == nil)
        #expect((try? normalize("first_name", .string(String(repeating: "x", count: 301))).get()) == nil, "over the length limit")
    }

    @Test func rulesMoveTheSession() {
        let flow = FormFlow(sampleForm())
        #expect(flow.ruleTarget(after: "team", answers: ["team_size": 5]) == "done", "a small team skips the call")
        #expect(flow.ruleTarget(after: "team", answers: ["team_size": 50]) == nil, "undecided: the cascade goes on")
        #expect(flow.ruleTarget(after: "contact", answers: ["team_size": 5]) == nil, "a rule fires after its own field's step only")
        #expect(flow.nextInOrder(after: "team", answers: [:]) == "call")
        #expect(flow.nextInOrder(after: "done", answers: [:]) == nil)
        #expect(!flow.visibleFields(on: "team", answers: [:]).contains { $0.id == "crm_other" })
        #expect(flow.visibleFields(on: "team", answers: ["tools": .array(["hubspot"])]).contains { $0.id == "crm_other" })
        let plan = try! #require(flow.plan(for: "contact", answers: [:]))
        #expect(plan.fields.map(\.id) == ["email", "first_name", "utm_source"] && plan.shownFieldCount == 2)
        switch flow.check(["email": "x", "first_name": "Ana", "sneaky": "stored?"], against: plan) {
        case .success: Issue.record("a bad email must be refused")
        case .failure(let errors): #expect(errors.errors.map(\.field) == ["email"])
        }
        let kept = try! flow.check(["email": "ana@example.com", "sneaky": "x"], against: plan).get()
        #expect(kept == ["email": "ana@example.com"], "fields outside the plan are never stored")
    }

    @Test func proposalSchemaIsStrictAndBuiltFromTheWhitelist() {
        let form = sampleForm()
        let flow = FormFlow(form)
        let ahead = flow.remainingSteps(after: "contact", answers: [:])
        let schema = NextStepProposal.parameters(candidates: ahead, definition: form)
        #expect(schema.field("additionalProperties") == .bool(false))
        #expect(schema.field("properties")?.field("step")?.field("enum") == .array(["team", "call", "done"]), "only steps ahead")
        let fieldIDs = schema.field("properties")?.field("fields")?.field("items")?.field("properties")?.field("id")?.field("enum")?.arrayValue ?? []
        #expect(!fieldIDs.contains("email") && fieldIDs.contains("team_size"), "fields of the steps ahead only")
    }

    @Test func proposalsAreCheckedAgainstTheForm() {
        let form = sampleForm()
        let flow = FormFlow(form)
        let answers: FormAnswers = ["email": "ana@example.com"]
        let ahead = flow.remainingSteps(after: "contact", answers: answers)
        func parse(_ json: String) -> Result<NextStepProposal.Parsed, NextStepProposal.Refusal> {
            NextStepProposal.parse(try! JSONDecoder().decode(JSONValue.self, from: Data(json.utf8)), candidates: ahead, flow: flow, answers: answers)
        }
        let good = try! parse(
            """
            {"reasoning":"short","confidence":0.8,"step":"team","cta":"next","fields":[
             {"id":"role","kind":"select","required":true,"placeholder":"Pick one","default":"sales","options":["sales","founder"]},
             {"id":"notes","kind":"textarea","required":false,"placeholder":null,"default":"invented text","options":null}]}
            """
        ).get()
        #expect(good.plan.fields.map(\.id) == ["team_size", "role", "notes"], "team_size is required: added back; tools left out")
        #expect(good.plan.fields[1].options == ["sales", "founder"] && good.plan.fields[1].defaultValue == "sales" && good.plan.fields[1].required)
        #expect(good.plan.fields[2].defaultValue == nil, "no invented text defaults")
        #expect(good.confidence == 0.8)
        let refusals = [
            #"{"reasoning":"","confidence":0.5,"step":"contact","cta":"next","fields":[]}"#,
            #"{"reasoning":"","confidence":0.5,"step":"team","cta":"next","fields":[{"id":"phone","kind":"phone","required":true,"placeholder":null,"default":null,"options":null}]}"#,
            #"{"reasoning":"","confidence":0.5,"step":"team","cta":"next","fields":[{"id":"role","kind":"text","required":true,"placeholder":null,"default":null,"options":null}]}"#,
            #"{"reasoning":"","confidence":0.5,"step":"team","cta":"next","fields":[{"id":"role","kind":"select","required":true,"placeholder":null,"default":null,"options":["ceo"]}]}"#,
            #"{"reasoning":"","confidence":1.5,"step":"team","cta":"next","fields":[]}"#,
            #"{"reasoning":"","confidence":0.5,"step":"team","cta":"download","fields":[]}"#,
        ]
        for json in refusals {
            if case .success = parse(json) { Issue.record("must be refused: \(json)") }
        }
        let early = try! parse(#"{"reasoning":"","confidence":0.5,"step":"team","cta":"submit","fields":[]}"#).get()
        #expect(early.plan.cta.action == .submit, "finishing early is allowed once the email is known")
    }

    @Test func promptContextCarriesNoPersonalData() {
        let form = sampleForm()
        let answers: FormAnswers = [
            "email": "ana@example.com", "first_name": "Ana", "phone": "+1 555 0100", "team_size": 42,
            "role": "sales", "tools": .array(["hubspot"]), "notes": "call me at home",
        ]
        let text = FormPromptContext.describe(
            definition: form, answers: answers, submittedStep: "team", candidates: Array(form.steps.suffix(2)),
            signals: FormSignals.derive(events: [], stepStartedAt: Date(), fieldsOnStep: 2, now: Date()), recentEvents: [], now: Date()
        ).values.joined(separator: "\n")
        for secret in ["ana@example.com", "Ana", "555", "42", "call me at home"] { #expect(!text.contains(secret), "\(secret) leaked") }
        #expect(text.contains("role: sales") && text.contains("tools: hubspot") && text.contains("email: (answered)"))
    }

    @Test func signalsFollowTheDocumentedFormulas() {
        let start = Date(timeIntervalSince1970: 1_000_000)
        func at(_ s: Double) -> Date { start.addingTimeInterval(s) }
        let events = [
            FormEvent(kind: .focus, field: "team_size", step: "team", at: at(1)),
            FormEvent(kind: .input, field: "team_size", step: "team", at: at(8)),  // 7 s: hesitation
            FormEvent(kind: .delete, field: "team_size", step: "team", at: at(9)),  // a correction
            FormEvent(kind: .delete, field: "notes", step: "team", at: at(9.5)),  // no input yet: not a correction
            FormEvent(kind: .focus, field: "role", step: "team", at: at(10)),
            FormEvent(kind: .input, field: "role", step: "team", at: at(11)),
        ]
        let signals = FormSignals.derive(events: events.reversed(), stepStartedAt: start, fieldsOnStep: 4, now: at(41))
        #expect(signals.hesitations == 1 && signals.corrections == 1)
        #expect(signals.timeOnStepSeconds == 41 && signals.idleSeconds == 30)
        // 2 inputs in the window, 3 fields touched of 4.
        #expect(abs(signals.engagement - (0.6 * 0.2 + 0.4 * 0.75)) < 1e-9)
        #expect(abs(signals.abandonmentRisk - (0.5 * 0.5 + 0.25 / 3 + 0.25 * 0.2)) < 1e-9)
        let later = FormSignals.derive(events: events, stepStartedAt: start, fieldsOnStep: 4, now: at(200))
        #expect(later.engagement == 0 && later.abandonmentRisk >= 0.5, "nothing in the last 60 s")
        let quiet = FormSignals.derive(
            events: [FormEvent(kind: .focus, field: "x", step: "s", at: at(0))], stepStartedAt: start, fieldsOnStep: 1, now: at(6))
        #expect(quiet.hesitations == 1, "focused 6 s ago and nothing typed: hesitating now")
    }

    @Test func clientClocksAreAlignedToTheServer() {
        let received = Date(timeIntervalSince1970: 2_000_000)
        // A client clock a day behind: spacing kept, newest at arrival.
        let aligned = FormEvent.aligned(clientTimes: [1_000, 4_000, 2_000].map { $0 + 1_913_600_000 }, receivedAt: received)
        #expect(aligned == [received.addingTimeInterval(-3), received, received.addingTimeInterval(-2)])
    }
}
