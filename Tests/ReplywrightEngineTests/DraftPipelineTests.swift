import Foundation
import Metrics
import ReplywrightCore
import ReplywrightEngine
import ReplywrightLLM
import ReplywrightStore
import ReplywrightTesting
import Testing

@Suite("Draft pipeline")
struct DraftPipelineTests {
    func pipeline(_ store: SQLStore, llm: (any LLMProvider)? = nil, configuration: DraftingConfiguration = DraftingConfiguration()) -> DraftPipeline {
        DraftPipeline(
            store: store, llm: llm, telemetry: AITelemetry(recorder: store, metrics: NOOPMetricsHandler.instance),
            configuration: configuration)
    }

    func gateway(_ endpoint: OpenAIEndpoint, store: SQLStore) -> LLMGateway {
        Fixtures.gateway(endpoint, recorder: store, logger: TestDatabases.logger)
    }

    @Test(arguments: TestDatabases.engines)
    func webhookToDraftOnTheRulesTier(engine: DatabaseEngine) async throws {
        try await TestDatabases.withStore(engine) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let ingested = try await InboundIngestor(store: store).ingest(
                Fixtures.inbound(body: "Sounds good — can you send me some times for a quick call?"), in: workspace.id)
            let worker = JobWorker(
                queue: store, handlers: StandardJobs.handlers(store: store),
                configuration: JobWorkerConfiguration(workerID: "w"), metrics: NOOPMetricsHandler.instance,
                logger: TestDatabases.logger)
            try await worker.runUntilIdle()
            #expect(try await store.job(ingested.jobID, in: workspace.id).state == .succeeded)

            let draft = try #require(try await store.draft(forTrigger: ingested.messageID, in: workspace.id))
            #expect(draft.source == .rules && draft.status == .pending && draft.intent == .wantsTimes)
            #expect(ArchetypeCatalog.standard.contains { $0.id == draft.archetypeID })
            #expect(draft.candidateStats.count == 3, "three candidates scored, only the winner kept")
            #expect(draft.body.contains("Maya") || !(ArchetypeCatalog.standard.first { $0.id == draft.archetypeID }!.greeting))
            #expect(try await store.drafts(leadID: ingested.leadID, in: workspace.id).map(\.id) == [draft.id])
            let rows = try await store.aiInteractions(in: workspace.id, matching: AIInteractionQuery())
            #expect(rows.allSatisfy { $0.source == .rules })
            #expect(Set(rows.map(\.featureID)) == ["draft.rules", "overseer.memory", "overseer.gate"])
            // The overseer loop ran after the draft, and auto-send is off by default.
            let decisions = try await store.decisions(leadID: ingested.leadID, in: workspace.id, limit: 10)
            #expect(Set(decisions.map(\.stage)) == Set(OverseerDecision.Stage.allCases) && decisions.allSatisfy { $0.draftID == draft.id })
            #expect(decisions.first { $0.stage == .autoSend }?.verdict == .hold)
            #expect(decisions.first { $0.stage == .autoSend }?.reasons.contains("auto-send is off for this workspace") == true)
        }
    }

    /// "Sounds good" leaves little to say, and two archetypes once wrote it word for word alike
    /// (three identical candidates for some lead ids): the candidates a setter can pick from differ.
    @Test func theCandidatesAreWordedDifferently() async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            for index in 0..<30 {
                let ingested = try await InboundIngestor(store: store).ingest(
                    Fixtures.inbound(email: "lead\(index)@example.com", externalID: "m-\(index)", body: "Sounds good"), in: workspace.id)
                let draft = try await pipeline(store).draft(replyingTo: ingested.messageID, in: workspace.id, logger: TestDatabases.logger)
                #expect(draft.candidates.count == 3 && Set(draft.candidates).count == 3, "\(draft.candidates)")
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func twentyConcurrentDeliveriesMakeOneDraft(engine: DatabaseEngine) async throws {
        try await TestDatabases.withStore(engine) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let ingestor = InboundIngestor(store: store)
            let pipeline = pipeline(store)
            let drafts = try await withThrowingTaskGroup(of: Draft?.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        for _ in 0..<5 {
                            guard let ingested = try? await ingestor.ingest(Fixtures.inbound(externalID: "dup"), in: workspace.id) else { continue }
                            // Every delivery also drafts at once, as racing workers would.
                            return try await pipeline.draft(replyingTo: ingested.messageID, in: workspace.id, logger: TestDatabases.logger)
                        }
                        return nil
                    }
                }
                return try await group.reduce(into: [Draft]()) { if let draft = $1 { $0.append(draft) } }
            }
            #expect(!drafts.isEmpty && Set(drafts.map(\.id)).count == 1, "one trigger, one draft")
            let lead = try #require(drafts.first).leadID
            #expect(try await store.drafts(leadID: lead, in: workspace.id).count == 1)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aRetryKeepsTheFirstAttemptsArchetypes(engine: DatabaseEngine) async throws {
        try await TestDatabases.withStore(engine) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let ingested = try await InboundIngestor(store: store).ingest(Fixtures.inbound(), in: workspace.id)
            // What a fresh choice would be now, and a first attempt that chose three others and
            // then died before its draft was stored (workspace usage has moved on since).
            let freshChoice = ArchetypeSelector.select(
                count: 3, seed: (ingested.leadID.rawValue, ingested.messageID.rawValue, 0), allowed: ArchetypeCatalog.standard,
                recentForLead: [], usage: [:]
            ).map(\.id)
            let firstAttempt = ArchetypeCatalog.standard.map(\.id).filter { !freshChoice.contains($0) }.prefix(3).map { $0 }
            #expect(try await store.planArchetypes(firstAttempt, forTrigger: ingested.messageID, in: workspace.id) == firstAttempt)
            #expect(
                try await store.planArchetypes(freshChoice, forTrigger: ingested.messageID, in: workspace.id) == firstAttempt,
                "the first plan holds")

            let draft = try await pipeline(store).draft(replyingTo: ingested.messageID, in: workspace.id, logger: TestDatabases.logger)
            let used: [String] = draft.candidateStats.compactMap { $0["archetype"].map { ArchetypeCatalog.standard[Int($0)].id } }
            #expect(used == firstAttempt, "the retry writes the same archetypes")
        }
    }

    @Test func modelTierPlansThenWritesVariantsInParallel() async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let ingested = try await InboundIngestor(store: store).ingest(Fixtures.inbound(body: "How much does it cost?"), in: workspace.id)
            let server = FakeOpenAIServer()
            server.enqueue(.reply(Fixtures.strategy(points: ["pricing depends on seats"], avoid: ["discounts"])))
            for index in 0..<3 {
                server.enqueue(
                    .reply(
                        "Hi Maya,\n\nPricing depends on seats, so a short call is the quickest way to get you exact figures. Variant \(index).\n\nWould Tuesday work?\n\nBest,\nSam"
                    ))
            }
            let draft = try await server.run { endpoint in
                // Short archetypes only: the fixed replies fit their length band, so no correction call follows.
                try await pipeline(
                    store, llm: gateway(endpoint, store: store),
                    configuration: DraftingConfiguration(
                        model: "gpt-4.1-mini", budget: .seconds(120), archetypes: ArchetypeCatalog.standard.filter { $0.length == .short })
                )
                .draft(replyingTo: ingested.messageID, in: workspace.id, logger: TestDatabases.logger)
            }
            #expect(draft.source == .llm && draft.intent == .pricingQuestion && draft.correction == .none)
            #expect(draft.body.hasPrefix("Hi Maya") && !draft.body.contains("Cover:") && !draft.body.contains("{"))
            #expect(draft.scores.coverage == 1, "the plan's point made it into the reply")
            let requests = server.received
            #expect(requests.count == 4)
            #expect(requests[0].body.field("response_format") != nil, "step 1 is the structured strategy")
            #expect(requests.dropFirst().allSatisfy { $0.body.field("response_format") == nil && $0.body.field("temperature") == 1 })
            let rows = try await store.aiInteractions(in: workspace.id, matching: AIInteractionQuery())
            #expect(rows.count >= 2 && rows.allSatisfy { $0.source == .llm })
            #expect(Set(rows.map(\.featureID)) == ["draft.strategy", "draft.variant"])
        }
    }

    /// A message is stored whole, but a 60,000-character one does not go whole into every model
    /// request: the prompts carry its first `ReplyReader.readLimit` characters.
    @Test func aHugeMessageIsCutInThePromptsNotInTheStore() async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let body = "How much does it cost?\n\n" + String(repeating: "Quoted history line. ", count: 3_000)
            let ingested = try await InboundIngestor(store: store).ingest(Fixtures.inbound(body: body), in: workspace.id)
            let server = FakeOpenAIServer()
            server.enqueue(.reply(Fixtures.strategy(points: ["pricing depends on seats"], avoid: [])))
            for _ in 0..<3 { server.enqueue(.reply("Hi Maya,\n\nPricing depends on seats. Would Tuesday work?\n\nBest,\nSam")) }
            _ = try await server.run { endpoint in
                try await pipeline(
                    store, llm: gateway(endpoint, store: store),
                    configuration: DraftingConfiguration(
                        model: "gpt-4.1-mini", budget: .seconds(120), archetypes: ArchetypeCatalog.standard.filter { $0.length == .short })
                )
                .draft(replyingTo: ingested.messageID, in: workspace.id, logger: TestDatabases.logger)
            }
            #expect(try await store.message(ingested.messageID, in: workspace.id).body == body, "stored whole")
            let requests = server.received
            #expect(!requests.isEmpty)
            for request in requests {
                #expect(request.text.contains("How much does it cost?"))
                #expect(request.text.utf8.count < body.utf8.count / 2, "\(request.text.utf8.count) bytes for a \(body.utf8.count)-byte message")
            }
        }
    }

    @Test func relevanceComesFromEmbeddingsWhenAModelIsConfigured() async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let inbound = "How much does it cost?"
            let ingested = try await InboundIngestor(store: store).ingest(Fixtures.inbound(body: inbound), in: workspace.id)
            let reply = "Hi Maya,\n\nIt depends on seats; a short call gets you exact figures.\n\nWould Tuesday work?\n\nBest,\nSam"
            let server = FakeOpenAIServer()
            server.enqueue(
                .reply(Fixtures.strategy(points: ["seats"], callToAction: "call", tone: "warm")),
                .reply(reply), .reply(""))
            let draft = try await server.run { endpoint in
                try await pipeline(
                    store, llm: gateway(endpoint, store: store),
                    configuration: DraftingConfiguration(
                        model: "gpt-4.1-mini", embeddingModel: "text-embedding-3-small", variants: 1,
                        archetypes: ArchetypeCatalog.standard.filter { $0.length == .short })
                )
                .draft(replyingTo: ingested.messageID, in: workspace.id, logger: TestDatabases.logger)
            }
            let embedding = try #require(server.received.first { $0.path == "/v1/embeddings" })
            #expect(embedding.body.field("input") == .array([.string(inbound), .string(reply)]), "the inbound and the candidate, in one call")
            // The fake server's vectors: [characters, 1, position].
            let (x, y) = (Double(inbound.count), Double(reply.count))
            let cosine: Double = (x * y + 1) / ((x * x + 1).squareRoot() * (y * y + 2).squareRoot())
            #expect(abs(draft.scores.relevance - cosine) < 1e-9, "\(draft.scores.relevance) vs \(cosine)")
            let features = try await store.aiInteractions(in: workspace.id, matching: AIInteractionQuery()).map(\.featureID)
            #expect(features.contains("draft.relevance"))
        }
    }

    @Test func failingModelFallsBackToTheRulesTier() async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let ingested = try await InboundIngestor(store: store).ingest(Fixtures.inbound(), in: workspace.id)
            let server = FakeOpenAIServer()
            for _ in 0..<10 { server.enqueue(.status(500)) }
            let draft = try await server.run { endpoint in
                try await pipeline(store, llm: gateway(endpoint, store: store), configuration: DraftingConfiguration(model: "gpt-4.1-mini"))
                    .draft(replyingTo: ingested.messageID, in: workspace.id, logger: TestDatabases.logger)
            }
            #expect(draft.source == .fallback && !draft.body.isEmpty)
            let rows = try await store.aiInteractions(in: workspace.id, matching: AIInteractionQuery())
            #expect(rows.contains { $0.source == .llm }, "the failed model calls are recorded by the gateway")
            let fallbacks = rows.filter { $0.source == .fallback }
            #expect(fallbacks.count == 1, "one row for the decision the rules tier made: \(rows.map(\.source))")
            #expect(fallbacks.first?.featureID == "draft.rules" && fallbacks.first?.errorCode != nil, "and it says why the model did not answer")
        }
    }

    @Test func shortBudgetSkipsTheStrategyStep() async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let ingested = try await InboundIngestor(store: store).ingest(Fixtures.inbound(), in: workspace.id)
            let server = FakeOpenAIServer()
            for _ in 0..<2 {
                server.enqueue(.reply("Hi Maya,\n\nHappy to tell you more on a short call this week.\n\nDoes Thursday suit?\n\nBest,\nSam"))
            }
            let draft = try await server.run { endpoint in
                try await pipeline(
                    store, llm: gateway(endpoint, store: store),
                    // A budget under the two-step minimum, with room for a CI machine busy with
                    // every other suite (a 5 s budget against the default 10 s minimum once
                    // ran out there, and the rules tier wrote the draft).
                    configuration: DraftingConfiguration(
                        model: "gpt-4.1-mini", variants: 2, budget: .seconds(60), twoStepMinimum: .seconds(120),
                        archetypes: ArchetypeCatalog.standard.filter { $0.length == .short })
                )
                .draft(replyingTo: ingested.messageID, in: workspace.id, logger: TestDatabases.logger)
            }
            #expect(draft.source == .llm)
            #expect(
                server.received.count >= 2 && server.received.allSatisfy { $0.body.field("response_format") == nil },
                "the budget is under the two-step minimum: no strategy call, variants only")
        }
    }
}

