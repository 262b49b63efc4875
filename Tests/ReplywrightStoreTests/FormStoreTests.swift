import Foundation
import ReplywrightCore
import ReplywrightStore
import ReplywrightTesting
import Testing

@Suite("Forms, sessions, experiments and counters")
struct FormStoreTests {
    static func session(_ form: FormRecord, version: Int, experiment: Experiment? = nil, variant: String? = nil, at time: Date) -> FormSession {
        let plan = FormFlow(form.definition).plan(for: form.definition.steps[0].id, answers: [:])!
        return FormSession(
            id: Identifier(UUID().uuidString.lowercased()), workspaceID: form.workspaceID, formID: form.id, version: version,
            experimentID: experiment?.id, variant: variant, status: .active, plan: plan, answers: [:], token: "t0k3n", leadID: nil,
            hasStarted: false, fieldsShown: plan.shownFieldCount, startedAt: time, stepStartedAt: time, lastActivityAt: time, completedAt: nil)
    }

    @Test(arguments: TestDatabases.engines)
    func publishedVersionsAreFrozenAndSlugsUnique(engine: DatabaseEngine) async throws {
        try await TestDatabases.withStore(engine) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let (other, _) = try await Fixtures.workspace(store, name: "Other")
            let form = try await store.createForm(.example(), in: workspace.id)
            #expect(try await store.publishedForm(slug: "request-a-demo") == nil, "not live until published")
            let v1 = try await store.publishForm(form.id, in: workspace.id)
            var changed = FormDefinition.example()
            changed.name = "Talk to sales"
            _ = try await store.updateForm(form.id, definition: changed, in: workspace.id)
            let live = try #require(try await store.publishedForm(slug: "request-a-demo"))
            #expect(v1.version == 1 && live.version.definition.name == "Request a demo", "an edit never changes a published version")
            let v2 = try await store.publishForm(form.id, in: workspace.id)
            let relive = try await store.publishedForm(slug: "request-a-demo")
            #expect(v2.version == 2 && relive?.version.definition.name == "Talk to sales")
            #expect(try await store.formVersion(form.id, version: 1).definition.name == "Request a demo", "old sessions keep v1")
            #expect(try await store.formVersions(form.id, in: workspace.id).map(\.version) == [2, 1])
            let taken = await #expect(throws: AppError.self) { _ = try await store.createForm(.example(), in: other.id) }
            #expect(taken?.code == .conflict && taken?.message.contains("/f/request-a-demo") == true, "slugs are install-wide")
            await #expect(throws: AppError.notFound("form")) { _ = try await store.form(form.id, in: other.id) }
            await #expect(throws: AppError.notFound("form")) { _ = try await store.publishForm(form.id, in: other.id) }
            #expect(try await store.forms(in: other.id).isEmpty)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func sessionsMoveOnceCountAsTheyGoAndEndWhenQuiet(engine: DatabaseEngine) async throws {
        let clock = TestClock()
        try await TestDatabases.withStore(engine, clock: clock) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let form = try await store.createForm(.example(), in: workspace.id)
            _ = try await store.publishForm(form.id, in: workspace.id)
            let experiment = try await store.createExperiment(
                Experiment(
                    id: "exp-1", workspaceID: workspace.id, formID: form.id, key: "demo_flow", seed: nil, coverage: 1,
                    variants: [.init(id: "static", weight: 0.5), .init(id: "adaptive", weight: 0.5)], status: .running, createdAt: clock.now))
            let conflict = await #expect(throws: AppError.self) {
                _ = try await store.createExperiment(
                    Experiment(
                        id: "exp-2", workspaceID: workspace.id, formID: form.id, key: "another", seed: nil, coverage: 1,
                        variants: experiment.variants, status: .running, createdAt: clock.now))
            }
            #expect(conflict?.code == .conflict, "one running experiment per form")

            let start = clock.now
            let session = Self.session(form, version: 1, experiment: experiment, variant: "adaptive", at: start)
            try await store.createFormSession(session)
            #expect(try await store.formSession(session.id) == session)
            #expect(try await store.exposures(experiment.id) == ["adaptive": 1])

            let events = [
                FormEvent(kind: .focus, field: "email", step: "contact", at: start.addingTimeInterval(1)),
                FormEvent(kind: .input, field: "email", step: "contact", at: start.addingTimeInterval(2)),
            ]
            #expect(try await store.recordFormEvents(events, session: session.id, at: start.addingTimeInterval(3)), "the first event starts it")
            #expect(!(try await store.recordFormEvents([], session: session.id, at: start.addingTimeInterval(4))), "only once")
            #expect(try await store.formEvents(session.id, limit: 10) == events)

            var moved = try #require(try await store.formSession(session.id))
            moved.answers = ["email": "ana@example.com"]
            moved.plan = FormFlow(form.definition).plan(for: "team", answers: moved.answers)!
            moved.stepStartedAt = start.addingTimeInterval(10)
            moved.lastActivityAt = start.addingTimeInterval(10)
            let decision = FormDecision(
                sessionID: session.id, fromStep: "contact", toStep: "team", source: .llm, latencyMilliseconds: 420,
                confidence: 0.7, reason: "needs team size", at: start.addingTimeInterval(10))
            let day = FormCounter.day(start)
            let counters = [
                session.counter(.stepViews, day: day, step: "team"), session.counter(.stepLeaves, day: day, step: "contact"),
                session.counter(.stepSeconds, day: day, step: "contact", value: 10),
            ]
            #expect(try await store.advanceFormSession(moved, fromStep: "contact", decision: decision, counters: counters))
            #expect(
                !(try await store.advanceFormSession(moved, fromStep: "contact", decision: decision, counters: counters)),
                "a second submission of the same step loses: the session is already on team")
            #expect(try await store.formDecisions(session.id) == [decision])

            #expect(try await store.endIdleFormSessions(before: start.addingTimeInterval(5)) == 0, "still active since 10 s")
            #expect(try await store.endIdleFormSessions(before: start.addingTimeInterval(3_600)) == 1)
            #expect(try await store.formSession(session.id)?.status == .abandoned)
            #expect(try await store.endIdleFormSessions(before: start.addingTimeInterval(7_200)) == 0, "ended once")

            let analytics = FormAnalytics.build(
                formID: form.id.rawValue, definition: form.definition,
                counters: try await store.formCounters(form.id, in: workspace.id))
            let adaptive = try #require(analytics.variants.first { $0.variant == "adaptive" })
            #expect(adaptive.views == 1 && adaptive.starts == 1 && adaptive.completions == 0)
            let steps = Dictionary(uniqueKeysWithValues: adaptive.steps.map { ($0.id, $0) })
            #expect(steps["contact"]?.views == 1 && steps["contact"]?.exits == 0 && steps["contact"]?.averageSeconds == 10)
            #expect(steps["team"]?.views == 1 && steps["team"]?.exits == 1 && steps["team"]?.dropOff == 1, "ended on team")
        }
    }
}
