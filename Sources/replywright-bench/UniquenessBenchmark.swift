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
//   .build/release/replywright-bench uniqueness [--leads 100] [--text T] [--knowledge] [--link URL] [--show N]   (rules tier)
//   .build/release/replywright-bench uniqueness --leads 30 --llm-base-url http://127.0.0.1:8089/v1 --model smollm2
//
// `--knowledge`: the quality benchmark's four assets; `--link`: a booking link instead of slots.
enum UniquenessBenchmark {
    static let defaultText = "Sounds good - can you send me some times for a quick call next week?"

    static func run(_ arguments: ArraySlice<String>) async throws {
        var leads = 100
        var baseURL: String?
        var model = "smollm2"
        var text = defaultText
        var knowledge = false
        var link: String?
        var show = 0
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            if argument == "--knowledge" {
                knowledge = true
                continue
            }
            let value = iterator.next() ?? ""
            switch argument {
            case "--leads": leads = Int(value) ?? leads
            case "--llm-base-url": baseURL = value
            case "--model": model = value
            case "--text": text = value
            case "--link": link = value
            case "--show": show = Int(value) ?? 0
            default: throw BenchmarkUsageError("unknown option \(argument)")
            }
        }
        let result = try await measure(leads: leads, text: text, knowledge: knowledge, link: link, baseURL: baseURL, model: model, show: show)
        print(result.report)
    }

    struct Result {
        var pairs, apart, largest, archetypes: Int
        var report: String
        var share: Double { Double(apart) / Double(max(pairs, 1)) }
    }

    static func measure(
        leads: Int, text: String, knowledge: Bool, link: String?, baseURL: String?, model: String, show: Int
    ) async throws -> Result {
        return try await BenchWorkspace.withFreshStore("/tmp/replywright-bench-uniqueness.sqlite") { store in
            let workspace = try await BenchWorkspace.create(store, name: "Uniqueness", knowledge: knowledge, booking: BookingSettings(link: link))
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
                        body: text, externalID: "u-\(lead)",
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
            for draft in drafts.prefix(show) { print("---\n\(draft.body)\n") }
            let perArchetype = Dictionary(grouping: drafts, by: \.archetypeID).mapValues(\.count)
            let sources = Dictionary(grouping: drafts, by: \.source.rawValue).mapValues(\.count)
            let corrections = Dictionary(grouping: drafts, by: \.correction.rawValue).mapValues(\.count)
            let report = """
                uniqueness through the pipeline: \(leads) leads, "\(text)", \(knowledge ? "with" : "without") knowledge, \(link == nil ? "slots" : "a booking link"), \(llm == nil ? "rules tier" : "model \(model) at \(baseURL!)")
                  pairs ≥ 12 bits apart   \(apart) of \(pairs) (\(String(format: "%.2f", Double(apart) / Double(max(pairs, 1)) * 100)) %)  target ≥ 99 %
                  largest archetype       \(String(format: "%.0f", Double(perArchetype.values.max() ?? 0) / Double(leads) * 100)) % (\(perArchetype.count) archetypes)  target ≤ 13 %
                  sources                 \(sources.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
                  corrections             \(corrections.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
                  time                    \(String(format: "%.1f", seconds(ContinuousClock.now - started))) s
                """
            return Result(pairs: pairs, apart: apart, largest: perArchetype.values.max() ?? 0, archetypes: perArchetype.count, report: report)
        }
    }
}