@Suite("Draft pipeline: context bundle")
struct DraftContextTests {
    @Test(arguments: [true, false])
    func rulesTierUsesOnlyTheWorkspacesOwnFacts(bundleOn: Bool) async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            _ = try await store.createKnowledgeAsset(
                KnowledgeAssetInput(
                    kind: .pricing, title: "Pricing", content: "Plans start at $49 per seat per month. Annual plans save two months."),
                in: workspace.id)
            let ingested = try await InboundIngestor(store: store).ingest(Fixtures.inbound(body: "What does it cost per seat?"), in: workspace.id)
            _ = try await store.addMemory(
                leadID: ingested.leadID, category: "preference", text: "Prefers email over calls",
                expiresAt: Date().addingTimeInterval(86_400), in: workspace.id)
            let pipeline = DraftPipeline(
                store: store, llm: nil, telemetry: AITelemetry(recorder: store, metrics: NOOPMetricsHandler.instance),
                configuration: DraftingConfiguration(contextBundle: bundleOn))
            let draft = try await pipeline.draft(replyingTo: ingested.messageID, in: workspace.id, logger: TestDatabases.logger)
            #expect(draft.intent == .pricingQuestion)
            #expect(draft.body.contains("$49") == bundleOn, "the price appears only when the knowledge is in the bundle:\n\(draft.body)")
            let row = try #require(try await store.aiInteractions(in: workspace.id, matching: AIInteractionQuery()).first)
            #expect(row.metadata["bundle_assets"] == (bundleOn ? 1 : 0) && row.metadata["bundle_memory"] == (bundleOn ? 1 : 0))
        }
    }
}

