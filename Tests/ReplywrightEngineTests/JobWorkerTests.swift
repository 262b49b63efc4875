import Foundation
import Logging
import Metrics
import ReplywrightCore
import ReplywrightEngine
import ReplywrightLLM
import ReplywrightStore
import ReplywrightTesting
import Testing

/// A handler that fails its first `failures` runs and counts every run.
final class FlakyHandler: JobHandler, @unchecked Sendable {
    let kind = JobKind("test.flaky")
    private let lock = NSLock()
    private var runs = 0
    let failures: Int

    init(failures: Int) { self.failures = failures }

    var runCount: Int { lock.withLock { runs } }

    func handle(_ job: JobRecord, logger: Logger) async throws {
        let run = lock.withLock {
            runs += 1
            return runs
        }
        if run <= failures { throw AppError(.unavailable, "upstream busy (run \(run))") }
    }
}

struct PermanentFailureHandler: JobHandler {
    let kind = JobKind("test.permanent")
    func handle(_ job: JobRecord, logger: Logger) async throws { throw PermanentJobError("payload names a deleted lead") }
}

/// Counts how many of its jobs run at the same time.
final class InFlightHandler: JobHandler, @unchecked Sendable {
    let kind = JobKind("test.in_flight")
    private let lock = NSLock()
    private var current = 0
    private var peak = 0

    var maxInFlight: Int { lock.withLock { peak } }

    func handle(_ job: JobRecord, logger: Logger) async throws {
        lock.withLock {
            current += 1
            peak = max(peak, current)
        }
        defer { lock.withLock { current -= 1 } }
        try await Task.sleep(for: .milliseconds(5))
    }
}

@Suite("Job worker")
struct JobWorkerTests {
    func worker(_ store: SQLStore, _ handlers: [any JobHandler], maxDelay: Duration = .zero) -> JobWorker {
        JobWorker(
            queue: store, handlers: handlers,
            configuration: JobWorkerConfiguration(
                workerID: "test-worker", leaseDuration: .seconds(30),
                retryPolicy: RetryPolicy(baseDelay: .zero, maxDelay: maxDelay)),
            metrics: NOOPMetricsHandler.instance, logger: TestDatabases.logger)
    }

