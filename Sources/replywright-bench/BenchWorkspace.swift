import Foundation
import Metrics
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

/// The workspace the drafting benchmarks (quality, samples, uniqueness) draft in: a fresh SQLite
/// file, replies signed by Jordan Lee in New York time, and the quality benchmark's knowledge.
enum BenchWorkspace {
    /// Runs `body` on a fresh database at `path` (the file and its WAL files removed first).
    static func withFreshStore<T: Sendable>(_ path: String, _ body: (SQLStore) async throws -> T) async throws -> T {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        return try await DatabaseConnector.withStore(.sqlite(path: path), logger: benchLogger, body)
    }

    /// A workspace with `QualityBenchmark.assets` when `knowledge`, and `extra` assets.
    static func create(
        _ store: SQLStore, name: String, knowledge: Bool = true, extra: [KnowledgeAssetInput] = [], booking: BookingSettings = BookingSettings()
    ) async throws -> Workspace {
        let workspace = try await store.createWorkspace(name: name)
        let assets = (knowledge ? QualityBenchmark.assets.map { KnowledgeAssetInput(kind: $0.0, title: $0.1, content: $0.2) } : []) + extra
        for asset in assets { _ = try await store.createKnowledgeAsset(asset, in: workspace.id) }
        _ = try await store.saveDraftingSettings(DraftingSettings(senderName: "Jordan Lee"), in: workspace.id)
        _ = try await store.savePolicySettings(PolicySettings(timeZone: "America/New_York", booking: booking), in: workspace.id)
        return workspace
    }

    /// The rules tier through the conversation policy and the overseer, as the draft job runs it.
    static func drafter(_ store: SQLStore) -> ReplyDrafter {
        let telemetry = AITelemetry(recorder: store, metrics: NOOPMetricsHandler.instance)
        return ReplyDrafter(
            pipeline: DraftPipeline(store: store, llm: nil, telemetry: telemetry, configuration: DraftingConfiguration()),
            overseer: OverseerLoop(
                store: store, llm: nil, configuration: DraftingConfiguration(), telemetry: telemetry,
                sender: DraftSender(store: store, transport: nil)))
    }
}
