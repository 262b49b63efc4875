import Hummingbird
import Logging
import Metrics
import Prometheus
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

/// What the HTTP application needs; the executable assembles it.
public struct ServerDependencies: Sendable {
    public var store: any DataStore
    /// Writes drafts for `POST /v1/leads/{id}/drafts`.
    public var drafting: DraftPipeline
    /// Oversees regenerated drafts (memory, gate, hard gates, auto-send).
    public var overseer: OverseerLoop
    /// Refines setters' own text for `POST /v1/refine`.
    public var refining: RefinePipeline
    /// Sends drafts for `POST /v1/drafts/{id}/send` (hard gates, then delivery if configured).
    public var sender: DraftSender
    public var limits: RateLimits
    public var dashboard: DashboardOptions
    /// Origins whose browsers may call the API (CORS); none by default.
    public var corsOrigins: Set<String>
    public var metrics: any MetricsFactory
    public var prometheus: PrometheusCollectorRegistry
    public var logger: Logger
    /// Reports, synthesis, evals and the weekly schedule (C4).
    public var insights: InsightsSchedule
    /// `CRON_SECRET`: without it the cron endpoints answer 401.
    public var cronSecret: String?
    /// `REPLYWRIGHT_INSIGHTS_CRON_LIMIT`: workspaces per cron call.
    public var insightsCronLimit: Int
    /// Hosted forms' sessions and their next-step cascade (C5).
    public var formSessions: FormSessions
    /// A span per request (`REPLYWRIGHT_OTLP_ENDPOINT` is set and a tracer bootstrapped).
    public var tracing = false

    /// Without `drafting`, `overseer` or `refining`, those use the rules tier.
    public init(
        store: any DataStore, drafting: DraftPipeline? = nil, overseer: OverseerLoop? = nil, refining: RefinePipeline? = nil,
        sender: DraftSender? = nil,
        limits: RateLimits = RateLimits(), dashboard: DashboardOptions = DashboardOptions(), corsOrigins: Set<String> = [],
        metrics: any MetricsFactory,
        prometheus: PrometheusCollectorRegistry, logger: Logger, insights: InsightsSchedule? = nil, cronSecret: String? = nil,
        insightsCronLimit: Int = InsightsSchedule.defaultLimit, formSessions: FormSessions? = nil
    ) {
        self.limits = limits
        self.dashboard = dashboard
        self.corsOrigins = corsOrigins
        self.store = store
        let telemetry = AITelemetry(recorder: store, metrics: metrics)
        self.drafting = drafting ?? DraftPipeline(store: store, llm: nil, telemetry: telemetry, configuration: DraftingConfiguration())
        self.refining = refining ?? RefinePipeline(store: store, llm: nil, telemetry: telemetry, configuration: DraftingConfiguration())
        self.sender = sender ?? DraftSender(store: store, transport: nil)
        self.overseer =
            overseer
            ?? OverseerLoop(
                store: store, llm: nil, configuration: DraftingConfiguration(), telemetry: telemetry, sender: self.sender)
        self.metrics = metrics
        self.prometheus = prometheus
        self.logger = logger
        self.insights = insights ?? InsightsSchedule(store: store, pipeline: self.drafting)
        self.cronSecret = cronSecret
        self.insightsCronLimit = insightsCronLimit
        self.formSessions =
            formSessions
            ?? FormSessions(
                store: store, cascade: NextStepCascade(store: store, llm: nil, configuration: DraftingConfiguration(), telemetry: telemetry))
    }
}

extension ServerDependencies {
    var drafter: ReplyDrafter { ReplyDrafter(pipeline: drafting, overseer: overseer) }
    var review: DraftReview { DraftReview(store: store, pipeline: drafting, sender: sender) }
}