    @Test(arguments: TestDatabases.engines)
    func retriesUntilSuccess(engine: DatabaseEngine) async throws {
        try await TestDatabases.withStore(engine) { store in
            let handler = FlakyHandler(failures: 2)
            let (job, _) = try await store.enqueue(NewJob(kind: handler.kind, maxAttempts: 5))
            try await worker(store, [handler]).runUntilIdle()
            let done = try #require(try await store.job(job.id))
            #expect(done.state == .succeeded && done.attempts == 3 && handler.runCount == 3)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func deadLettersAfterMaxAttemptsOrPermanentErrors(engine: DatabaseEngine) async throws {
        try await TestDatabases.withStore(engine) { store in
            let flaky = FlakyHandler(failures: 100)
            let (exhausted, _) = try await store.enqueue(NewJob(kind: flaky.kind, maxAttempts: 3))
            let (permanent, _) = try await store.enqueue(NewJob(kind: JobKind("test.permanent"), maxAttempts: 5))
            let (unknown, _) = try await store.enqueue(NewJob(kind: JobKind("test.unknown"), maxAttempts: 1))
            try await worker(store, [flaky, PermanentFailureHandler()]).runUntilIdle()

            let first = try #require(try await store.job(exhausted.id))
            #expect(first.state == .dead && first.attempts == 3 && flaky.runCount == 3)
            #expect(first.lastError == "unavailable: upstream busy (run 3)")
            let second = try #require(try await store.job(permanent.id))
            #expect(second.state == .dead && second.attempts == 1 && second.lastError == "permanent: payload names a deleted lead")
            let third = try #require(try await store.job(unknown.id))
            #expect(third.state == .dead && third.lastError?.contains("no handler registered for job kind test.unknown") == true)
        }
    }

    /// A job that fails on a real connection error (the model provider's port is closed) stores
    /// a stable code and fixed words; so does a failure of a type nobody curated. The API
    /// returns `lastError` as stored: no library type, errno or address reaches it.
    @Test func storedFailuresNameNoLibraryTypesOrAddresses() async throws {
        struct Unexpected: Error, CustomStringConvertible {
            var description: String {
                "PSQLError(code: server, serverInfo: [sqlState: 23505, detail: Key (email)=(a@b.c) exists], query: INSERT INTO leads…)"
            }
        }
        struct CallsAClosedPort: JobHandler {
            let kind = JobKind("test.closed_port")
            func handle(_ job: JobRecord, logger: Logger) async throws {
                let client = ChatCompletionsClient(endpoint: OpenAIEndpoint(baseURL: "http://127.0.0.1:9/v1", apiKey: "sk-test"))
                _ = try await client.generate(LLMRequest(model: "m", messages: [.user("hi")], context: LLMCallContext(featureID: "test")))
            }
        }
        struct ThrowsUnexpected: JobHandler {
            let kind = JobKind("test.unexpected")
            func handle(_ job: JobRecord, logger: Logger) async throws { throw Unexpected() }
        }
        try await TestDatabases.withStore(.sqlite) { store in
            let (network, _) = try await store.enqueue(NewJob(kind: JobKind("test.closed_port"), maxAttempts: 1))
            let (unexpected, _) = try await store.enqueue(NewJob(kind: JobKind("test.unexpected"), maxAttempts: 1))
            try await worker(store, [CallsAClosedPort(), ThrowsUnexpected()]).runUntilIdle()
            let networkJob = try #require(try await store.job(network.id))
            #expect(networkJob.lastError == "llm_connection: the model provider could not be reached", "\(networkJob.lastError ?? "")")
            let other = try #require(try await store.job(unexpected.id))
            #expect(other.lastError?.hasPrefix("internal_error: ") == true)
            for text in [networkJob.lastError ?? "", other.lastError ?? ""] {
                for leak in ["NIO", "errno", "127.0.0.1", "PSQL", "INSERT", "a@b.c", "Error("] { #expect(!text.contains(leak), "\(leak) in \(text)") }
            }
        }
    }

    @Test func backoffDelaysTheRetry() async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            let handler = FlakyHandler(failures: 1)
            let (job, _) = try await store.enqueue(NewJob(kind: handler.kind, maxAttempts: 3))
            let worker = JobWorker(
                queue: store, handlers: [handler],
                configuration: JobWorkerConfiguration(
                    workerID: "w", retryPolicy: RetryPolicy(baseDelay: .seconds(3600), maxDelay: .seconds(3600))),
                metrics: NOOPMetricsHandler.instance, logger: TestDatabases.logger)
            try await worker.runUntilIdle()
            let waiting = try #require(try await store.job(job.id))
            #expect(waiting.state == .queued && waiting.attempts == 1 && handler.runCount == 1)
            #expect(waiting.availableAt <= Date().addingTimeInterval(3600), "full jitter: at most the ceiling")
        }
    }

    @Test func runningWorkerServiceDrainsTheQueueAndStopsOnCancel() async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            for index in 0..<20 { _ = try await store.enqueue(NewJob(kind: .probe, idempotencyKey: "p\(index)")) }
            let worker = JobWorker(
                queue: store, handlers: [ProbeJobHandler()],
                configuration: JobWorkerConfiguration(workerID: "svc", concurrency: 3, idlePollInterval: .milliseconds(20)),
                metrics: NOOPMetricsHandler.instance, logger: TestDatabases.logger)
            let running = Task { try await worker.run() }
            // The loop ends as soon as all 20 have run; the bound is for a CI machine busy with the
            // model server and the other suites (20 s was once not enough there).
            let deadline = ContinuousClock.now + .seconds(90)
            while try await store.queueStats().succeeded < 20, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            running.cancel()
            try await running.value
            #expect(try await store.queueStats() == QueueStats(succeeded: 20))
        }
    }

    @Test(arguments: TestDatabases.engines)
    func workersShareTheQueueWithinTheirSlotsAndCompleteEachJobOnce(engine: DatabaseEngine) async throws {
        try await TestDatabases.withStore(engine) { store in
            let handler = InFlightHandler()
            var ids: [Identifier<JobRecord>] = []
            for index in 0..<60 { ids.append(try await store.enqueue(NewJob(kind: handler.kind, idempotencyKey: "j\(index)")).job.id) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for name in ["a", "b"] {
                    let worker = JobWorker(
                        queue: store, handlers: [handler],
                        configuration: JobWorkerConfiguration(workerID: name, concurrency: 4),
                        metrics: NOOPMetricsHandler.instance, logger: TestDatabases.logger)
                    group.addTask { try await worker.runUntilIdle() }
                }
                try await group.waitForAll()
            }
            #expect(try await store.queueStats() == QueueStats(succeeded: 60))
            for id in ids {
                let job = try #require(try await store.job(id))
                #expect(job.attempts == 1, "claimed once and completed by its own lease")
            }
            #expect(handler.maxInFlight > 1, "jobs run in parallel")
            #expect(handler.maxInFlight <= 8, "never more than 2 workers x 4 slots")
        }
    }
}
