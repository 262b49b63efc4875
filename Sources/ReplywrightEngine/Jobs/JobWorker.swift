import Foundation
import Logging
import Metrics
import ReplywrightCore
import ReplywrightLLM
import ReplywrightStore
import ServiceLifecycle
import Synchronization
import Tracing

/// Claims jobs from the durable queue and runs their handlers, as a `Service`.
///
/// One dispatch loop keeps up to `concurrency` jobs running: whenever slots are free it
/// claims that many jobs in one statement, so short jobs cost one claim per batch while long
/// jobs never sit leased behind other work. Each running job is kept alive by heartbeats; if
/// the lease is lost (the database says another worker owns it) the handler is cancelled and
/// no outcome is recorded. When idle, and at least every half lease, the worker sweeps expired
/// leases of dead workers back into the queue. Completions are group-committed
/// (`CompletionBatcher`). On graceful shutdown it stops claiming and
/// finishes what it holds.
public final class JobWorker: Service {
    private let queue: any JobQueue
    private let completions: CompletionBatcher
    private let handlers: [JobKind: any JobHandler]
    private let configuration: JobWorkerConfiguration
    private let metrics: any MetricsFactory
    private let logger: Logger

    public init(
        queue: any JobQueue, handlers: [any JobHandler], configuration: JobWorkerConfiguration,
        metrics: any MetricsFactory, logger: Logger
    ) {
        self.queue = queue
        self.completions = CompletionBatcher(queue: queue)
        self.handlers = Dictionary(handlers.map { ($0.kind, $0) }, uniquingKeysWith: { _, last in last })
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "worker"] = "\(configuration.workerID)"
        self.logger = logger
        self.metrics = metrics
    }

    public func run() async throws {
        logger.info("worker started", metadata: ["concurrency": "\(configuration.concurrency)", "queue": "\(configuration.queue)"])
        try await dispatch(untilIdle: false)
        logger.info("worker stopped")
    }

    /// Runs ready jobs (up to `concurrency` at once) until none is left, then returns. For
    /// one-shot commands (`demo --no-serve`), tests and benchmarks; servers use `run()`.
    /// Throws if claiming fails (a server keeps retrying instead).
    public func runUntilIdle() async throws {
        try await dispatch(untilIdle: true)
    }

    private func dispatch(untilIdle: Bool) async throws {
        let slots = Slots(configuration.concurrency)
        let clock = ContinuousClock()
        var lastRecovery: ContinuousClock.Instant?
        var consecutiveErrors = 0
        var failure: (any Error)?
        await withDiscardingTaskGroup { group in
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                if let last = lastRecovery, clock.now - last < configuration.recoveryInterval {
                } else {
                    await recoverExpiredLeases()
                    lastRecovery = clock.now
                }
                let free = await slots.waitUntilFree(atLeast: 1)
                let finishedBeforeClaim = slots.finished
                let claimed: [ClaimedJob]
                do {
                    claimed = try await queue.claim(
                        queue: configuration.queue, limit: free, workerID: configuration.workerID,
                        leaseDuration: configuration.leaseDuration)
                    consecutiveErrors = 0
                } catch {
                    if untilIdle {
                        failure = error
                        break
                    }
                    consecutiveErrors += 1
                    logger.error("claiming jobs failed", metadata: ["error": "\(Self.safeDescription(of: error))"])
                    await pause(configuration.idlePollInterval * min(consecutiveErrors, 20))
                    continue
                }
                if claimed.isEmpty {
                    if untilIdle {
                        // Running jobs may still schedule retries that are due at once, and a
                        // job that finished while the claim ran may have done so already.
                        guard slots.inUse > 0 || slots.finished != finishedBeforeClaim else { break }
                        _ = await slots.waitUntilFree(atLeast: configuration.concurrency)
                        continue
                    }
                    // Idle time is when to sweep up after workers that died.
                    lastRecovery = nil
                    await pause(configuration.idlePollInterval)
                    continue
                }
                slots.take(claimed.count)
                for job in claimed {
                    group.addTask {
                        await self.process(job)
                        slots.release()
                    }
                }
            }
        }
        if let failure { throw failure }
    }

    private func recoverExpiredLeases() async {
        do {
            let recovered = try await queue.recoverExpiredLeases()
            if recovered != ExpiredLeaseRecovery() {
                logger.warning(
                    "recovered jobs whose worker stopped heartbeating",
                    metadata: [
                        "requeued": "\(recovered.requeued)", "dead_lettered": "\(recovered.deadLettered)",
                    ])
            }
        } catch {
            logger.error("sweeping expired leases failed", metadata: ["error": "\(Self.safeDescription(of: error))"])
        }
    }

    /// Sleeps, returning early on graceful shutdown or cancellation.
    private func pause(_ duration: Duration) async {
        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
    }

    /// Runs one claimed job to an outcome (or to a lost lease). Public so benchmarks and
    /// tests can drive single jobs.
    func process(_ claimed: ClaimedJob) async {
        // One span per run, continuing the trace of the request that queued the job.
        await withSpan("job \(claimed.job.kind.rawValue)", context: JobTrace.context(of: claimed.job), ofKind: .consumer) { span in
            span.attributes["replywright.job.id"] = claimed.job.id.rawValue
            span.attributes["replywright.job.attempt"] = claimed.job.attempts
            let outcome = await run(claimed)
            span.attributes["replywright.job.outcome"] = outcome.rawValue
        }
    }

    private func run(_ claimed: ClaimedJob) async -> JobOutcome {
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
            outcome = try await completions.complete(claimed.lease) ? .succeeded : .leaseLost
        } catch is LeaseLostError {
            outcome = .leaseLost
        } catch {
            outcome = await recordFailure(claimed, error: error, logger: logger)
        }
        let elapsed = ContinuousClock.now - started
        Counter(
            label: "replywright_jobs_total", dimensions: [("kind", job.kind.rawValue), ("outcome", outcome.rawValue)],
            factory: metrics
        ).increment()
        Timer(label: "replywright_job_duration_seconds", dimensions: [("kind", job.kind.rawValue)], factory: metrics)
            .recordNanoseconds(Int64(elapsed.timeInterval * 1e9))
        switch outcome {
        case .succeeded: logger.debug("job succeeded", metadata: ["ms": "\(Int(elapsed.timeInterval * 1000))"])
        case .leaseLost: logger.warning("job lease lost; another worker owns it now")
        case .retrying, .dead: break
        }
        return outcome
    }

    private func recordFailure(_ claimed: ClaimedJob, error: any Error, logger: Logger) async -> JobOutcome {
        let job = claimed.job
        let message = Self.storedDescription(of: error)
        let detail = Self.safeDescription(of: error)
        let policy = RetryPolicy(
            baseDelay: configuration.retryPolicy.baseDelay, maxDelay: configuration.retryPolicy.maxDelay,
            maxAttempts: job.maxAttempts)
        let permanent = error is PermanentJobError
        let retryAt: Date? =
            permanent || policy.isExhausted(afterAttempt: job.attempts)
            ? nil
            : Date().addingTimeInterval(policy.delay(afterAttempt: job.attempts, jitter: Double.random(in: 0..<1)).timeInterval)
        do {
            switch try await queue.fail(claimed.lease, error: message, retryAt: retryAt) {
            case .dead?:
                logger.error("job failed for good; moved to dead letters", metadata: ["error": "\(detail)"])
                return .dead
            case .some:
                logger.warning("job failed; will retry", metadata: ["error": "\(detail)", "retry_at": "\(retryAt!)"])
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
    /// For the log: the error as it describes itself (type and text; may name library types,
    /// addresses and SQL, which is why it never goes into what the API returns).
    static func safeDescription(of error: any Error) -> String {
        switch error {
        case let error as AppError: return error.description
        case let error as PermanentJobError: return error.message
        default: return "\(type(of: error)): \(String(describing: error).prefix(300))"
        }
    }

    /// What a job's stored `lastError` says (the jobs API returns it): a stable code and words
    /// written here or by our own error types, never a library's description.
    static func storedDescription(of error: any Error) -> String {
        switch error {
        case let error as AppError: return error.description
        case let error as PermanentJobError: return "permanent: \(error.message)"
        case let error as DeliveryRetry: return "delivery_retry: \(error.description)"
        case let error as LLMError: return "\(error.code.rawValue): \(Self.llmWords[error.code] ?? "the model call failed")"
        case is CancellationError: return "cancelled: the job was interrupted (the worker stopped); it runs again"
        default: return "internal_error: the job failed unexpectedly; the worker's log has the details under this job's id"
        }
    }

    static let llmWords: [LLMError.Code: String] = [
        .badRequest: "the model provider refused the request", .unauthorized: "the model provider refused the API key",
        .notFound: "the model or endpoint does not exist at the provider", .rateLimited: "the model provider asked to slow down",
        .serverError: "the model provider had an error", .timeout: "the model did not answer in time",
        .connection: "the model provider could not be reached", .deadlineExceeded: "the job's time ran out before the model answered",
        .malformedResponse: "the model provider's answer could not be read", .schemaMismatch: "the model's answer did not have the required shape",
        .truncated: "the model's answer was cut off", .circuitOpen: "calls to this model are paused after repeated failures",
        .notConfigured: "no model provider is configured",
    ]
}

struct LeaseLostError: Error {}

/// How a job run ended, as counted in `replywright_jobs_total{outcome=…}`.
enum JobOutcome: String {
    case succeeded
    case retrying
    case dead
    case leaseLost = "lease_lost"
}

/// Free job slots of one worker; the dispatch loop waits here when all are taken.
final class Slots: Sendable {
    private struct State {
        var free: Int
        var finished = 0
        var waiter: (atLeast: Int, continuation: CheckedContinuation<Void, Never>)?
    }

    private let capacity: Int
    private let state: Mutex<State>

    init(_ capacity: Int) {
        self.capacity = capacity
        self.state = Mutex(State(free: capacity))
    }

    var inUse: Int { capacity - state.withLock { $0.free } }
    /// Jobs finished so far.
    var finished: Int { state.withLock { $0.finished } }

    /// Waits until at least `atLeast` slots are free; returns how many are.
    func waitUntilFree(atLeast needed: Int) async -> Int {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state in
                if state.free >= needed { return true }
                state.waiter = (needed, continuation)
                return false
            }
            if ready { continuation.resume() }
        }
        return state.withLock { $0.free }
    }

    func take(_ count: Int) {
        state.withLock { $0.free -= count }
    }

    func release() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.free += 1
            state.finished += 1
            guard let waiter = state.waiter, state.free >= waiter.atLeast else { return nil }
            state.waiter = nil
            return waiter.continuation
        }
        waiter?.resume()
    }
}
