import Foundation
import Hummingbird
import HummingbirdTesting
import Metrics
import Prometheus
import ReplywrightCore
import ReplywrightEngine
import ReplywrightServer
import ReplywrightStore
import ReplywrightTesting
import Testing

@Suite("Settings API")
struct SettingsRouteTests {
    struct Settings: Decodable {
        struct Effective: Decodable {
            var model: String?
            var effort: String?
            var variants: Int
            var archetypes: [String]
            var coercions: [String]
        }
        var drafting: DraftingSettings
        var effective: Effective
    }

    static func body(variants: Int = 5, effort: String = "extra_high", archetypes: String = #"["one-liner", "no-frills"]"#) -> String {
        """
        {"drafting": {"model": "gpt-5.1", "effort": "\(effort)", "variants": \(variants), "archetypes": \(archetypes),
          "budgetSeconds": 20, "contextBundle": true, "knowledgeBudget": 3000, "perAssetBudget": 1000,
          "memoryBudget": 800, "perEntryBudget": 200}}
        """
    }

    @Test func settingsAreCoercedValidatedAndUsedByDrafts() async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            let (workspace, key) = try await Fixtures.workspace(store)
            let registry = PrometheusCollectorRegistry()
            let metrics = PrometheusMetricsFactory(registry: registry)
            let pipeline = DraftPipeline(
                store: store, llm: nil, telemetry: AITelemetry(recorder: store, metrics: metrics),
                configuration: DraftingConfiguration(model: "gpt-5.2"))
            let router = ReplywrightHTTP.buildRouter(
                ServerDependencies(
                    store: store, drafting: pipeline, metrics: metrics, prometheus: registry, logger: TestDatabases.logger))
            try await Application(router: router, logger: TestDatabases.logger).test(.router) { client in
                let initial = try await client.execute(uri: "/v1/settings", method: .get, headers: bearer(key.secret)).json(Settings.self)
                #expect(initial.drafting == DraftingSettings(model: "gpt-5.2") && initial.effective.model == "gpt-5.2")
                #expect(initial.effective.effort == "medium" && initial.effective.coercions.isEmpty)

                let saved = try await client.execute(
                    uri: "/v1/settings", method: .put, headers: bearer(key.secret),
                    body: ByteBuffer(string: Self.body())
                ).json(Settings.self)
                #expect(saved.drafting.effort == "extra_high", "what the admin chose is kept")
                #expect(saved.effective.effort == "high", "and what the model can do is shown")
                #expect(saved.effective.coercions == ["reasoning_effort extra_high → high: gpt-5.1 does not offer extra_high"])
                #expect(saved.effective.variants == 5 && saved.effective.archetypes == ["one-liner", "no-frills"])

                for (body, field) in [
                    (Self.body(variants: 9), "variants"), (Self.body(archetypes: #"["sonnet"]"#), "archetypes"),
                    (#"{"drafting": {"variants": 3}}"#, "budgetSeconds"),
                ] {
                    let response = try await client.execute(
                        uri: "/v1/settings", method: .put, headers: bearer(key.secret), body: ByteBuffer(string: body))
                    #expect(response.status == .badRequest)
                    #expect(try response.json(ErrorBody.self).error.message.contains(field), "names \(field)")
                }
                let unknownEffort = try await client.execute(
                    uri: "/v1/settings", method: .put, headers: bearer(key.secret),
                    body: ByteBuffer(string: Self.body(effort: "maximum"))
                ).json(Settings.self)
                #expect(
                    unknownEffort.effective.effort == "medium" && unknownEffort.effective.coercions.first?.contains("maximum") == true,
                    "an unknown effort falls back to the model's default and says so")
            }

            let setterKey = try await store.issueAPIKey(for: workspace.id, name: "setter", role: .setter)
            try await Application(router: router, logger: TestDatabases.logger).test(.router) { client in
                let before = try await client.execute(uri: "/v1/settings", method: .get, headers: bearer(setterKey.secret)).json(Settings.self)
                let refused = try await client.execute(
                    uri: "/v1/settings", method: .put, headers: bearer(setterKey.secret),
                    body: ByteBuffer(string: Self.body(variants: 2)))
                #expect(refused.status == .forbidden, "a setter key reads settings but may not change them")
                #expect(try refused.json(ErrorBody.self).error.code == "forbidden")
                let after = try await client.execute(uri: "/v1/settings", method: .get, headers: bearer(key.secret)).json(Settings.self)
                #expect(after.drafting == before.drafting && after.drafting.variants != 2, "nothing changed")
            }

            _ = try await store.saveDraftingSettings(DraftingSettings(variants: 1, archetypes: ["one-liner"]), in: workspace.id)
            let ingested = try await InboundIngestor(store: store).ingest(Fixtures.inbound(), in: workspace.id)
            let draft = try await pipeline.draft(replyingTo: ingested.messageID, in: workspace.id, logger: TestDatabases.logger)
            #expect(draft.archetypeID == "one-liner" && draft.candidateStats.count == 1, "the workspace's settings shape its drafts")
        }
    }
}