public enum ReplywrightHTTP {
    /// The router with every route and middleware; tests drive it directly.
    public static func buildRouter(_ dependencies: ServerDependencies) -> Router<AppRequestContext> {
        let router = Router(context: AppRequestContext.self)
        // Outermost, so a request's span holds everything it does (a webhook's enqueue too,
        // which carries the span's context on to the job).
        if dependencies.tracing { router.add(middleware: TracingMiddleware()) }
        router.add(middleware: RequestObservationMiddleware(metrics: dependencies.metrics))
        router.add(middleware: SecurityHeadersMiddleware())
        if !dependencies.corsOrigins.isEmpty { router.add(middleware: CORSMiddleware(allowedOrigins: dependencies.corsOrigins)) }
        router.add(middleware: ErrorMiddleware())
        if let perIP = dependencies.limits.perIP {
            let limiter = RateLimiter(limit: perIP)
            router.add(
                middleware: RateLimitMiddleware(limiter: limiter) { request, context in
                    // Probes and scrapers are not clients.
                    request.uri.path.hasPrefix("/health") || request.uri.path == "/metrics" ? nil : context.remoteAddress ?? "unknown"
                })
        }
        HealthRoutes(store: dependencies.store, prometheus: dependencies.prometheus).register(on: router)
        router.get("/openapi.json") { request, context in try OpenAPIDocument.route(request, context) }

        CronRoutes(secret: dependencies.cronSecret, schedule: dependencies.insights, limit: dependencies.insightsCronLimit).register(on: router)
        let v1 = router.group("/v1").add(middleware: APIKeyAuthMiddleware(store: dependencies.store, cache: APIKeyCache()))
            .group(context: APIRequestContext.self)
        if let perKey = dependencies.limits.perKey {
            v1.add(middleware: RateLimitMiddleware(limiter: RateLimiter(limit: perKey)) { _, context in context.apiKey.id.rawValue })
        }
        WebhookRoutes(store: dependencies.store, ingestor: InboundIngestor(store: dependencies.store)).register(on: v1)
        LeadRoutes(store: dependencies.store).register(on: v1)
        AIInteractionRoutes(store: dependencies.store).register(on: v1)
        DraftRoutes(store: dependencies.store, drafter: dependencies.drafter, review: dependencies.review, sender: dependencies.sender)
            .register(on: v1)
        KnowledgeRoutes(store: dependencies.store).register(on: v1)
        PromptRoutes(store: dependencies.store).register(on: v1)
        ImportRoutes(store: dependencies.store).register(on: v1)
        InsightsRoutes(store: dependencies.store).register(on: v1)
        LearningRoutes(store: dependencies.store, schedule: dependencies.insights).register(on: v1)
        SettingsRoutes(store: dependencies.store, pipeline: dependencies.drafting).register(on: v1)
        RefineRoutes(pipeline: dependencies.refining).register(on: v1)
        FormRoutes(store: dependencies.store).register(on: v1)
        ExperimentRoutes(store: dependencies.store).register(on: v1)

        HostedFormRoutes(
            sessions: dependencies.formSessions, store: dependencies.store, starts: dependencies.limits.perFormStart.map { RateLimiter(limit: $0) }
        ).register(on: router)
        DashboardRoutes(
            store: dependencies.store, drafting: dependencies.drafter, refining: dependencies.refining,
            review: dependencies.review, insights: dependencies.insights, options: dependencies.dashboard, perUser: dependencies.limits.perUser,
            logins: dependencies.limits.perLogin.map { LoginThrottle(limit: $0) }
        ).register(on: router)
        return router
    }

    /// Whether the dashboard's templates and the reply reader's weights shipped with this binary
    /// (`invalid`, in words, if not; a missing resource folder stops the process with the path
    /// it looked in). Checked at start, not at the first message.
    public static func checkAssets() throws(AppError) {
        try DashboardTemplates.check()
        guard IntentModel.shipped != nil else {
            throw AppError.invalid(
                "the reply reader's weights (intent-model.json) are missing or unreadable: copy the replywright_ReplywrightCore.resources folder next to the binary"
            )
        }
    }

    /// The HTTP server as a `Service` for the process's `ServiceGroup`.
    public static func buildApplication(
        _ dependencies: ServerDependencies, host: String, port: Int,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: buildRouter(dependencies),
            configuration: .init(address: .hostname(host, port: port), serverName: "replywright"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: dependencies.logger)
    }
}
