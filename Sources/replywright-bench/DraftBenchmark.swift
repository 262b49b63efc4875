import Foundation
import Metrics
import ReplywrightCore
import ReplywrightEngine
import ReplywrightLLM
import ReplywrightStore
import ReplywrightTesting

// Drafting's critical path: the fake model answers every call after a fixed latency L, and one
// draft takes a strategy call then N variant calls in parallel, so it should take about 2L
// whatever N is, not (1 + N)·L.
//
//   .build/release/replywright-bench draft [--latency-ms 200] [--runs 5]
enum DraftBenchmark {
    static func run(_ arguments: ArraySlice<String>) async throws {
        var latencyMs = 200
        var runs = 5
        var prior = 10_000
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            let value = iterator.next() ?? ""
            switch argument {
            case "--latency-ms": latencyMs = Int(value) ?? latencyMs
            case "--runs": runs = Int(value) ?? runs
            case "--prior": prior = Int(value) ?? prior
            default: throw BenchmarkUsageError("unknown option \(argument)")
            }
        }
        let path = "/tmp/replywright-bench-draft.sqlite"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        try await DatabaseConnector.withStore(.sqlite(path: path), logger: benchLogger) { store in
            let workspace = try await store.createWorkspace(name: "Bench")
            let server = FakeOpenAIServer()
            server.latency = .milliseconds(Int64(latencyMs))
            let strategy = Fixtures.strategy(intent: "wants_times", points: ["offer two slots next week"], callToAction: "pick a slot")
            // About 60 words: inside both the short and the medium length bands.
            let variant = """
                Hi Maya,

                Happy to find a time that works for you. I can offer two slots next week, either on Tuesday or on \
                Wednesday morning, and we would keep the call short and focused on how your team handles replies today \
                and where the gaps are. If neither slot suits you, just tell me what does and I will move things around.

                Which suits you best?

                Best,
                Sam
                """
            try await server.run { endpoint in
                let gateway = LLMGateway(
                    provider: ChatCompletionsClient(endpoint: endpoint), recorder: store,
                    metrics: NOOPMetricsHandler.instance, logger: benchLogger)
                print("draft latency with the fake model at L = \(latencyMs) ms (target ≤ 2L + 100 = \(2 * latencyMs + 100) ms)")
                var lead = 0
                for variants in [1, 3, 5, 8] {
                    let pipeline = DraftPipeline(
                        store: store, llm: gateway, telemetry: AITelemetry(recorder: store, metrics: NOOPMetricsHandler.instance),
                        // Short and medium archetypes (10), so the fixed reply fits every length band
                        // and no correction call adds a third L: this measures the parallel fan-out.
                        configuration: DraftingConfiguration(
                            model: "gpt-4.1-mini", variants: variants, archetypes: ArchetypeCatalog.standard.filter { $0.length != .long }))
                    var samples: [Double] = []
                    for _ in 0..<runs {
                        lead += 1
                        let inbound = InboundMessage(
                            lead: LeadProfile(email: "lead\(lead)@bench.example", firstName: "Maya"),
                            message: NewMessage(
                                channel: .email, direction: .inbound, sender: .lead,
                                body: "Sounds good, can you send me some times?", externalID: "bench-\(lead)", occurredAt: Date()))
                        let ingested = try await InboundIngestor(store: store).ingest(inbound, in: workspace.id)
                        server.enqueue(.reply(strategy))
                        for _ in 0..<variants { server.enqueue(.reply(variant)) }
                        let started = ContinuousClock.now
                        let draft = try await pipeline.draft(replyingTo: ingested.messageID, in: workspace.id, logger: benchLogger)
                        samples.append(seconds(ContinuousClock.now - started) * 1000)
                        guard draft.source == .llm else { throw BenchmarkUsageError("draft fell back to \(draft.source)") }
                    }
                    samples.sort()
                    print(String(format: "  N = %d  median %.0f ms  max %.0f ms", variants, samples[samples.count / 2], samples.last!))
                }
            }
            try await overhead(store: store, prior: prior, runs: max(runs, 50))
        }
    }

    /// Pipeline overhead without model waits: the rules tier drafting N = 3 candidates (bundle,
    /// scoring, uniqueness lookup, persistence) in a workspace with `prior` earlier messages.
    static func overhead(store: SQLStore, prior: Int, runs: Int) async throws {
        let workspace = try await store.createWorkspace(name: "Overhead")
        let seedLead = try await store.upsertLead(LeadProfile(email: "history@bench.example", firstName: "Ana"), in: workspace.id)
        let phrases = [
            "Thanks for the note", "Happy to walk you through it", "Tuesday works for a short call", "Pricing depends on seats",
            "I'll send over a few options", "Let me know what suits you", "Good to hear from the team", "No pressure either way",
        ]
        for index in 0..<prior {
            let body = (0..<4).map { phrases[(index / (1 << ($0 * 3)) + $0) % phrases.count] }.joined(separator: ". ") + ". Ref \(index)."
            _ = try await store.insertMessage(
                NewMessage(channel: .email, direction: .outbound, sender: .setter, body: body, externalID: "prior-\(index)", occurredAt: Date()),
                leadID: seedLead.id, in: workspace.id)
        }
        _ = try await store.createKnowledgeAsset(
            KnowledgeAssetInput(kind: .pricing, title: "Pricing", content: "Plans start at $49 per seat per month."), in: workspace.id)
        let pipeline = DraftPipeline(
            store: store, llm: nil, telemetry: AITelemetry(recorder: store, metrics: NOOPMetricsHandler.instance),
            configuration: DraftingConfiguration(variants: 3))
        var samples: [Double] = []
        for run in 0...runs {
            let inbound = InboundMessage(
                lead: LeadProfile(email: "o\(run)@bench.example", firstName: "Lee"),
                message: NewMessage(
                    channel: .email, direction: .inbound, sender: .lead, body: "How much does it cost per seat?",
                    externalID: "o-\(run)", occurredAt: Date()))
            let ingested = try await InboundIngestor(store: store).ingest(inbound, in: workspace.id)
            let started = ContinuousClock.now
            _ = try await pipeline.draft(replyingTo: ingested.messageID, in: workspace.id, logger: benchLogger)
            // The first draft builds the workspace's index from all \(prior) messages; report it apart.
            if run == 0 {
                print(
                    String(
                        format: "pipeline overhead, rules tier, N = 3, %d prior messages (SQLite)\n  first draft (builds the index) %.1f ms",
                        prior, seconds(ContinuousClock.now - started) * 1000))
            } else {
                samples.append(seconds(ContinuousClock.now - started) * 1000)
            }
        }
        samples.sort()
        print(
            String(
                format: "  then median %.2f ms, p95 %.2f ms over %d drafts (target: median < 5 ms)",
                samples[samples.count / 2], samples[Int(Double(samples.count) * 0.95)], samples.count))
    }
}
