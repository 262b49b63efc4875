import Foundation
import Logging
import ReplywrightEngine
import ReplywrightLLM
import ReplywrightServer
import ReplywrightStore
import ServiceLifecycle

/// Options that shape the background side of a node.
struct WorkerOptions: Sendable {
    var concurrency: Int = 8
    var leaseSeconds: Int = 60
    var workerID: String?
}

/// Assembles the long-lived services of a node in start order. Shutdown runs in reverse,
/// so the database pool outlives the server and workers that use it.
enum NodeServices {
    static func background(store: SQLStore, runtime: CommandRuntime, options: WorkerOptions) -> [any Service] {
        let nodeID = options.workerID ?? CommandRuntime.nodeID()
        let worker = JobWorker(
            queue: store, handlers: handlers(store: store, runtime: runtime),
            configuration: JobWorkerConfiguration(
                workerID: nodeID, concurrency: options.concurrency, leaseDuration: .seconds(options.leaseSeconds)),
            metrics: runtime.metrics, logger: Logger(label: "replywright.worker"))
        let scheduler = Scheduler(
            store: store, tasks: StandardJobs.recurringTasks, nodeID: nodeID, logger: Logger(label: "replywright.scheduler"))
        return [worker, scheduler]
    }

    /// The model behind an `LLMGateway` that records every call, or `nil` (the rules tier),
    /// and the drafting configuration that goes with it.
    static func ai(store: SQLStore, runtime: CommandRuntime) -> (llm: LLMGateway?, configuration: DraftingConfiguration) {
        let bundle = runtime.configuration.contextBundle
        guard let settings = runtime.configuration.llm else { return (nil, DraftingConfiguration(contextBundle: bundle)) }
        let gateway = LLMGateway(
            provider: settings.makeClient(), recorder: store, metrics: runtime.metrics, logger: Logger(label: "replywright.llm"))
        return (gateway, DraftingConfiguration(model: settings.model, embeddingModel: settings.embeddingModel, contextBundle: bundle))
    }

    static func pipeline(store: SQLStore, runtime: CommandRuntime) -> DraftPipeline {
        let (llm, configuration) = ai(store: store, runtime: runtime)
        return DraftPipeline(store: store, llm: llm, telemetry: AITelemetry(recorder: store, metrics: runtime.metrics), configuration: configuration)
    }

    static func handlers(store: SQLStore, runtime: CommandRuntime) -> [any JobHandler] {
        StandardJobs.handlers(store: store, pipeline: pipeline(store: store, runtime: runtime))
    }

    static func serverDependencies(store: SQLStore, runtime: CommandRuntime) -> ServerDependencies {
        let (llm, configuration) = ai(store: store, runtime: runtime)
        let telemetry = AITelemetry(recorder: store, metrics: runtime.metrics)
        let known = UniquenessIndexCache()
        return ServerDependencies(
            store: store,
            drafting: DraftPipeline(store: store, llm: llm, telemetry: telemetry, configuration: configuration, uniqueness: known),
            refining: RefinePipeline(store: store, llm: llm, telemetry: telemetry, configuration: configuration, known: known),
            metrics: runtime.metrics, prometheus: runtime.prometheus, logger: Logger(label: "replywright.http"))
    }

    /// Runs the services until SIGTERM/SIGINT, then shuts them down gracefully.
    static func run(_ services: [any Service], logger: Logger) async throws {
        let group = ServiceGroup(configuration: .init(
            services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

/// Applies migrations, then opens the configured database for a long-running command
/// (its backend goes first in the `ServiceGroup`). Failures are one-line `AppError`s.
func openMigratedStore(_ runtime: CommandRuntime) async throws -> (any DatabaseBackend, SQLStore) {
    let location = runtime.configuration.database
    // Migrate on a short-lived connection: a pool's run() can only be started once.
    _ = try await DatabaseConnector.withStore(location, logger: runtime.logger, migrate: true) { _ in true }
    let backend = try await DatabaseConnector.open(location, logger: runtime.logger)
    return (backend, SQLStore(backend: backend))
}