@Suite("Draft pipeline: corrections")
struct DraftCorrectionTests {
    static let strategy = Fixtures.strategy(points: ["pricing depends on seats"])
    static let good =
        "Hi Maya,\n\nPricing depends on seats, so a short call is the quickest way to get you exact figures for your team.\n\nWould Tuesday work?\n\nBest,\nSam"
    static let inventedPrice =
        "Hi Maya,\n\nPricing depends on seats, so a short call is the quickest way to get you exact figures. Our best price is $999 this week.\n\nWould Tuesday work?\n\nBest,\nSam"
    static let hopeless = "Hi {{first_name}}, it is $999. {\"intent\": 1}"

    func run(_ replies: [String]) async throws -> (Draft, [FakeOpenAIServer.Received]) {
        try await TestDatabases.withStore(.sqlite) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let ingested = try await InboundIngestor(store: store).ingest(Fixtures.inbound(body: "How much does it cost?"), in: workspace.id)
            let server = FakeOpenAIServer()
            server.enqueue(.reply(Self.strategy))
            for reply in replies { server.enqueue(.reply(reply)) }
            let draft = try await server.run { endpoint in
                try await DraftPipeline(
                    store: store, llm: ChatCompletionsClient(endpoint: endpoint),
                    telemetry: AITelemetry(recorder: store, metrics: NOOPMetricsHandler.instance),
                    // Short archetypes only, so the fixed replies fit the length band.
                    configuration: DraftingConfiguration(
                        model: "gpt-4.1-mini", variants: 2, archetypes: ArchetypeCatalog.standard.filter { $0.length == .short })
                )
                .draft(replyingTo: ingested.messageID, in: workspace.id, logger: TestDatabases.logger)
            }
            return (draft, server.received)
        }
    }

    @Test func aGoodWinnerNeedsNoCorrection() async throws {
        let (draft, requests) = try await run([Self.good, Self.hopeless])
        #expect(draft.correction == .none && draft.body == Self.good && requests.count == 3)
    }

    @Test func constraintBoostComesFirst() async throws {
        let (draft, requests) = try await run([Self.hopeless, Self.hopeless, Self.good])
        #expect(draft.correction == .constraintBoost && draft.body == Self.good)
        let boost = try #require(requests.last?.body.field("messages"))
        guard case .array(let messages) = boost else {
            Issue.record("no messages")
            return
        }
        let prompt = messages.last?.field("content")?.textValue ?? ""
        #expect(prompt.contains("- Write out every name instead of a placeholder ({{first_name}})") && prompt.contains("remove $999"))
        let fixes =
            prompt.components(separatedBy: "the new one must pass them:\n").last?
            .components(separatedBy: "\n\n").first?.split(separator: "\n").map(String.init) ?? []
        #expect((1...5).contains(fixes.count) && Set(fixes).count == fixes.count, "each fix once, at most five: \(fixes)")
    }

    @Test func thenMinimalEditThenPassThrough() async throws {
        let (edited, _) = try await run([Self.inventedPrice, Self.inventedPrice, Self.hopeless])
        #expect(edited.correction == .minimalEdit)
        #expect(!edited.body.contains("$999") && edited.body.contains("Pricing depends on seats"), "only the bad sentence went")
        #expect(edited.scores.scope == 1)

        let (kept, _) = try await run([Self.hopeless, Self.hopeless, Self.hopeless])
        #expect(kept.correction == .passThrough && kept.body == Self.hopeless, "nothing passed: kept for a human to fix")
    }
}

