import Foundation
import Logging
import Metrics
import ReplywrightCore
import ReplywrightStore
import ServiceLifecycle

/// Claims jobs from the durable queue and runs their handlers, as a `Service`.
///
/// Runs `concurrency` claim loops. Each claimed job is kept alive by heartbeats; if the
/// lease is lost (the database says another worker owns it) the handler is cancelled and no
/// outcome is recorded. On graceful shutdown the loops stop claiming and finish what they hold.
public final class JobWorker: Service {
    private let queue: any JobQueue
    private let handlers: [JobKind: any JobHandler]
    private let configuration: JobWorkerConfiguration
    private let metrics: any MetricsFactory
    private let logger: Logger

    public init(
        queue: any JobQueue, handlers: [any JobHandler], configuration: JobWorkerConfiguration,
        metrics: any MetricsFactory, logger: Logger
    ) {
        self.queue = queue
        self.handlers = Dictionary(handlers.map { ($0.kind, $0) }, uniquingKeysWith: { _, last in last })
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "worker"] = "\(configuration.workerID)"
        self.logger = logger
        self.metrics = metrics
    }

    public func run() async throws {
        logger.info("worker started", metadata: ["concurrency": "\(configuration.concurrency)", "queue": "\(configuration.queue)"])
        await withDiscardingTaskGroup { group in
            for _ in 0..<configuration.concurrency {
                group.addTask { await self.claimLoop() }
            }
        }
        logger.info("worker stopped")
    }

    /// Runs ready jobs one after another until none is left, then returns. For one-shot
    /// commands (`demo --no-serve`) and tests; servers use `run()`.
    public func runUntilIdle() async throws {
        while true {
            let claimed = try await queue.claim(
                queue: configuration.queue, limit: 1, workerID: configuration.workerID,
                leaseDuration: configuration.leaseDuration)
            guard !claimed.isEmpty else { return }
            for job in claimed { await process(job) }
        }
    }

    private func claimLoop() async {
        var consecutiveErrors = 0
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let claimed: [ClaimedJob]
            do {
                claimed = try await queue.claim(
                    queue: configuration.queue, limit: 1, workerID: configuration.workerID,
                    leaseDuration: configuration.leaseDuration)
                consecutiveErrors = 0
            } catch {
                consecutiveErrors += 1
                logger.error("claiming jobs failed", metadata: ["error": "\(Self.safeDescription(of: error))"])
                await pause(configuration.idlePollInterval * min(consecutiveErrors, 20))
                continue
            }
            if claimed.isEmpty {
                // Idle time is when to sweep jobs whose worker died on their final attempt.
                _ = try? await queue.deadLetterExpiredLeases()
                await pause(configuration.idlePollInterval)
                continue
            }
            for job in claimed { await process(job) }
        }
    }

    /// Sleeps, returning early on graceful shutdown or cancellation.
    private func pause(_ duration: Duration) async {
        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
    }

    /// Runs one claimed job to an outcome (or to a lost lease). Public so benchmarks and
    /// tests can drive single jobs.
    func process(_ claimed: ClaimedJob) async {
        let job = claimed.job
        var logger = self.logger
        logger[metadataKey: "job_id"] = "\(job.id)"
        logger[metadataKey: "job_kind"] = "\(job.kind)"
        logger[metadataKey: "attempt"] = "\(job.attempts)"
        let started = ContinuousClock.now
        let outcome: JobOutcome
        do {
            guard let handler = handlers[job.kind] else {
                throw AppError(.internalError, "no handler registered for job kind \(job.kind)")
            }
            let jobLogger = logger
            try await runKeepingLease(claimed) { try await handler.handle(job, logger: jobLogger) }
            outcome = try await queue.complete(claimed.lease) ? .succeeded : .leaseLost
        } catch is LeaseLostError {
            outcome = .leaseLost
        } catch {
            outcome = await recordFailure(claimed, error: error, logger: logger)
        }
        let elapsed = ContinuousClock.now - started
        Counter(label: "replywright_jobs_total", dimensions: [("kind", job.kind.rawValue), ("outcome", outcome.rawValue)],
                factory: metrics).increment()
        Timer(label: "replywright_job_duration_seconds", dimensions: [("kind", job.kind.rawValue)], factory: metrics)
            .recordNanoseconds(Int64(elapsed.timeInterval * 1e9))
        switch outcome {
        case .succeeded: logger.debug("job succeeded", metadata: ["ms": "\(Int(elapsed.timeInterval * 1000))"])
        case .leaseLost: logger.warning("job lease lost; another worker owns it now")
        case .retrying, .dead: break
        }
    }

    private func recordFailure(_ claimed: ClaimedJob, error: any Error, logger: Logger) async -> JobOutcome {
        let job = claimed.job
        let message = Self.safeDescription(of: error)
        let policy = RetryPolicy(
            baseDelay: configuration.retryPolicy.baseDelay, maxDelay: configuration.retryPolicy.maxDelay,
            maxAttempts: job.maxAttempts)
        let permanent = error is PermanentJobError
        let retryAt: Date? = permanent || policy.isExhausted(afterAttempt: job.attempts)
            ? nil
            : Date().addingTimeInterval(policy.delay(afterAttempt: job.attempts, jitter: Double.random(in: 0..<1)).timeInterval)
        do {
            switch try await queue.fail(claimed.lease, error: message, retryAt: retryAt) {
            case .dead?:
                logger.error("job failed for good; moved to dead letters", metadata: ["error": "\(message)"])
                return .dead
            case .some:
                logger.warning("job failed; will retry", metadata: ["error": "\(message)", "retry_at": "\(retryAt!)"])
                return .retrying
            case nil:
                return .leaseLost
            }
        } catch {
            // The lease will expire and the job will be retried by whoever claims it next.
            logger.error("recording a job failure failed", metadata: ["error": "\(Self.safeDescription(of: error))"])
            return .retrying
        }
    }

    /// Runs `body` while heartbeating the lease; throws `LeaseLostError` (cancelling `body`)
    /// if the database no longer recognises the lease.
    private func runKeepingLease(_ claimed: ClaimedJob, _ body: @escaping @Sendable () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await body() }
            group.addTask {
                while true {
                    try await Task.sleep(for: self.configuration.heartbeatInterval)
                    let alive = (try? await self.queue.heartbeat(claimed.lease, leaseDuration: self.configuration.leaseDuration)) ?? true
                    if !alive { throw LeaseLostError() }
                }
            }
            // The first child to finish decides: the handler's result, or a lost lease.
            try await group.next()
            group.cancelAll()
        }
    }

    /// Error text to store and log: our own errors carry curated messages; others are cut
    /// short (database drivers do not put bound values, such as message text, in errors).
    static func safeDescription(of error: any Error) -> String {
        switch error {
        case let error as AppError: return error.description
        case let error as PermanentJobError: return error.message
        default: return "\(type(of: error)): \(String(describing: error).prefix(300))"
        }
    }
}

struct LeaseLostError: Error {}

/// How a job run ended, as counted in `replywright_jobs_total{outcome=…}`.
enum JobOutcome: String {
    case succeeded
    case retrying
    case dead
    case leaseLost = "lease_lost"
}
