import Foundation
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

    /// Prometheus text format. Queue depth, the age of the oldest ready job and whether the
    /// database answered are read at scrape time, so every node reports the shared queue's
    /// current state; the process's resident memory too (Linux).
    @Sendable func metrics(_ request: Request, context: AppRequestContext) async throws -> Response {
        let stats = try? await store.queueStats()
        gauge("database_up", "", "1 when the database answered this scrape, else 0").set(stats == nil ? 0.0 : 1.0)
        if let stats {
            let states: [(String, Int)] = [
                ("queued", stats.queued), ("ready", stats.ready), ("running", stats.running),
                ("succeeded", stats.succeeded), ("dead", stats.dead),
            ]
            for (state, value) in states {
                gauge("queue", "jobs", "Jobs in the durable queue by state", labels: [("state", state)]).set(Double(value))
            }
            let age = stats.oldestReadyAt.map { max(0, Date().timeIntervalSince($0)) } ?? 0
            gauge("queue_oldest_ready_age", "seconds", "How long the longest-waiting ready job has been due (0: none waits)").set(age)
        }
        if let resident = Self.residentMemoryBytes() {
            gauge("process_resident_memory", "bytes", "Resident memory of this process").set(Double(resident))
        }
        var buffer: [UInt8] = []
        prometheus.emit(into: &buffer)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
    }

    private func gauge(_ name: String, _ unit: String, _ help: String, labels: [(String, String)] = []) -> Gauge {
        prometheus.makeGauge(
            descriptor: MetricNameDescriptor(namespace: "replywright", metricName: name, unitName: unit, helpText: help),
            labels: labels)
    }

    /// From `/proc/self/statm` (pages), `nil` where there is none.
    static func residentMemoryBytes() -> Int? {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = statm.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
