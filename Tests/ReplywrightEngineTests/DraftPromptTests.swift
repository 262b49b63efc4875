import Foundation
import Metrics
import ReplywrightCore
import ReplywrightEngine
import ReplywrightLLM
import ReplywrightStore
import ReplywrightTesting
import Testing

/// What the model tier actually sends, read from the requests the fake server captured.
@Suite("Draft prompts on the wire")
struct DraftPromptTests {
    static let integrations = Fixtures.integrationsFact
    static let reply =
        "Hi Maya,\n\nYes, we integrate natively with HubSpot; setup takes about ten minutes.\n\nTuesday at 3 pm ET works, and I'll send the invite now.\n\nBest,\nJordan Lee\nHead of Growth, Acme"

    /// A workspace with three assets, a signature, and a lead who asks about HubSpot and names a time.
    static func seeded(_ store: SQLStore, variants: Int = 2) async throws -> (Workspace, InboundIngestor.Result) {
        let (workspace, inbound) = try await Fixtures.salesWorkspace(store, variants: variants)
        return (workspace, try await InboundIngestor(store: store).ingest(inbound, in: workspace.id))
    }

    /// The workspace's saved settings decide variants and archetypes. A generous budget: these
    /// tests are about the prompts, and run beside every other suite on two cores.
    static func pipeline(_ store: SQLStore, _ endpoint: OpenAIEndpoint) -> DraftPipeline {
        DraftPipeline(
            store: store, llm: Fixtures.gateway(endpoint, recorder: store, logger: TestDatabases.logger),
            telemetry: AITelemetry(recorder: store, metrics: NOOPMetricsHandler.instance),
            configuration: DraftingConfiguration(model: "gpt-4.1-mini", budget: .seconds(120)))
    }

    /// Everything a captured chat request said, system and user text joined.
    static func prompt(_ request: FakeOpenAIServer.Received) -> String {
        (request.body.field("messages")?.arrayValue ?? []).compactMap { $0.field("content")?.textValue }.joined(separator: "\n")
    }

