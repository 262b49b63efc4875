import Foundation
import Metrics
import ReplywrightCore
import ReplywrightEngine
import ReplywrightLLM
import ReplywrightStore
import ReplywrightTesting
import Testing

/// What the memory step and the overseer gate send and keep, read from captured requests.
@Suite("Overseer prompts on the wire")
struct OverseerPromptTests {
    static func loop(_ store: SQLStore, _ endpoint: OpenAIEndpoint) -> OverseerLoop {
        OverseerLoop(
            store: store, llm: Fixtures.gateway(endpoint, recorder: store, logger: TestDatabases.logger),
            configuration: DraftingConfiguration(model: "gpt-4.1-mini"),
            telemetry: AITelemetry(recorder: store, metrics: NOOPMetricsHandler.instance), sender: DraftSender(store: store, transport: nil))
    }

    static func rulesDraft(_ store: SQLStore, _ workspace: Workspace, body: String) async throws -> (Draft, Message) {
        let ingested = try await InboundIngestor(store: store).ingest(Fixtures.inbound(body: body), in: workspace.id)
        let draft = try await DraftPipeline(
            store: store, llm: nil, telemetry: AITelemetry(recorder: store, metrics: NOOPMetricsHandler.instance),
            configuration: DraftingConfiguration()
        ).draft(replyingTo: ingested.messageID, in: workspace.id, logger: TestDatabases.logger)
        return (draft, try await store.message(ingested.messageID, in: workspace.id))
    }

    static let approve = #"{"verdict": "approve", "reasons": [], "revised_body": "", "confidence": 0.9}"#

