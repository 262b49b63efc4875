import Hummingbird
import Prometheus
import ReplywrightCore
import ReplywrightStore

/// `/health/live`, `/health/ready` and `/metrics`: no authentication.
struct HealthRoutes {
    let store: any StoreConnection & JobQueue
    let prometheus: PrometheusCollectorRegistry

    struct Status: Encodable, Sendable {
        var status: String
        var database: String?
        var queue: QueueStats?
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/health/live") { _, _ in JSONResponse(value: Status(status: "ok")) }
        router.get("/health/ready", use: ready)
        router.get("/metrics", use: metrics)
    }

    /// Ready when the database answers and the queue can be read.
    @Sendable func ready(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<Status> {
        do {
            try await store.ping()
            let stats = try await store.queueStats()
            return JSONResponse(value: Status(status: "ready", database: store.engine.rawValue, queue: stats))
        } catch {
            context.logger.warning("readiness check failed", metadata: ["error_type": "\(type(of: error))"])
            throw AppError(.unavailable, "not ready: the database or the job queue cannot be read")
        }
    }

    /// Prometheus text format. Queue depth is read at scrape time so every node reports the
    /// shared queue's current state.
    @Sendable func metrics(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let stats = try? await store.queueStats() {
            let gauges: [(String, Int)] = [
                ("queued", stats.queued), ("ready", stats.ready), ("running", stats.running),
                ("succeeded", stats.succeeded), ("dead", stats.dead),
            ]
            for (state, value) in gauges {
                prometheus.makeGauge(
                    descriptor: MetricNameDescriptor(
                        namespace: "replywright", metricName: "queue", unitName: "jobs", helpText: "Jobs in the durable queue by state"),
                    labels: [("state", state)]
                ).set(Double(value))
            }
        }
        var buffer: [UInt8] = []
        prometheus.emit(into: &buffer)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
    }
}
