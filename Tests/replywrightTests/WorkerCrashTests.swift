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
            let url = location.rawURL
            let quickJobs = 60
            let slowID = try await DatabaseConnector.withStore(location, logger: TestDatabases.logger) { store in
                // Long enough that a loaded machine (the whole suite on two cores) cannot finish it in
                // the doomed worker between "it holds the job" and the kill (3 s did, once in a while).
                let payload = String(decoding: try JSONEncoder().encode(ProbeJobHandler.Payload(sleepMs: 10_000)), as: UTF8.self)
                let (slow, _) = try await store.enqueue(NewJob(kind: .probe, payload: payload, maxAttempts: 3))
                return slow.id
            }

            let workerArguments = { (id: String) in
                ["worker", "--database", url, "--worker-id", id, "--lease-seconds", "2", "--concurrency", "2"]
            }
            let doomed = try CLIProcess.start(workerArguments("doomed"))
            // Wait until the doomed worker holds the slow job, then kill it without warning.
            try await waitUntil("the doomed worker claims the slow job") {
                try await job(slowID, at: location)?.leasedBy == "doomed"
            }
            doomed.kill()
            _ = doomed.finish()

            // Jobs enqueued after the crash, for the survivors to share.
            try await DatabaseConnector.withStore(location, logger: TestDatabases.logger) { store in
                for index in 0..<quickJobs { _ = try await store.enqueue(NewJob(kind: .probe, idempotencyKey: "quick-\(index)")) }
            }
            let survivors = [try CLIProcess.start(workerArguments("survivor-1")), try CLIProcess.start(workerArguments("survivor-2"))]
            try await waitUntil("every job succeeds", timeout: .seconds(90)) {
                let current = try await stats(at: location)
                return try await job(slowID, at: location)?.state == .succeeded && current.queued == 0 && current.running == 0
            }
            for survivor in survivors { survivor.interrupt() }
            for survivor in survivors {
                let output = survivor.finish()
                #expect(output.status == 0, "graceful shutdown on SIGINT: \(output.stderr.suffix(500))")
            }

            let slow = try #require(try await job(slowID, at: location))
            #expect(slow.state == .succeeded)
            #expect(slow.attempts == 2, "one attempt died with the worker, the second completed it")
            #expect(slow.leasedBy?.hasPrefix("survivor-") == true)
            let final = try await stats(at: location)
            // The scheduler's own maintenance jobs also ran, so count at least our jobs.
            #expect(
                final.queued == 0 && final.running == 0 && final.dead == 0 && final.succeeded >= quickJobs + 1,
                "nothing left running, queued or dead: \(final)")
            let attempts = try await DatabaseConnector.withStore(location, logger: TestDatabases.logger, migrate: false) { store in
                var counts: [Int] = []
                for index in 0..<quickJobs {
                    counts.append(try await store.enqueue(NewJob(kind: .probe, idempotencyKey: "quick-\(index)")).job.attempts)
                }
                return counts
            }
            #expect(attempts.allSatisfy { $0 == 1 }, "no quick job was claimed twice")
        }
    }

    func job(_ id: Identifier<JobRecord>, at location: DatabaseLocation) async throws -> JobRecord? {
        try await DatabaseConnector.withStore(location, logger: TestDatabases.logger, migrate: false) { try await $0.job(id) }
    }

    func stats(at location: DatabaseLocation) async throws -> QueueStats {
        try await DatabaseConnector.withStore(location, logger: TestDatabases.logger, migrate: false) { try await $0.queueStats() }
    }
}