    @Test func memoryKeepsOnlyQuotedFactsAndNeverTheRepairTurn() async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let (draft, trigger) = try await Self.rulesDraft(store, workspace, body: "I prefer email. Thursday is packed for me.")
            let server = FakeOpenAIServer()
            server.enqueue(
                .reply(#"{"facts": [{"category": "preference", "quote": "I pref"#, finishReason: "length"),
                .reply(
                    #"""
                    {"facts": [
                      {"category": "objection", "quote": "Your previous answer was cut off."},
                      {"category": "do_not_contact_before", "quote": "1000-1000-1000"},
                      {"category": "preference", "quote": "I prefer email"},
                      {"category": "availability", "quote": "Thursday is packed for me."}]}
                    """#),
                .reply(Self.approve))
            let outcome = try await server.run { endpoint in
                try await Self.loop(store, endpoint).review(draft, trigger: trigger, logger: TestDatabases.logger)
            }
            #expect(outcome.decisions.first { $0.stage == .memory }?.source == .llm)
            let memory = try await store.memory(leadID: draft.leadID, in: workspace.id, at: Date())
            #expect(Set(memory.map(\.category)) == ["preference", "unavailable"], "\(memory.map { ($0.category, $0.text) })")
            #expect(!memory.contains { $0.text.contains("cut off") || $0.text.contains("1000") }, "nothing the lead did not write")
            #expect(memory.first { $0.category == "unavailable" }?.detail?.field("start") != nil, "\"packed\" rules Thursday out")

            let first = server.received[0]
            let messages = first.body.field("messages")?.arrayValue ?? []
            let user = messages.last?.field("content")?.textValue ?? ""
            #expect(user.contains("<lead_message>\nI prefer email. Thursday is packed for me.\n</lead_message>"))
            #expect(user.contains("The message was received"))
            let repair = server.received[1].body.field("messages")?.arrayValue ?? []
            #expect(repair.last?.field("role") == "system", "the repair is an instruction, not a lead turn")
            #expect(repair.filter { $0.field("role") == "user" }.count == 1)
            let rows = try await store.aiInteractions(in: workspace.id, matching: AIInteractionQuery(featureID: "overseer.memory"))
            #expect(rows.allSatisfy { $0.promptKey == "overseer.memory" && $0.promptRevision == 0 && $0.draftID == draft.id.rawValue })
        }
    }

    @Test func theGateSeesKnowledgeTheTranscriptTheBookingAndRedactedMemoryWithTheWorkspacesModel() async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            _ = try await store.createKnowledgeAsset(
                KnowledgeAssetInput(kind: .pricing, title: "Pricing", content: "Replywright Pro costs $349 per month for up to 5 seats."),
                in: workspace.id)
            _ = try await store.saveDraftingSettings(DraftingSettings(model: "gpt-5.2", effort: "low"), in: workspace.id)
            let (earlier, _) = try await Self.rulesDraft(store, workspace, body: "Hi, who is this?")
            _ = try await store.insertMessage(
                NewMessage(
                    channel: .email, direction: .outbound, sender: .setter, body: "We help sales teams answer replies.",
                    occurredAt: Date(timeIntervalSince1970: 1_800_000_100)),
                leadID: earlier.leadID, in: workspace.id)
            _ = try await store.addMemory(
                leadID: earlier.leadID, category: "preference", text: "Write to maya.private@gmail.com instead",
                expiresAt: Date().addingTimeInterval(86_400), in: workspace.id)
            var inbound = Fixtures.inbound(externalID: "msg-2", body: "How much is it for 5 seats?")
            inbound.message.occurredAt = Date(timeIntervalSince1970: 1_800_000_200)
            let ingested = try await InboundIngestor(store: store).ingest(inbound, in: workspace.id)
            let draft = try await DraftPipeline(
                store: store, llm: nil, telemetry: AITelemetry(recorder: store, metrics: NOOPMetricsHandler.instance),
                configuration: DraftingConfiguration()
            ).draft(replyingTo: ingested.messageID, in: workspace.id, logger: TestDatabases.logger)
            let server = FakeOpenAIServer()
            server.enqueue(.reply(#"{"facts": []}"#), .reply(Self.approve))
            _ = try await server.run { endpoint in
                try await Self.loop(store, endpoint).review(
                    draft, trigger: try await store.message(ingested.messageID, in: workspace.id), logger: TestDatabases.logger)
            }
            let gate = try #require(server.received.last)
            let text = (gate.body.field("messages")?.arrayValue ?? []).compactMap { $0.field("content")?.textValue }.joined(separator: "\n")
            #expect(text.contains("[Pricing] Replywright Pro costs $349 per month"), "the relevant knowledge")
            #expect(text.contains("We help sales teams answer replies.") && text.contains("Hi, who is this?"), "the transcript")
            #expect(text.contains("<<<\nHow much is it for 5 seats?\n>>>") && text.contains("Today is "))
            #expect(text.contains("The lead proposed no times"), "the booking decision")
            #expect(text.contains("Write to [email] instead") && !text.contains("maya.private@gmail.com"), "memory is redacted")
            #expect(text.contains(draft.body.prefix(20)))
            #expect(gate.body.field("model") == "gpt-5.2" && gate.body.field("reasoning_effort") == "low", "the workspace's model and effort")
            let schema = gate.body.field("response_format")?.field("json_schema")?.field("schema")
            #expect(schema?.field("properties")?.field("confidence")?.field("maximum") == 1)
            let row = try #require(try await store.aiInteractions(in: workspace.id, matching: AIInteractionQuery(featureID: "overseer.gate")).first)
            #expect(row.promptKey == "overseer.gate" && row.promptVersion == 1 && row.draftID == draft.id.rawValue)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aRegeneratedDraftIsOverseenToo(engine: DatabaseEngine) async throws {
        try await TestDatabases.withStore(engine) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let (first, _) = try await Self.rulesDraft(store, workspace, body: "Sounds good, send me some times.")
            let telemetry = AITelemetry(recorder: store, metrics: NOOPMetricsHandler.instance)
            let drafter = ReplyDrafter(
                pipeline: DraftPipeline(store: store, llm: nil, telemetry: telemetry, configuration: DraftingConfiguration()),
                overseer: OverseerLoop(
                    store: store, llm: nil, configuration: DraftingConfiguration(), telemetry: telemetry,
                    sender: DraftSender(store: store, transport: nil)))
            let again = try await drafter.regenerate(for: first.leadID, in: workspace.id, logger: TestDatabases.logger)
            #expect(again.id != first.id)
            let decisions = try await store.decisions(leadID: first.leadID, in: workspace.id, limit: 50).filter { $0.draftID == again.id }
            #expect(Set(decisions.map(\.stage)) == Set(OverseerDecision.Stage.allCases), "memory, booking, gate, finalizer, auto-send")
        }
    }
}
