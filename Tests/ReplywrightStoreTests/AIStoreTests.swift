import Foundation
import ReplywrightCore
import ReplywrightStore
import ReplywrightTesting
import Testing

@Suite("AI telemetry and prompt revisions")
struct AIStoreTests {
    func interaction(
        _ workspace: Identifier<Workspace>?, feature: String = "draft.strategy", source: DecisionSource = .llm,
        at time: Date, status: AIInteractionStatus = .ok
    ) -> AIInteraction {
        AIInteraction(
            workspaceID: workspace, featureID: feature, promptKey: "draft.strategy.email", promptVersion: 1, provider: "fake",
            model: "gpt-5.2", reasoningEffort: "high", inputTokens: 1200, cachedInputTokens: 200, outputTokens: 300,
            reasoningTokens: 50, latencyMs: 812, costUSD: 0.0061234, status: status,
            errorCode: status == .error ? "llm_timeout" : nil, source: source, attempts: 2,
            metadata: ["messages": 2, "structured": 1], createdAt: time)
    }

    @Test(arguments: TestDatabases.engines)
    func interactionsRoundTripFilterAndPagePerWorkspace(engine: DatabaseEngine) async throws {
        let clock = TestClock()
        try await TestDatabases.withStore(engine, clock: clock) { store in
            let (mine, _) = try await Fixtures.workspace(store, name: "Mine")
            let (theirs, _) = try await Fixtures.workspace(store, name: "Theirs")
            let start = clock.now
            let first = interaction(mine.id, at: start)
            try await store.record(first)
            try await store.record(interaction(mine.id, feature: "draft.variants", source: .rules, at: start.addingTimeInterval(1)))
            try await store.record(interaction(mine.id, at: start.addingTimeInterval(2), status: .error))
            try await store.record(interaction(theirs.id, at: start.addingTimeInterval(3)))
            try await store.record(interaction(nil, feature: "doctor", at: start.addingTimeInterval(4)))

            let all = try await store.aiInteractions(in: mine.id, matching: AIInteractionQuery())
            #expect(all.count == 3, "only this workspace's rows")
            #expect(all.map(\.createdAt) == [2, 1, 0].map { start.addingTimeInterval($0) }, "newest first")
            let stored = try #require(all.last)
            #expect(stored == first, "every field round-trips")

            #expect(try await store.aiInteractions(in: mine.id, matching: AIInteractionQuery(source: .rules)).map(\.featureID) == ["draft.variants"])
            #expect(try await store.aiInteractions(in: mine.id, matching: AIInteractionQuery(status: .error)).first?.errorCode == "llm_timeout")
            #expect(try await store.aiInteractions(in: mine.id, matching: AIInteractionQuery(featureID: "draft.strategy")).count == 2)
            #expect(try await store.aiInteractions(in: mine.id, matching: AIInteractionQuery(since: start.addingTimeInterval(1))).count == 2)

            let page1 = try await store.aiInteractions(in: mine.id, matching: AIInteractionQuery(limit: 2))
            let cursor = try #require(page1.last)
            let page2 = try await store.aiInteractions(
                in: mine.id, matching: AIInteractionQuery(before: (cursor.createdAt, cursor.id.rawValue), limit: 2))
            #expect(page1.count == 2 && page2.map(\.id) == [first.id], "the cursor continues where the page ended")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func promptRevisionsAreNumberedPerWorkspaceAndKey(engine: DatabaseEngine) async throws {
        try await TestDatabases.withStore(engine) { store in
            let (mine, _) = try await Fixtures.workspace(store, name: "Mine")
            let (theirs, _) = try await Fixtures.workspace(store, name: "Theirs")
            let v1 = PromptTemplate(key: "draft.strategy.email", version: 1, system: "You plan replies.", user: "Lead said: {{inbound}}")
            var v2 = v1
            v2.system = "You plan short replies."
            let first = try await store.addPromptRevision(v1, in: mine.id, note: "start", createdBy: "admin@acme.example")
            let second = try await store.addPromptRevision(v2, in: mine.id, note: nil, createdBy: nil)
            let other = try await store.addPromptRevision(v1, in: theirs.id, note: nil, createdBy: nil)
            let numbers: [Int] = [first.revision, second.revision, other.revision]
            #expect(numbers == [1, 2, 1])
            let history = try await store.promptRevisions(key: "draft.strategy.email", in: mine.id)
            #expect(history.map(\.revision) == [2, 1])
            #expect(history[0].template == v2)
            #expect(history[1].note == "start")
            let none = try await store.promptRevisions(key: "draft.variants.email", in: mine.id)
            #expect(none.isEmpty)
            await #expect(throws: AppError.notFound("workspace")) {
                _ = try await store.addPromptRevision(v1, in: Identifier("nope"), note: nil, createdBy: nil)
            }
        }
    }
}