@Suite("Uniqueness index cache")
struct UniquenessIndexCacheTests {
    @Test(arguments: TestDatabases.engines)
    func catchesUpWithWhatWasStoredSince(engine: DatabaseEngine) async throws {
        let clock = TestClock()
        try await TestDatabases.withStore(engine, clock: clock) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let (other, _) = try await Fixtures.workspace(store, name: "Other")
            let pipeline = DraftPipeline(
                store: store, llm: nil, telemetry: AITelemetry(recorder: store, metrics: NOOPMetricsHandler.instance),
                configuration: DraftingConfiguration(), now: { clock.now })
            let cache = UniquenessIndexCache()
            #expect(try await cache.snapshot(for: workspace.id, store: store).index.count == 0)
            for index in 0..<3 {
                clock.advance(by: .seconds(1))
                let ingested = try await InboundIngestor(store: store).ingest(Fixtures.inbound(externalID: "m\(index)"), in: workspace.id)
                _ = try await pipeline.draft(replyingTo: ingested.messageID, in: workspace.id, logger: TestDatabases.logger)
            }
            let theirs = try await InboundIngestor(store: store).ingest(Fixtures.inbound(externalID: "x"), in: other.id)
            _ = try await pipeline.draft(replyingTo: theirs.messageID, in: other.id, logger: TestDatabases.logger)
            #expect(try await cache.snapshot(for: workspace.id, store: store).index.count == 3, "only this workspace's drafts")
            clock.advance(by: .seconds(1))
            let next = try await InboundIngestor(store: store).ingest(Fixtures.inbound(externalID: "m9"), in: workspace.id)
            _ = try await pipeline.draft(replyingTo: next.messageID, in: workspace.id, logger: TestDatabases.logger)
            #expect(try await cache.snapshot(for: workspace.id, store: store).index.count == 4, "the new draft is added, nothing twice")
            #expect(try await cache.snapshot(for: workspace.id, store: store).index.count == 4)
            // Stored in the same millisecond as the newest text the cache has already seen.
            let sameInstant = try await InboundIngestor(store: store).ingest(
                Fixtures.inbound(externalID: "m10", body: "Any case studies?"), in: workspace.id)
            _ = try await pipeline.draft(replyingTo: sameInstant.messageID, in: workspace.id, logger: TestDatabases.logger)
            #expect(try await cache.snapshot(for: workspace.id, store: store).index.count == 5, "a row at the watermark's instant is not missed")
            #expect(try await cache.snapshot(for: workspace.id, store: store).index.count == 5)
        }
    }
}

@Suite("Draft pipeline: allowed numbers")
struct DraftAllowedNumbersTests {
    @Test func theLeadsOwnDetailsAreNotInventedFigures() async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let inbound = InboundMessage(
                lead: LeadProfile(email: "ann@studio54.example", firstName: "Ann", company: "Studio 54"),
                message: NewMessage(
                    channel: .email, direction: .inbound, sender: .lead, body: "Sounds great, tell me more.",
                    externalID: "s54", occurredAt: Date()))
            let ingested = try await InboundIngestor(store: store).ingest(inbound, in: workspace.id)
            // The personal-hook archetype opens with the company when no city is known.
            let pipeline = DraftPipeline(
                store: store, llm: nil, telemetry: AITelemetry(recorder: store, metrics: NOOPMetricsHandler.instance),
                configuration: DraftingConfiguration(variants: 1, archetypes: ArchetypeCatalog.standard.filter { $0.id == "hook-first" }))
            let draft = try await pipeline.draft(replyingTo: ingested.messageID, in: workspace.id, logger: TestDatabases.logger)
            #expect(draft.body.contains("Studio 54"), "\(draft.body)")
            #expect(draft.scores.scope == 1 && draft.correction == .none)
        }
    }
}
