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
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            let value = iterator.next() ?? ""
            switch argument {
            case "--latency-ms": latencyMs = Int(value) ?? latencyMs
            case "--runs": runs = Int(value) ?? runs
            default: throw BenchmarkUsageError("unknown option \(argument)")
            }
        }
        let path = "/tmp/replywright-bench-draft.sqlite"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        try await DatabaseConnector.withStore(.sqlite(path: path), logger: benchLogger) { store in
            let workspace = try await store.createWorkspace(name: "Bench")
            let server = FakeOpenAIServer()
            server.latency = .milliseconds(Int64(latencyMs))
            let strategy = #"{"intent":"wants_times","points":["offer two slots next week"],"call_to_action":"pick a slot","tone":"friendly","avoid":[]}"#
            let variant = "Hi Maya,\n\nHappy to find a time. I can offer two slots next week, Tuesday or Wednesday morning.\n\nWhich suits you?\n\nBest,\nSam"
            try await server.run { endpoint in
                let gateway = LLMGateway(provider: ChatCompletionsClient(endpoint: endpoint), recorder: store,
                                         metrics: NOOPMetricsHandler.instance, logger: benchLogger)
                print("draft latency with the fake model at L = \(latencyMs) ms (target ≤ 2L + 100 = \(2 * latencyMs + 100) ms)")
                var lead = 0
                for variants in [1, 3, 5, 8] {
                    let pipeline = DraftPipeline(
                        store: store, llm: gateway, telemetry: AITelemetry(recorder: store, metrics: NOOPMetricsHandler.instance),
                        configuration: DraftingConfiguration(model: "gpt-4.1-mini", variants: variants))
                    var samples: [Double] = []
                    for _ in 0..<runs {
                        lead += 1
                        let inbound = InboundMessage(
                            lead: LeadProfile(email: "lead\(lead)@bench.example", firstName: "Maya"),
                            message: NewMessage(channel: .email, direction: .inbound, sender: .lead,
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
        }
    }
}
