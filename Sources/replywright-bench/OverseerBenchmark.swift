import Foundation
import Metrics
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

// The overseer loop's own cost per draft on the rules tier (no model): memory extraction and
// storage, the booking gate, the overseer gate, the hard gates, the auto-send evaluation and
// the decisions' persistence, on SQLite. Drafts are written first and not timed.
//
//   .build/release/replywright-bench overseer [--runs 300]
enum OverseerBenchmark {
    static let inbounds = [
        "Sounds good — can you send me some times for a quick call?",
        "Tue 3pm ET works for me. I'm on Eastern time.",
        "Thursday afternoon is free, but Friday doesn't work. Please loop in Priya Shah, she runs ops.",
        "Too expensive for a team our size honestly. Reach out after March.",
        "I prefer email. Any time after 2 on the 14th works.",
        "Not interested, please remove me.",
    ]

    static func run(_ arguments: ArraySlice<String>) async throws {
        var runs = 300
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            let value = iterator.next() ?? ""
            switch argument {
            case "--runs": runs = Int(value) ?? runs
            default: throw BenchmarkUsageError("unknown option \(argument)")
            }
        }
        let path = "/tmp/replywright-bench-overseer.sqlite"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        try await DatabaseConnector.withStore(.sqlite(path: path), logger: benchLogger) { store in
            let workspace = try await store.createWorkspace(name: "Overseer")
            _ = try await store.savePolicySettings(PolicySettings(autoSend: false, timeZone: "America/New_York"), in: workspace.id)
            let telemetry = AITelemetry(recorder: store, metrics: NOOPMetricsHandler.instance)
            let pipeline = DraftPipeline(store: store, llm: nil, telemetry: telemetry, configuration: DraftingConfiguration())
            let loop = OverseerLoop(
                store: store, llm: nil, configuration: DraftingConfiguration(), telemetry: telemetry,
                sender: DraftSender(store: store, transport: nil))
            var work: [(Draft, Message)] = []
            for run in 0..<runs {
                let inbound = InboundMessage(
                    lead: LeadProfile(email: "o\(run)@bench.example", firstName: "Lee"),
                    message: NewMessage(
                        channel: .email, direction: .inbound, sender: .lead, body: inbounds[run % inbounds.count],
                        externalID: "o-\(run)", occurredAt: Date()))
                let ingested = try await InboundIngestor(store: store).ingest(inbound, in: workspace.id)
                let draft = try await pipeline.draft(replyingTo: ingested.messageID, in: workspace.id, logger: benchLogger)
                work.append((draft, try await store.message(ingested.messageID, in: workspace.id)))
            }
            var samples: [Double] = []
            for (draft, trigger) in work {
                let started = ContinuousClock.now
                _ = try await loop.review(draft, trigger: trigger, logger: benchLogger)
                samples.append(seconds(ContinuousClock.now - started) * 1000)
            }
            samples.sort()
            print(
                String(
                    format: "overseer loop, rules tier, %d drafts (SQLite): median %.2f ms, p99 %.2f ms, max %.2f ms",
                    samples.count, samples[samples.count / 2], samples[min(samples.count - 1, Int(Double(samples.count) * 0.99))],
                    samples.last ?? 0))
        }
    }
}
