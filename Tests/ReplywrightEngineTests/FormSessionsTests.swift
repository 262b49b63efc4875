import Foundation
import Logging
import Metrics
import ReplywrightCore
import ReplywrightEngine
import ReplywrightLLM
import ReplywrightStore
import ReplywrightTesting
import Testing

@Suite("Form sessions: the next-step cascade and completion into a lead")
struct FormSessionsTests {
    static func telemetry(_ store: SQLStore) -> AITelemetry { AITelemetry(recorder: store, metrics: NOOPMetricsHandler.instance) }

    static func sessions(
        _ store: SQLStore, llm: (any LLMProvider)? = nil, now: @escaping @Sendable () -> Date = Date.init
    ) -> FormSessions {
        FormSessions(
            store: store,
            cascade: NextStepCascade(
                store: store, llm: llm, configuration: DraftingConfiguration(model: llm == nil ? nil : "gpt-4.1-mini"), telemetry: telemetry(store),
                logger: TestDatabases.logger),
            now: now)
    }

    static func gateway(_ endpoint: OpenAIEndpoint, store: SQLStore, cache: Bool) -> LLMGateway {
        var configuration = LLMGatewayConfiguration()
        configuration.retry = RetryPolicy(baseDelay: .zero, maxDelay: .zero, maxAttempts: 1)
        configuration.cache = cache ? ResponseCache() : nil
        return LLMGateway(
            provider: ChatCompletionsClient(endpoint: endpoint), configuration: configuration, recorder: store,
            metrics: NOOPMetricsHandler.instance, logger: TestDatabases.logger)
    }

    /// The example form, published, with everyone in the adaptive variant (when asked).
    static func publish(_ store: SQLStore, _ workspace: Workspace, adaptive: Bool, timeout: Double? = nil) async throws -> FormRecord {
        var definition = FormDefinition.example()
        definition.decisionTimeoutSeconds = timeout
        let form = try await store.createForm(definition, in: workspace.id)
        _ = try await store.publishForm(form.id, in: workspace.id)
        if adaptive {
            _ = try await FormCatalog(store: store).createExperiment(
                .init(
                    formId: form.id.rawValue, key: "adaptive_test", seed: nil, coverage: 1,
                    variants: [.init(id: "static", weight: 0), .init(id: "adaptive", weight: 1)]), in: workspace.id)
        }
        return form
    }

    static let contact: [String: JSONValue] = [
        "email": "ana.silva@example.com", "first_name": "Ana", "company": "Silva Imports", "utm_source": "newsletter",
    ]

    @Test(arguments: TestDatabases.engines)
    func theStaticFormFollowsItsRulesAndBecomesALeadOnce(engine: DatabaseEngine) async throws {
        try await TestDatabases.withStore(engine) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let form = try await Self.publish(store, workspace, adaptive: false)
            let sessions = Self.sessions(store)
            let started = try await sessions.start(slug: "request-a-demo", unit: nil)
            let id = started.session.id, token = started.session.token
            #expect(started.session.variant == nil && started.session.plan.stepID == "contact" && started.session.fieldsShown == 3)

            let wrongToken = await #expect(throws: AppError.self) {
                _ = try await sessions.submit(id, token: "nope", step: nil, answers: Self.contact)
            }
            #expect(wrongToken?.code == .forbidden)
            let refused = try await sessions.submit(id, token: token, step: "contact", answers: ["email": "not-an-email"])
            #expect(refused.errors.map(\.field) == ["email"] && refused.session.plan.stepID == "contact", "refused answers keep the step")

            let team = try await sessions.submit(id, token: token, step: "contact", answers: Self.contact)
            #expect(team.session.plan.stepID == "team" && team.errors.isEmpty)
            #expect(!team.session.plan.fields.contains { $0.id == "crm_other" }, "conditional until a rule shows it")
            let stale = try await sessions.submit(id, token: token, step: "contact", answers: Self.contact)
            #expect(stale.session.plan.stepID == "team", "a repeated submit of a step already left changes nothing")

