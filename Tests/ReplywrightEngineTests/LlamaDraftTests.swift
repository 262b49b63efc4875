import Foundation
import Metrics
import ReplywrightCore
import ReplywrightEngine
import ReplywrightLLM
import ReplywrightStore
import ReplywrightTesting
import Testing

/// One whole draft (both steps, then the overseer loop) against the real llama.cpp server that
/// `.ci/run` starts, with every request kept on its way out. SmolLM2-135M is far too small to
/// judge prose: this proves the wire path and what the prompts carry.
@Suite(
    "Drafting against llama.cpp (real)", .serialized,
    .enabled(
        if: ProcessInfo.processInfo.environment["REPLYWRIGHT_TEST_LLAMA_URL"]?.isEmpty == false,
        "REPLYWRIGHT_TEST_LLAMA_URL is not set: start scripts/llama-server.py to run these"))
struct LlamaDraftTests {
    @Test func aFullDraftSendsTheWholeContext() async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            let (workspace, inbound) = try await Fixtures.salesWorkspace(store, variants: 1)
            var settings = try #require(try await store.draftingSettings(in: workspace.id))
            settings.budgetSeconds = 300  // the most a workspace may give a draft: SmolLM2 on a busy CI machine is slow
            _ = try await store.saveDraftingSettings(settings, in: workspace.id)
            let ingested = try await InboundIngestor(store: store).ingest(inbound, in: workspace.id)
            let url = ProcessInfo.processInfo.environment["REPLYWRIGHT_TEST_LLAMA_URL"] ?? ""
            let recording = RecordingProvider(ChatCompletionsClient(endpoint: OpenAIEndpoint(baseURL: url, apiKey: nil)))
            // The server answers one request at a time and CI runs the other llama.cpp suite beside
            // this one: room for a slow answer.
            var gatewayConfiguration = LLMGatewayConfiguration()
            gatewayConfiguration.attemptTimeout = .seconds(240)
            // This test proves what the prompts carry, not the breaker (its own tests do): on a busy
            // CI machine SmolLM2's calls run past the slow-call threshold and the memory step's 15 s,
            // and an open breaker then kept the gate's request from being sent at all.
            gatewayConfiguration.breaker.minimumCalls = 1_000
            let gateway = LLMGateway(
                provider: recording, configuration: gatewayConfiguration, recorder: store,
                metrics: NOOPMetricsHandler.instance, logger: TestDatabases.logger)
            let configuration = DraftingConfiguration(model: "smollm2", budget: .seconds(300))
            let telemetry = AITelemetry(recorder: store, metrics: NOOPMetricsHandler.instance)
            let pipeline = DraftPipeline(store: store, llm: gateway, telemetry: telemetry, configuration: configuration)
            let draft = try await pipeline.draft(replyingTo: ingested.messageID, in: workspace.id, logger: TestDatabases.logger)
            let overseen = try await OverseerLoop(
                store: store, llm: gateway, configuration: configuration, telemetry: telemetry,
                sender: DraftSender(store: store, transport: nil)
            ).review(draft, trigger: try await store.message(ingested.messageID, in: workspace.id), logger: TestDatabases.logger)
            #expect(!overseen.draft.body.isEmpty)

            let sent = recording.sent
            let features = sent.map(\.context.featureID)
            #expect(features.contains("draft.strategy") && features.contains("draft.variant"), "\(features)")
            #expect(features.contains("overseer.memory") && features.contains("overseer.gate"))
            for request in sent where request.context.featureID.hasPrefix("draft.") {
                let text = request.messages.map(\.content).joined(separator: "\n")
                for expected in [
                    "Maya Okafor", "Brightline", "- city: Austin", "<<<\nDo you integrate with HubSpot?",
                    "[Integrations] \(Fixtures.integrationsFact)", "Jordan Lee", "Confirm exactly that time",
                ] {
                    #expect(text.contains(expected), "\(request.context.featureID) lacks \(expected.debugDescription)")
                }
                #expect(!text.contains("{{"))
                #expect(request.context.promptRevision == 0 && request.context.draftID != nil)
            }
            let variant = try #require(sent.first { $0.context.featureID == "draft.variant" })
            #expect(variant.messages.map(\.content).joined().contains("Sign with:\nJordan Lee\nHead of Growth, Acme"))
            let rows = try await store.aiInteractions(in: workspace.id, matching: AIInteractionQuery())
            #expect(rows.contains { $0.promptKey == "draft.variant.email" && $0.promptVersion == 2 && $0.source == .llm })
        }
    }
}
