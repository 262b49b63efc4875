import Foundation
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore
import ReplywrightTesting
import Testing

/// Worker processes on one PostgreSQL: a worker killed with SIGKILL mid-job loses its job to
/// the others after the visibility timeout, and every job completes exactly once.
@Suite("Workers across processes", .serialized, .enabled(if: TestDatabases.postgresAdminLocation != nil))
struct WorkerCrashTests {
    @Test func killedWorkersJobIsReleasedAndCompletedOnce() async throws {
        try await TestDatabases.withLocation(.postgres) { location in
            // One store (one pool) for the whole test: a store opened per poll connected afresh
            // each time, and once in a while a connection on the CI VM busy with every other
            // suite took longer than the pool's 5 s lease.
            try await DatabaseConnector.withStore(location, logger: TestDatabases.logger) { store in
                try await crashAndRecover(url: location.rawURL, store: store)
            }
        }
    }

    func crashAndRecover(url: String, store: SQLStore) async throws {
        let quickJobs = 60
        // Long enough that a loaded machine (the whole suite on two cores) cannot finish it in
        // the doomed worker between "it holds the job" and the kill (3 s did, once in a while).
        let payload = String(decoding: try JSONEncoder().encode(ProbeJobHandler.Payload(sleepMs: 10_000)), as: UTF8.self)
        let slowID = try await store.enqueue(NewJob(kind: .probe, payload: payload, maxAttempts: 3)).job.id

        let workerArguments = { (id: String) in
            ["worker", "--database", url, "--worker-id", id, "--lease-seconds", "2", "--concurrency", "2"]
        }
        let doomed = try CLIProcess.start(workerArguments("doomed"))
        // Wait until the doomed worker holds the slow job, then kill it without warning.
        try await waitUntil("the doomed worker claims the slow job") {
            try await store.job(slowID)?.leasedBy == "doomed"
        }
        doomed.kill()
        _ = doomed.finish()

        // Jobs enqueued after the crash, for the survivors to share.
        for index in 0..<quickJobs { _ = try await store.enqueue(NewJob(kind: .probe, idempotencyKey: "quick-\(index)")) }
        let survivors = [try CLIProcess.start(workerArguments("survivor-1")), try CLIProcess.start(workerArguments("survivor-2"))]
        try await waitUntil("every job succeeds", timeout: .seconds(90)) {
            let current = try await store.queueStats()
            return try await store.job(slowID)?.state == .succeeded && current.queued == 0 && current.running == 0
        }
        for survivor in survivors { survivor.interrupt() }
        for survivor in survivors {
            let output = survivor.finish()
            #expect(output.status == 0, "graceful shutdown on SIGINT: \(output.stderr.suffix(500))")
        }

        let slow = try #require(try await store.job(slowID))
        #expect(slow.state == .succeeded)
        #expect(slow.attempts == 2, "one attempt died with the worker, the second completed it")
        #expect(slow.leasedBy?.hasPrefix("survivor-") == true)
        let final = try await store.queueStats()
        // The scheduler's own maintenance jobs also ran, so count at least our jobs.
        #expect(
            final.queued == 0 && final.running == 0 && final.dead == 0 && final.succeeded >= quickJobs + 1,
            "nothing left running, queued or dead: \(final)")
        var attempts: [Int] = []
        for index in 0..<quickJobs {
            attempts.append(try await store.enqueue(NewJob(kind: .probe, idempotencyKey: "quick-\(index)")).job.attempts)
        }
        #expect(attempts.allSatisfy { $0 == 1 }, "no quick job was claimed twice")
    }
}