            let guide = try await sessions.submit(id, token: token, step: "team", answers: ["team_size": "3", "tools": ["HubSpot", "Other"]])
            #expect(guide.session.plan.stepID == "guide", "a team under 5 skips the call (rule)")
            let done = try await sessions.submit(id, token: token, step: "guide", answers: ["guide_consent": "on"])
            #expect(done.session.status == .completed && done.session.leadID != nil)

            let lead = try #require(try await store.lead(email: "ana.silva@example.com", in: workspace.id))
            #expect(lead.firstName == "Ana" && lead.company == "Silva Imports" && lead.id == done.session.leadID)
            #expect(lead.customVariables["team_size"] == .number(3) && lead.customVariables["form"] == "request-a-demo")
            #expect(lead.customVariables["tools"] == .array(["HubSpot", "Other"]))
            let messages = try await store.messages(leadID: lead.id, in: workspace.id)
            #expect(messages.count == 1 && messages[0].channel == .form && messages[0].direction == .inbound)
            #expect(
                messages[0].body.hasPrefix("I filled in your form \"Request a demo\".")
                    && messages[0].body.contains("> How many people send outbound: 3"))
            #expect(!messages[0].body.contains("newsletter") && !messages[0].body.contains("ana.silva@"), "hidden fields and the address stay out")
            let intent = ReplyIntent.classify(messages[0].body)
            #expect(intent != .referral && intent != .question, "the answers are a record, not the lead's words")
            let queued = try await store.queueStats().queued
            #expect(queued == 1, "its draft is queued")

            let again = try await sessions.submit(id, token: token, step: "guide", answers: ["guide_consent": "on"])
            let afterAgain = try await store.messages(leadID: lead.id, in: workspace.id)
            #expect(again.session.status == .completed && afterAgain.count == 1, "once")
            let decisions = try await store.formDecisions(id)
            #expect(decisions.map(\.source) == [.rules, .rules, .rules] && decisions.map(\.toStep) == ["team", "guide", nil])

            let analytics = try await FormCatalog(store: store).analytics(form.id, in: workspace.id)
            let all = try #require(analytics.variants.first)
            #expect(all.variant == "none" && all.views == 1 && all.starts == 1 && all.completions == 1 && all.completionRate == 1)
            #expect(all.fieldsShownPerCompletion == 8.0, "contact 3, team 4 (no crm_other yet), guide 1")
            #expect(all.steps.first { $0.id == "call" }?.views == 0)
        }
    }

    @Test func theAdaptiveVariantAsksTheModelWithoutPersonalData() async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            _ = try await Self.publish(store, workspace, adaptive: true, timeout: 10)
            let server = FakeOpenAIServer()
            server.enqueue(
                .toolCall(
                    name: "propose_next_step",
                    arguments: """
                        {"reasoning":"A founder-led team: ask only the size and role.","confidence":0.82,"step":"team","cta":"next",
                         "fields":[{"id":"role","kind":"select","required":true,"placeholder":null,"default":"Founder","options":["Founder","Head of sales"]}]}
                        """))
            try await server.run { endpoint in
                // The sessions' clock runs an hour ahead of the cascade's (which times the model
                // call against the real clock): each visitor's time on the step is then 0, however
                // slow the machine, so the two prompts are the same and the cache can answer.
                let sessions = Self.sessions(
                    store, llm: Self.gateway(endpoint, store: store, cache: true), now: { Date().addingTimeInterval(3_600) })
                let first = try await sessions.start(slug: "request-a-demo", unit: "visitor-1")
                #expect(first.session.variant == "adaptive")
                let next = try await sessions.submit(first.session.id, token: first.session.token, step: nil, answers: Self.contact)
                #expect(next.session.plan.stepID == "team")
                #expect(next.session.plan.fields.map(\.id) == ["team_size", "role"], "required team_size added back; optional ones left out")
                #expect(next.session.plan.fields[1].options == ["Founder", "Head of sales"] && next.session.plan.fields[1].defaultValue == "Founder")
                let decision = try #require(try await store.formDecisions(first.session.id).first)
                #expect(decision.source == .llm && decision.confidence == 0.82 && decision.reason?.contains("founder-led") == true)

                // A second visitor with the same (redacted) answers: the cache answers.
                let second = try await sessions.start(slug: "request-a-demo", unit: "visitor-2")
                let cached = try await sessions.submit(
                    second.session.id, token: second.session.token, step: nil,
                    answers: ["email": "bo@example.org", "first_name": "Bo", "company": "Other Co", "utm_source": "ads"])
                #expect(cached.session.plan.fields.map(\.id) == ["team_size", "role"])
                let secondDecision = try await store.formDecisions(second.session.id).first
                #expect(secondDecision?.source == .cache)
            }
            #expect(server.received.count == 1, "the cached decision made no call")
            let body = try #require(server.received.first).body
            #expect(body.field("tool_choice")?.field("function")?.field("name") == "propose_next_step")
            let tool = try #require(body.field("tools")?.arrayValue?.first?.field("function"))
            #expect(tool.field("strict") == .bool(true) && tool.field("parameters")?.field("additionalProperties") == .bool(false))
            #expect(tool.field("parameters")?.field("properties")?.field("step")?.field("enum") == ["team", "call", "guide"])
            let sent = String(decoding: try JSONEncoder().encode(body), as: UTF8.self)
            for secret in ["ana.silva", "example.com", "Ana", "Silva Imports", "newsletter"] {
                #expect(!sent.contains(secret), "\(secret) reached the model")
            }
            #expect(sent.contains("email: (answered)") && sent.contains("Founders and sales leads"))
        }
    }

    @Test(arguments: [
        (
            "enum outside the whitelist",
            FakeOpenAIServer.Step.toolCall(
                name: "propose_next_step",
                arguments: """
                    {"reasoning":"","confidence":0.9,"step":"contact","cta":"next","fields":[]}
                    """)
        ),
        ("schema-invalid JSON", .toolCall(name: "propose_next_step", arguments: #"{"step": "team", "confidence": "#)),
        (
            "a field of another step",
            .toolCall(
                name: "propose_next_step",
                arguments: """
                    {"reasoning":"","confidence":0.9,"step":"team","cta":"next","fields":[{"id":"phone","kind":"phone","required":true,"placeholder":null,"default":null,"options":null}]}
                    """)
        ),
        ("a timeout", .hang(.seconds(60))),
        ("a 500", .status(500)),
        ("a 429", .status(429, retryAfter: "1")),
    ])
    func unusableModelAnswersFallBackAndTheFormStillAdvances(name: String, step: FakeOpenAIServer.Step) async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            _ = try await Self.publish(store, workspace, adaptive: true, timeout: 0.4)
            let server = FakeOpenAIServer()
            server.enqueue(step)
            try await server.run { endpoint in
                let sessions = Self.sessions(store, llm: Self.gateway(endpoint, store: store, cache: false))
                let session = try await sessions.start(slug: "request-a-demo", unit: "u")
                let next = try await sessions.submit(session.session.id, token: session.session.token, step: nil, answers: Self.contact)
                #expect(next.session.plan.stepID == "team" && next.session.plan.fields.count == 4, "\(name): the next step as defined")
                let decision = try #require(try await store.formDecisions(session.session.id).first)
                #expect(decision.source == .fallback, "\(name)")
                // Not a timing target (the whole suite runs beside it on two cores): a model that
                // would answer after 60 s is not waited for (the form's 0.4 s decision timeout is
                // the call's deadline).
                #expect(decision.latencyMilliseconds < 30_000, "\(name): \(decision.latencyMilliseconds) ms")
            }
            let fallbacks = try await store.aiInteractions(
                in: workspace.id, matching: AIInteractionQuery(featureID: "forms.next_step", source: .fallback))
            #expect(fallbacks.count == 1, "\(name): the fallback is recorded in AI telemetry")
        }
    }

    /// Where a visitor lands depends on the experiment's seed and the unit only: the same on either
    /// engine, and on another node or after a restart (a second `FormSessions`: nothing but the seed and the unit goes in).
    @Test(arguments: TestDatabases.engines)
    func bucketingIsTheSameOnEveryNodeAndEngine(engine: DatabaseEngine) async throws {
        try await TestDatabases.withStore(engine) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let form = try await store.createForm(.example(), in: workspace.id)
            _ = try await store.publishForm(form.id, in: workspace.id)
            let experiment = try await FormCatalog(store: store).createExperiment(
                .init(
                    formId: form.id.rawValue, key: "node_test", seed: "fixed-seed", coverage: 0.8,
                    variants: [.init(id: "static", weight: 0.5), .init(id: "adaptive", weight: 0.5)]), in: workspace.id)
            let nodeA = Self.sessions(store), nodeB = Self.sessions(store)
            var seen: Set<String> = []
            var exposed = 0
            for index in 0..<40 {
                let unit = "visitor-\(index)"
                // GrowthBook v2 by hand: fnv32a(String(fnv32a(seed + unit))) % 10000 / 10000.
                let n = Double(GrowthBookHash.fnv32a(String(GrowthBookHash.fnv32a("fixed-seed" + unit))) % 10_000) / 10_000
                let expected: String? = n < 0.4 ? "static" : (0.5..<0.9).contains(n) ? "adaptive" : nil
                let a = try await nodeA.start(slug: "request-a-demo", unit: unit).session
                let b = try await nodeB.start(slug: "request-a-demo", unit: unit).session
                #expect(a.variant == expected && b.variant == expected, "\(unit): hash \(n)")
                #expect((a.experimentID == nil) == (expected == nil))
                seen.insert(expected ?? "none")
                if expected != nil { exposed += 2 }
            }
            #expect(seen == ["static", "adaptive", "none"], "40 visitors reach both variants and the 20 % outside")
            let exposures = try await store.exposures(experiment.id)
            #expect(exposures.values.reduce(0, +) == exposed, "one exposure per session in the experiment, none for those outside")
        }
    }

    @Test func withoutAModelTheAdaptiveVariantUsesTheRulesTier() async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            _ = try await Self.publish(store, workspace, adaptive: true)
            let sessions = Self.sessions(store)
            let session = try await sessions.start(slug: "request-a-demo", unit: "u")
            let next = try await sessions.submit(session.session.id, token: session.session.token, step: nil, answers: Self.contact)
            #expect(next.session.plan.stepID == "team")
            let decision = try await store.formDecisions(session.session.id).first
            #expect(decision?.source == .rules)
        }
    }

    @Test func eventsAreValidatedAndAlignedToTheServerClock() async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            _ = try await Self.publish(store, workspace, adaptive: false)
            let sessions = Self.sessions(store)
            let session = try await sessions.start(slug: "request-a-demo", unit: nil).session
            let (stored, _) = try await sessions.record(
                [
                    RawFormEvent(type: "focus", field: "email", step: nil, t: 1_000),
                    RawFormEvent(type: "input", field: "email", step: nil, t: 7_000),
                ], session: session.id, token: session.token)
            #expect(stored == 2)
            let events = try await store.formEvents(session.id, limit: 10)
            #expect(events.map(\.kind) == [.focus, .input] && abs(events[1].at.timeIntervalSince(events[0].at) - 6) < 0.01)
            await #expect(throws: AppError.self) {
                _ = try await sessions.record(
                    [RawFormEvent(type: "focus", field: "password", step: nil, t: 1)], session: session.id, token: session.token)
            }
            await #expect(throws: AppError.self) {
                _ = try await sessions.record(
                    [RawFormEvent(type: "keylog", field: "email", step: nil, t: 1)], session: session.id, token: session.token)
            }
            let tooMany = Array(repeating: RawFormEvent(type: "input", field: "email", step: nil, t: 1), count: FormEvent.batchLimit + 1)
            await #expect(throws: AppError.self) { _ = try await sessions.record(tooMany, session: session.id, token: session.token) }
            await #expect(throws: AppError.self) { _ = try await sessions.record([], session: session.id, token: "forged") }
            let after = try await store.formSession(session.id)
            #expect(after?.hasStarted == true)
        }
    }
}
