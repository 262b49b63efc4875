import AsyncHTTPClient
import Foundation
import Logging
import ReplywrightDelivery
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
    static func background(store: SQLStore, parts: NodeParts, runtime: CommandRuntime, options: WorkerOptions) -> [any Service] {
        let nodeID = options.workerID ?? CommandRuntime.nodeID()
        let worker = JobWorker(
            queue: store, handlers: parts.handlers(store: store),
            configuration: JobWorkerConfiguration(
                workerID: nodeID, concurrency: options.concurrency, leaseDuration: .seconds(options.leaseSeconds)),
            metrics: runtime.metrics, logger: Logger(label: "replywright.worker"))
        let scheduler = Scheduler(
            store: store, tasks: StandardJobs.recurringTasks, nodeID: nodeID, logger: Logger(label: "replywright.scheduler"))
        return [worker, scheduler]
    }

    /// The model (an `LLMGateway` that records every call, or `nil`: the rules tier), the
    /// drafting configuration, the delivery transport and the caches, built once per process so
    /// the HTTP side and the workers share them.
    static func parts(store: SQLStore, runtime: CommandRuntime) throws -> NodeParts {
        let bundle = runtime.configuration.contextBundle
        let telemetry = AITelemetry(recorder: store, metrics: runtime.metrics)
        let transport = try runtime.configuration.delivery?.makeTransport()
        guard let settings = runtime.configuration.llm else {
            return NodeParts(
                llm: nil, configuration: DraftingConfiguration(contextBundle: bundle), telemetry: telemetry, transport: transport, http: nil,
                logger: runtime.logger)
        }
        let http = HTTPClient.forLLM()
        let gateway = LLMGateway(
            provider: settings.makeClient(http: http), recorder: store, metrics: runtime.metrics, logger: Logger(label: "replywright.llm"))
        return NodeParts(
            llm: gateway, configuration: DraftingConfiguration(model: settings.model, embeddingModel: settings.embeddingModel, contextBundle: bundle),
            telemetry: telemetry, transport: transport, http: http, logger: runtime.logger)
    }

    static func serverDependencies(store: SQLStore, parts: NodeParts, runtime: CommandRuntime) -> ServerDependencies {
        var dependencies = ServerDependencies(
            store: store, drafting: parts.pipeline(store: store), overseer: parts.overseer(store: store),
            refining: RefinePipeline(
                store: store, llm: parts.llm, telemetry: parts.telemetry, configuration: parts.configuration,
                known: parts.uniqueness),
            sender: parts.sender(store: store), limits: runtime.configuration.limits,
            dashboard: DashboardOptions(
                superAdmins: runtime.configuration.superAdmins, passwordHasher: BcryptPasswordHasher(),
                secureCookies: runtime.configuration.secureCookies),
            corsOrigins: runtime.configuration.corsOrigins,
            metrics: runtime.metrics, prometheus: runtime.prometheus, logger: Logger(label: "replywright.http"),
            cronSecret: runtime.configuration.cronSecret, insightsCronLimit: runtime.configuration.insightsCronLimit,
            formSessions: FormSessions(
                store: store,
                cascade: NextStepCascade(store: store, llm: parts.llm, configuration: parts.configuration, telemetry: parts.telemetry)))
        dependencies.tracing = runtime.configuration.otlpEndpoint != nil
        return dependencies
    }

    /// Runs the services until SIGTERM/SIGINT, then shuts them down gracefully. With an OTLP
    /// endpoint the trace exporter runs first, so it stops last and sends the final spans.
    static func run(_ services: [any Service], runtime: CommandRuntime) async throws {
        let tracing = try TracingBackend.start(runtime.configuration, serviceName: "replywright")
        let group = ServiceGroup(
            configuration: .init(
                services: ([tracing].compactMap { $0 } + services).map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint],
                logger: runtime.logger))
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

/// A node's drafting, overseer and delivery parts (see `NodeServices.parts`).
struct NodeParts: Sendable {
    let llm: LLMGateway?
    let configuration: DraftingConfiguration
    let telemetry: AITelemetry
    /// `nil`: sends are recorded only.
    let transport: (any OutboundTransport)?
    /// The model provider's HTTP client, shut down by `services` (in a ServiceGroup) or `close()`.
    let http: HTTPClient?
    let logger: Logger

    /// Long-lived resources the parts hold, for the node's ServiceGroup: they go right after the
    /// database, so they stop after everything using them.
    var services: [any Service] { http.map { [HTTPClientService(client: $0, logger: logger)] } ?? [] }

    /// Releases what the parts hold when they were used without a ServiceGroup (the demo's
    /// seeding run): an HTTP client must be shut down before it is released.
    func close() async {
        try? await http?.shutdown()
    }
    /// One per process: the HTTP pipelines and the workers' draft jobs share it.
    let uniqueness = UniquenessIndexCache()

    func pipeline(store: SQLStore) -> DraftPipeline {
        DraftPipeline(store: store, llm: llm, telemetry: telemetry, configuration: configuration, uniqueness: uniqueness)
    }

    func sender(store: SQLStore) -> DraftSender { DraftSender(store: store, transport: transport?.name) }

    func overseer(store: SQLStore) -> OverseerLoop {
        OverseerLoop(store: store, llm: llm, configuration: configuration, telemetry: telemetry, sender: sender(store: store))
    }

    func handlers(store: SQLStore) -> [any JobHandler] {
        StandardJobs.handlers(store: store, pipeline: pipeline(store: store), overseer: overseer(store: store), transport: transport)
    }
}
