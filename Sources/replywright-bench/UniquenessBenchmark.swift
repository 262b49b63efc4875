import Foundation
import Metrics
import ReplywrightCore
import ReplywrightEngine
import ReplywrightLLM
import ReplywrightStore

// Uniqueness through the whole pipeline: the same inbound text from N leads of one workspace,
// one draft each; prints the share of draft pairs whose SimHash differs in 12 or more bits and
// the largest share of one archetype among the winners.
//
//   .build/release/replywright-bench uniqueness [--leads 100]                       (rules tier)
//   .build/release/replywright-bench uniqueness --leads 30 --llm-base-url http://127.0.0.1:8089/v1 --model smollm2
enum UniquenessBenchmark {
    static func run(_ arguments: ArraySlice<String>) async throws {
        var leads = 100
        var baseURL: String?
        var model = "smollm2"
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            let value = iterator.next() ?? ""
            switch argument {
            case "--leads": leads = Int(value) ?? leads
            case "--llm-base-url": baseURL = value
            case "--model": model = value
            default: throw BenchmarkUsageError("unknown option \(argument)")
            }
        }
        let path = "/tmp/replywright-bench-uniqueness.sqlite"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        try await DatabaseConnector.withStore(.sqlite(path: path), logger: benchLogger) { store in
            let workspace = try await store.createWorkspace(name: "Uniqueness")
            let llm: (any LLMProvider)? = baseURL.map {
                LLMGateway(
                    provider: ChatCompletionsClient(endpoint: OpenAIEndpoint(baseURL: $0, apiKey: nil)), recorder: store,
                    metrics: NOOPMetricsHandler.instance, logger: benchLogger)
            }
            // A generous budget: a small local model on 2 threads answers slowly.
            let pipeline = DraftPipeline(
                store: store, llm: llm, telemetry: AITelemetry(recorder: store, metrics: NOOPMetricsHandler.instance),
                configuration: DraftingConfiguration(model: llm == nil ? nil : model, budget: .seconds(120)))
            let names = ["Maya", "Tom", "Ana", "Lee", "Jo", "Kim", "Raj", "Eve", "Sam", "Zoe", "Ben", "Ida"]
            var drafts: [Draft] = []
            let started = ContinuousClock.now
            for lead in 0..<leads {
                let inbound = InboundMessage(
                    lead: LeadProfile(email: "lead\(lead)@uniq.example", firstName: names[lead % names.count], company: "Company \(lead)"),
                    message: NewMessage(
                        channel: .email, direction: .inbound, sender: .lead,
                        body: "Sounds good — can you send me some times for a quick call?", externalID: "u-\(lead)",
                        occurredAt: Date()))
                let ingested = try await InboundIngestor(store: store).ingest(inbound, in: workspace.id)
                drafts.append(try await pipeline.draft(replyingTo: ingested.messageID, in: workspace.id, logger: benchLogger))
            }
            let hashes = drafts.map { SimHash($0.body) }
            var pairs = 0
            var apart = 0
            for i in hashes.indices {
                for j in hashes.indices where j > i {
                    pairs += 1
                    if hashes[i].distance(to: hashes[j]) >= 12 { apart += 1 }
                }
            }
            let perArchetype = Dictionary(grouping: drafts, by: \.archetypeID).mapValues(\.count)
            let sources = Dictionary(grouping: drafts, by: \.source.rawValue).mapValues(\.count)
            let corrections = Dictionary(grouping: drafts, by: \.correction.rawValue).mapValues(\.count)
            print(
                """
                uniqueness through the pipeline: \(leads) leads, same inbound text, \(llm == nil ? "rules tier" : "model \(model) at \(baseURL!)")
                  pairs ≥ 12 bits apart   \(apart) of \(pairs) (\(String(format: "%.2f", Double(apart) / Double(max(pairs, 1)) * 100)) %)  target ≥ 99 %
                  largest archetype       \(String(format: "%.0f", Double(perArchetype.values.max() ?? 0) / Double(leads) * 100)) % (\(perArchetype.count) archetypes)  target ≤ 13 %
                  sources                 \(sources.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
                  corrections             \(corrections.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
                  time                    \(String(format: "%.1f", seconds(ContinuousClock.now - started))) s
                """)
        }
    }
}