    @Test func bothStepsKnowTheLeadTheSenderTheMarkedMessageAndTheRelevantFact() async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            let (workspace, ingested) = try await Self.seeded(store)
            let server = FakeOpenAIServer()
            server.enqueue(
                .reply(
                    Fixtures.strategy(
                        intent: "question", questions: ["Do you integrate with HubSpot?"], points: ["HubSpot integration"],
                        facts: [(Self.integrations, "Integrations"), ("made up", "Not an asset")])))
            server.enqueue(.reply(Self.reply), .reply(Self.reply.replacingOccurrences(of: "Yes, we", with: "We")))
            let draft = try await server.run { endpoint in
                try await Self.pipeline(store, endpoint).draft(replyingTo: ingested.messageID, in: workspace.id, logger: TestDatabases.logger)
            }
            #expect(draft.source == .llm && draft.intent == .question, "the model's reading is the draft's intent")
            #expect(
                draft.rulesIntent == ReplyIntent.classify("Do you integrate with HubSpot? Tuesday at 3pm ET works for me."),
                "and the rules' reading is kept next to it")
            let requests = server.received.filter { $0.path == "/v1/chat/completions" }
            #expect(requests.count == 3, "a plan and two variants; the winner needs no correction")
            for request in requests {
                let text = Self.prompt(request)
                for expected in [
                    "Name: Maya Okafor", "Company: Brightline", "- city: Austin", "Channel: email", "Subject: Re: quick question",
                    "<<<\nDo you integrate with HubSpot? Tuesday at 3pm ET works for me.\n>>>",
                    "[Integrations] \(Self.integrations)", "Jordan Lee", "Acme Outbound's sales team",
                    "Confirm exactly that time", "Tuesday",
                ] {
                    #expect(text.contains(expected), "missing \(expected.debugDescription) in:\n\(text)")
                }
                #expect(!text.contains("{{"), "no placeholder survives rendering")
                // The question's passage comes first; the unrelated ones, if at all, after it.
                let facts = text.components(separatedBy: "[Integrations]")
                #expect(facts.count > 1 && !facts[0].contains("[Pricing] Replywright Pro"), "the relevant fact leads")
            }
            let variants = requests.dropFirst().map(Self.prompt)
            #expect(variants.allSatisfy { $0.contains("Sign with:\nJordan Lee\nHead of Growth, Acme") })
            #expect(variants.allSatisfy { $0.contains("1. Do you integrate with HubSpot? → answered by [Integrations]") })
            #expect(variants.allSatisfy { !$0.contains("Not an asset") }, "a plan's fact from no given asset is dropped")
            #expect(variants.allSatisfy { $0.contains("Answer every question the lead asked, using only the facts") })

            let rows = try await store.aiInteractions(in: workspace.id, matching: AIInteractionQuery())
            let strategy = try #require(rows.first { $0.featureID == "draft.strategy" })
            #expect(strategy.promptKey == "draft.strategy.email" && strategy.promptVersion == 2 && strategy.promptRevision == 0)
            #expect(rows.filter { $0.featureID.hasPrefix("draft.") }.allSatisfy { $0.draftID == draft.id.rawValue })
        }
    }

    @Test func anOverrideIsWhatTheNextDraftSendsAndARollbackRestoresTheBuiltIn() async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            let (workspace, ingested) = try await Self.seeded(store)
            let registry = PromptRegistry(store: store)
            let key = BuiltinPrompts.draftVariantEmail.key
            _ = try await registry.saveOverride(
                key: key, system: "MARKER-7Q: write as {{sender_name}}.", user: "{{inbound}}\n\nSign with: {{signature}} MARKER-7Q",
                in: workspace.id, note: "test", by: "admin@acme.example")
            let server = FakeOpenAIServer()
            server.enqueue(.reply(Fixtures.strategy(intent: "question")), .reply(Self.reply), .reply(Self.reply))
            server.enqueue(.reply(Fixtures.strategy(intent: "question")), .reply(Self.reply), .reply(Self.reply))
            try await server.run { endpoint in
                let pipeline = Self.pipeline(store, endpoint)
                let first = try await pipeline.draft(replyingTo: ingested.messageID, in: workspace.id, logger: TestDatabases.logger)
                let variants = server.received.dropFirst().map(Self.prompt)
                #expect(variants.count == 2 && variants.allSatisfy { $0.contains("MARKER-7Q: write as Jordan Lee.") && $0.hasSuffix("MARKER-7Q") })
                let rows = try await store.aiInteractions(in: workspace.id, matching: AIInteractionQuery(featureID: "draft.variant"))
                #expect(rows.count == 2 && rows.allSatisfy { $0.promptRevision == 1 && $0.draftID == first.id.rawValue })

                let restored = try await registry.rollback(key: key, to: 0, in: workspace.id, by: "admin@acme.example")
                #expect(restored.revision == 2 && restored.restoredFrom == 0)
                #expect(try await registry.resolve(key, for: workspace.id).revision == 0)
                _ = try await pipeline.regenerate(for: ingested.leadID, in: workspace.id, logger: TestDatabases.logger)
                let after = server.received.suffix(2).map(Self.prompt)
                #expect(after.allSatisfy { !$0.contains("MARKER-7Q") && $0.contains("Write the reply now: the body only.") })
                let newest = try await store.aiInteractions(in: workspace.id, matching: AIInteractionQuery(featureID: "draft.variant"))
                #expect(newest.prefix(2).allSatisfy { $0.promptRevision == 0 })
            }
            // Rolling back to revision 1 brings the override back as revision 3; history keeps all.
            let again = try await registry.rollback(key: key, to: 1, in: workspace.id, by: nil)
            #expect(again.revision == 3 && again.template.system.hasPrefix("MARKER-7Q"))
            #expect(try await registry.history(key, for: workspace.id).map(\.revision) == [3, 2, 1])
            await #expect(throws: AppError.notFound("revision 9 of \(key)")) {
                _ = try await registry.rollback(key: key, to: 9, in: workspace.id, by: nil)
            }
        }
    }

    @Test func aCutOffCandidateIsAskedOnceMoreThenDroppedAndNeverWins() async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            let (workspace, ingested) = try await Self.seeded(store, variants: 1)
            let cut = "Hi Maya,\n\nYes, we integrate natively with HubSpot and"
            let server = FakeOpenAIServer()
            server.enqueue(.reply(Fixtures.strategy(intent: "question")), .reply(cut, finishReason: "length"), .reply(cut, finishReason: "length"))
            let draft = try await server.run { endpoint in
                try await Self.pipeline(store, endpoint)
                    .draft(replyingTo: ingested.messageID, in: workspace.id, logger: TestDatabases.logger)
            }
            #expect(draft.source == .fallback && !draft.body.contains(cut), "the rules tier answered instead:\n\(draft.body)")
            let limits = server.received.dropFirst().compactMap { $0.body.field("max_tokens")?.numberValue }
            #expect(limits.count == 2 && limits[1] == limits[0] * 2, "asked again with twice the room: \(limits)")
            let rows = try await store.aiInteractions(in: workspace.id, matching: AIInteractionQuery(featureID: "draft.variant"))
            #expect(rows.count == 2 && rows.allSatisfy { $0.status == .truncated })
        }
    }

    @Test func aReasoningModelGetsRoomToThinkOnTopOfTheAnswer() {
        let reasoning = ModelCatalog.standard.capabilities(for: "gpt-5.2")
        let plain = ModelCatalog.standard.capabilities(for: "gpt-4.1-mini")
        #expect(plain.outputBudget(answerTokens: 300, effort: nil) == 300)
        #expect(reasoning.outputBudget(answerTokens: 300, effort: .low) == 2_300)
        #expect(reasoning.outputBudget(answerTokens: 300, effort: nil) == 6_300, "the model's default effort (medium)")
        #expect(reasoning.outputBudget(answerTokens: 300, effort: .high) > reasoning.outputBudget(answerTokens: 300, effort: .medium))
    }

    @Test func aStrategyThatFailsItsRepairFallsBackToOneStepNotToTheRules() async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            let (workspace, ingested) = try await Self.seeded(store, variants: 1)
            let server = FakeOpenAIServer()
            server.enqueue(.reply("not json"), .reply(#"{"intent": 1}"#), .reply(Self.reply))
            let draft = try await server.run { endpoint in
                try await Self.pipeline(store, endpoint)
                    .draft(replyingTo: ingested.messageID, in: workspace.id, logger: TestDatabases.logger)
            }
            #expect(draft.source == .llm && draft.body == Self.reply)
            let variant = Self.prompt(try #require(server.received.last))
            #expect(variant.contains("(no plan: answer the marked message directly from the facts)"))
        }
    }

    @Test func aSetterWhoSentInTheThreadSignsItsDraftsInBothTiers() async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            let (workspace, ingested) = try await Self.seeded(store, variants: 1)
            let user = try await store.createUser(email: "priya@acme.example", passwordHash: "x")
            try await store.setMembership(Membership(workspaceID: workspace.id, userID: user.id, role: .setter))
            _ = try await store.saveSenderProfile(SenderProfile(displayName: "Priya Shah", signature: "Priya Shah\nAcme"), of: user.id)
            _ = try await store.insertMessage(
                NewMessage(
                    channel: .email, direction: .outbound, sender: .setter, body: "Hi Maya, thanks for the note.",
                    sentByUserID: user.id, occurredAt: Date().addingTimeInterval(-7200)),
                leadID: ingested.leadID, in: workspace.id)
            let rules = DraftPipeline(
                store: store, llm: nil, telemetry: AITelemetry(recorder: store, metrics: NOOPMetricsHandler.instance),
                configuration: DraftingConfiguration(variants: 1, archetypes: ArchetypeCatalog.standard.filter { $0.id == "straight-answer" }))
            let draft = try await rules.regenerate(for: ingested.leadID, in: workspace.id, logger: TestDatabases.logger).draft
            #expect(
                draft.body.hasSuffix("Priya Shah\nAcme") && !draft.body.contains("Jordan") && !draft.body.contains("The team"),
                "\(draft.body)")

            let server = FakeOpenAIServer()
            server.enqueue(.reply(Fixtures.strategy(intent: "question")), .reply(Self.reply))
            _ = try await server.run { endpoint in
                try await Self.pipeline(store, endpoint).regenerate(for: ingested.leadID, in: workspace.id, logger: TestDatabases.logger)
            }
            let variant = Self.prompt(try #require(server.received.last))
            #expect(variant.contains("Sign with:\nPriya Shah\nAcme") && variant.contains("as Priya Shah"))
            #expect(variant.contains("Priya Shah (us)]\nHi Maya, thanks for the note."), "the transcript names who wrote each message")
        }
    }

    @Test func withAnEmbeddingModelAQuestionMeetsThePassageThatMeansTheSame() async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            let (workspace, _) = try await Fixtures.salesWorkspace(store, variants: 1)
            _ = try await store.createKnowledgeAsset(
                KnowledgeAssetInput(kind: .faq, title: "Apps", content: "Our app runs on iPhone and Android phones."), in: workspace.id)
            var inbound = Fixtures.inbound(externalID: "m-mobile", body: "Is there a mobile version?")
            inbound.message.occurredAt = Date().addingTimeInterval(-60)
            let ingested = try await InboundIngestor(store: store).ingest(inbound, in: workspace.id)
            let server = FakeOpenAIServer()
            // Vectors by topic: phones, money, anything else.
            server.embedding = { text in
                let lowered = text.lowercased()
                if ["mobile", "phone", "iphone"].contains(where: lowered.contains) { return [1, 0, 0] }
                if ["$", "price", "cost"].contains(where: lowered.contains) { return [0, 1, 0] }
                return [0, 0, 1]
            }
            server.enqueue(.reply(Fixtures.strategy(intent: "question")), .reply(Self.reply))
            _ = try await server.run { endpoint in
                try await DraftPipeline(
                    store: store, llm: Fixtures.gateway(endpoint, recorder: store, logger: TestDatabases.logger),
                    telemetry: AITelemetry(recorder: store, metrics: NOOPMetricsHandler.instance),
                    configuration: DraftingConfiguration(model: "gpt-4.1-mini", embeddingModel: "text-embedding-3-small")
                )
                .draft(replyingTo: ingested.messageID, in: workspace.id, logger: TestDatabases.logger)
            }
            let retrieval = try #require(server.received.first { $0.path == "/v1/embeddings" })
            let inputs = (retrieval.body.field("input")?.arrayValue ?? []).compactMap(\.textValue)
            #expect(inputs.first == "Is there a mobile version?" && inputs.contains("Our app runs on iPhone and Android phones."))
            let variant = Self.prompt(try #require(server.received.last { $0.path == "/v1/chat/completions" }))
            #expect(
                variant.contains("1. Is there a mobile version? → answered by [Apps] Our app runs on iPhone and Android phones."),
                "no word in common, the same meaning")
            let features = try await store.aiInteractions(in: workspace.id, matching: AIInteractionQuery()).map(\.featureID)
            #expect(features.contains("draft.retrieval"))

            // Without the model, words alone find nothing, and the question is left for the sender to confirm.
            let lexical = KnowledgeRetriever([
                LeadContextBundle.Item(title: "Apps", text: "Our app runs on iPhone and Android phones.", truncated: false)
            ])
            #expect(lexical.answer("Is there a mobile version?") == nil)
        }
    }
}
