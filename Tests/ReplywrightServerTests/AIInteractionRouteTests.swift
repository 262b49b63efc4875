import Foundation
import Hummingbird
import HummingbirdTesting
import Prometheus
import ReplywrightCore
import ReplywrightEngine
import ReplywrightLLM
import ReplywrightStore
import ReplywrightTesting
import Testing

@Suite("AI interactions API")
struct AIInteractionRouteTests {
    struct Page: Decodable {
        struct Row: Decodable {
            var id: String
            var featureId: String
            var source: String
            var costUsd: Double
            var inputTokens: Int
            var metadata: [String: Double]
        }
        var interactions: [Row]
        var nextCursor: String?
    }

    @Test func listsFiltersAndPagesOnlyTheCallersWorkspace() async throws {
        try await withTestApp { client, store, workspace, key, _ in
            let (other, _) = try await Fixtures.workspace(store, name: "Other")
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            for index in 0..<3 {
                try await store.record(
                    AIInteraction(
                        workspaceID: workspace.id, featureID: index == 0 ? "draft.variants" : "draft.strategy", inputTokens: 100 + index,
                        costUSD: 0.25, source: index == 2 ? .rules : .llm, attempts: 1, metadata: ["messages": 2],
                        createdAt: start.addingTimeInterval(Double(index))))
            }
            try await store.record(AIInteraction(workspaceID: other.id, featureID: "draft.strategy", source: .llm, createdAt: start))

            let first = try await client.execute(uri: "/v1/ai-interactions?limit=2", method: .get, headers: bearer(key)).json(Page.self)
            #expect(first.interactions.map(\.inputTokens) == [102, 101])
            #expect(first.interactions[0].source == "rules" && first.interactions[0].metadata == ["messages": 2])
            let cursor = try #require(first.nextCursor)
            let second = try await client.execute(uri: "/v1/ai-interactions?limit=2&cursor=\(cursor)", method: .get, headers: bearer(key))
                .json(Page.self)
            #expect(second.interactions.map(\.featureId) == ["draft.variants"] && second.nextCursor == nil)

            let rules = try await client.execute(uri: "/v1/ai-interactions?source=rules", method: .get, headers: bearer(key)).json(Page.self)
            #expect(rules.interactions.count == 1)

            // from (inclusive) and to (exclusive): the middle row only.
            let window = try await client.execute(
                uri: "/v1/ai-interactions?from=2027-01-15T08:00:01Z&to=2027-01-15T08:00:02Z", method: .get, headers: bearer(key)
            ).json(Page.self)
            #expect(window.interactions.map(\.inputTokens) == [101])
            #expect(
                try await client.execute(uri: "/v1/ai-interactions?since=2027-01-15T08:00:02Z", method: .get, headers: bearer(key))
                    .json(Page.self).interactions.map(\.inputTokens) == [102])

            for bad in ["source=magic", "status=maybe", "since=yesterday", "from=monday", "to=2027-13-01", "cursor=%%%", "limit=0"] {
                let response = try await client.execute(uri: "/v1/ai-interactions?\(bad)", method: .get, headers: bearer(key))
                #expect(response.status == .badRequest, "\(bad)")
                #expect(try response.json(ErrorBody.self).error.code == "invalid_request")
            }
            let anonymous = try await client.execute(uri: "/v1/ai-interactions", method: .get)
            #expect(anonymous.status == .unauthorized)
        }
    }
}

@Suite("AI metrics")
struct AIMetricsTests {
    @Test func modelCallsAndRulesDecisionsShowUpInMetrics() async throws {
        try await withTestApp { client, store, workspace, key, registry in
            let metrics = PrometheusMetricsFactory(registry: registry)
            let server = FakeOpenAIServer()
            server.enqueue(.reply("hello", usage: .init(input: 40, cachedInput: 8, output: 12, reasoning: 0)))
            try await server.run { endpoint in
                let gateway = LLMGateway(
                    provider: ChatCompletionsClient(endpoint: endpoint), recorder: store, metrics: metrics, logger: TestDatabases.logger)
                _ = try await gateway.generate(
                    LLMRequest(
                        model: "gpt-4.1-mini", messages: [.user("hi")],
                        context: LLMCallContext(workspaceID: workspace.id, featureID: "draft.variants")))
            }
            try await AITelemetry(recorder: store, metrics: metrics).recordDecision(
                LLMCallContext(workspaceID: workspace.id, featureID: "draft.strategy"), source: .rules, latency: .milliseconds(3), at: Date())

            let text = try await client.execute(uri: "/metrics", method: .get).text
            #expect(text.contains(#"replywright_ai_interactions_total{feature="draft.variants",model="gpt-4.1-mini",source="llm",status="ok"} 1"#))
            #expect(text.contains(#"replywright_ai_interactions_total{feature="draft.strategy",model="none",source="rules",status="ok"} 1"#))
            #expect(text.contains(#"replywright_ai_tokens_total{feature="draft.variants",model="gpt-4.1-mini",kind="cached_input"} 8"#))
            #expect(text.contains("replywright_ai_cost_usd_total"))

            let listed = try await client.execute(uri: "/v1/ai-interactions", method: .get, headers: bearer(key)).json(
                AIInteractionRouteTests.Page.self)
            #expect(listed.interactions.map(\.source) == ["rules", "llm"])
        }
    }
}
