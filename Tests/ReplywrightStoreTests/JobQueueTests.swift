import Foundation
import ReplywrightCore
import ReplywrightStore
import ReplywrightTesting
import Testing

@Suite("Durable job queue")
struct JobQueueTests {
    @Test(arguments: TestDatabases.engines)
    func idempotentEnqueueReturnsTheFirstJob(engine: DatabaseEngine) async throws {
        try await TestDatabases.withStore(engine) { store in
            let (first, created) = try await store.enqueue(NewJob(kind: .probe, payload: #"{"n":1}"#, idempotencyKey: "k-1"))
            let (second, createdAgain) = try await store.enqueue(NewJob(kind: .probe, payload: #"{"n":2}"#, idempotencyKey: "k-1"))
            #expect(created && !createdAgain)
            #expect(second == first && second.payload == #"{"n":1}"#)
            let (other, _) = try await store.enqueue(NewJob(kind: .probe, idempotencyKey: "k-2"))
            #expect(other.id != first.id)
            #expect(try await store.queueStats().queued == 2)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func concurrentDuplicateEnqueuesCreateOneJob(engine: DatabaseEngine) async throws {
        try await TestDatabases.withStore(engine) { store in
            let ids = try await withThrowingTaskGroup(of: Identifier<JobRecord>.self) { group in
                for _ in 0..<16 { group.addTask { try await store.enqueue(NewJob(kind: .probe, idempotencyKey: "same")).job.id } }
                return try await group.reduce(into: Set()) { $0.insert($1) }
            }
            #expect(ids.count == 1)
            #expect(try await store.queueStats().queued == 1)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func claimCompleteAndStaleLeases(engine: DatabaseEngine) async throws {
        let clock = TestClock()
        try await TestDatabases.withStore(engine, clock: clock) { store in
            let (job, _) = try await store.enqueue(NewJob(kind: .probe, maxAttempts: 3))
            let claimed = try await store.claim(queue: "default", limit: 10, workerID: "w1", leaseDuration: .seconds(30))
            #expect(claimed.map(\.job.id) == [job.id])
            #expect(claimed[0].job.state == .running && claimed[0].job.attempts == 1 && claimed[0].job.leasedBy == "w1")
            #expect(
                try await store.claim(queue: "default", limit: 10, workerID: "w2", leaseDuration: .seconds(30)).isEmpty,
                "a leased job is invisible until its lease expires")
            #expect(try await store.heartbeat(claimed[0].lease, leaseDuration: .seconds(30)))
            #expect(try await store.recoverExpiredLeases() == ExpiredLeaseRecovery(), "a live lease is left alone")

            // The lease expires: the sweep requeues it, another worker takes over, and the
            // first worker's lease is dead.
            clock.advance(by: .seconds(31))
            #expect(try await store.recoverExpiredLeases() == ExpiredLeaseRecovery(requeued: 1))
            let retaken = try await store.claim(queue: "default", limit: 10, workerID: "w2", leaseDuration: .seconds(30))
            #expect(retaken.map(\.job.id) == [job.id] && retaken[0].job.attempts == 2 && retaken[0].job.leasedBy == "w2")
            #expect(try await !store.complete(claimed[0].lease), "the old lease cannot complete the job")
            #expect(try await !store.heartbeat(claimed[0].lease, leaseDuration: .seconds(30)))
            #expect(try await store.fail(claimed[0].lease, error: "late", retryAt: nil) == nil)

            #expect(try await store.complete(retaken[0].lease))
            #expect(try await !store.complete(retaken[0].lease), "completion happens once")
            let done = try #require(try await store.job(job.id))
            #expect(done.state == .succeeded && done.completedAt == clock.now && done.attempts == 2)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func failedJobsWaitForTheirRetryTimeThenDeadLetter(engine: DatabaseEngine) async throws {
        let clock = TestClock()
        try await TestDatabases.withStore(engine, clock: clock) { store in
            let (job, _) = try await store.enqueue(NewJob(kind: .probe, maxAttempts: 2))
            let first = try await store.claim(queue: "default", limit: 1, workerID: "w", leaseDuration: .seconds(30))
            let retryAt = clock.now.addingTimeInterval(10)
            #expect(try await store.fail(first[0].lease, error: "smtp 451", retryAt: retryAt) == .queued)
            #expect(
                try await store.claim(queue: "default", limit: 1, workerID: "w", leaseDuration: .seconds(30)).isEmpty,
                "not before the backoff has passed")
            #expect(try await store.queueStats() == QueueStats(queued: 1, ready: 0))
            clock.advance(by: .seconds(10))
            let second = try await store.claim(queue: "default", limit: 1, workerID: "w", leaseDuration: .seconds(30))
            #expect(second.first?.job.attempts == 2 && second.first?.job.lastError == "smtp 451")
            #expect(try await store.fail(second[0].lease, error: "smtp 550", retryAt: nil) == .dead)
            let dead = try #require(try await store.job(job.id))
            #expect(dead.state == .dead && dead.lastError == "smtp 550")
            clock.advance(by: .seconds(3600))
            #expect(try await store.claim(queue: "default", limit: 1, workerID: "w", leaseDuration: .seconds(30)).isEmpty)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func expiredLeaseOnFinalAttemptGoesToDeadLetters(engine: DatabaseEngine) async throws {
        let clock = TestClock()
        try await TestDatabases.withStore(engine, clock: clock) { store in
            let (job, _) = try await store.enqueue(NewJob(kind: .probe, maxAttempts: 1))
            _ = try await store.claim(queue: "default", limit: 1, workerID: "crashed", leaseDuration: .seconds(5))
            clock.advance(by: .seconds(6))
            #expect(try await store.recoverExpiredLeases() == ExpiredLeaseRecovery(deadLettered: 1))
            #expect(
                try await store.claim(queue: "default", limit: 1, workerID: "w", leaseDuration: .seconds(5)).isEmpty,
                "no attempts left: nobody may re-lease it")
            #expect(try await store.job(job.id)?.state == .dead)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func queuesAndAvailabilityAreRespected(engine: DatabaseEngine) async throws {
        let clock = TestClock()
        try await TestDatabases.withStore(engine, clock: clock) { store in
            _ = try await store.enqueue(NewJob(kind: .probe, queue: "email"))
            _ = try await store.enqueue(NewJob(kind: .probe, availableAt: clock.now.addingTimeInterval(60)))
            #expect(try await store.claim(queue: "default", limit: 5, workerID: "w", leaseDuration: .seconds(5)).isEmpty)
            #expect(try await store.claim(queue: "email", limit: 5, workerID: "w", leaseDuration: .seconds(5)).count == 1)
            clock.advance(by: .seconds(60))
            #expect(try await store.claim(queue: "default", limit: 5, workerID: "w", leaseDuration: .seconds(5)).count == 1)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func concurrentClaimersNeverShareAJob(engine: DatabaseEngine) async throws {
        try await TestDatabases.withStore(engine) { store in
            let total = 300
            for index in 0..<total { _ = try await store.enqueue(NewJob(kind: .probe, idempotencyKey: "job-\(index)")) }
            let claims = try await withThrowingTaskGroup(of: [Identifier<JobRecord>].self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        var mine: [Identifier<JobRecord>] = []
                        while true {
                            let batch = try await store.claim(queue: "default", limit: 7, workerID: "w\(worker)", leaseDuration: .seconds(60))
                            if batch.isEmpty { return mine }
                            for claimed in batch {
                                mine.append(claimed.job.id)
                                #expect(try await store.complete(claimed.lease))
                            }
                        }
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(claims.count == total, "every job claimed exactly once")
            #expect(Set(claims).count == total)
            #expect(try await store.queueStats().succeeded == total)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func batchCompletionChecksEveryLeaseOnItsOwn(engine: DatabaseEngine) async throws {
        let clock = TestClock()
        try await TestDatabases.withStore(engine, clock: clock) { store in
            for index in 0..<3 { _ = try await store.enqueue(NewJob(kind: .probe, idempotencyKey: "\(index)")) }
            let first = try await store.claim(queue: "default", limit: 3, workerID: "w1", leaseDuration: .seconds(30))
            // The third job's lease expires and another worker takes it over.
            #expect(try await store.heartbeat(first[0].lease, leaseDuration: .seconds(60)))
            #expect(try await store.heartbeat(first[1].lease, leaseDuration: .seconds(60)))
            clock.advance(by: .seconds(31))
            #expect(try await store.recoverExpiredLeases() == ExpiredLeaseRecovery(requeued: 1))
            let retaken = try await store.claim(queue: "default", limit: 3, workerID: "w2", leaseDuration: .seconds(30))
            #expect(retaken.map(\.job.id) == [first[2].job.id])

            // Same token for all three (one claim), but the stale one must not complete the
            // job now leased to w2, even with the matching id in the same statement.
            let completed = try await store.complete(first.map(\.lease) + [JobLease(jobID: retaken[0].job.id, token: "bogus")])
            #expect(completed == [first[0].job.id, first[1].job.id])
            #expect(try await store.job(retaken[0].job.id)?.state == .running)
            #expect(try await store.complete([]) == [])
        }
    }

    @Test(arguments: TestDatabases.engines)
    func purgeRemovesOnlyOldSucceededJobs(engine: DatabaseEngine) async throws {
        let clock = TestClock()
        try await TestDatabases.withStore(engine, clock: clock) { store in
            for index in 0..<3 { _ = try await store.enqueue(NewJob(kind: .probe, idempotencyKey: "\(index)")) }
            let claimed = try await store.claim(queue: "default", limit: 3, workerID: "w", leaseDuration: .seconds(30))
            #expect(try await store.complete(claimed[0].lease))
            #expect(try await store.fail(claimed[1].lease, error: "x", retryAt: nil) == .dead)
            clock.advance(by: .seconds(100))
            #expect(try await store.purgeSucceededJobs(completedBefore: clock.now, limit: 100) == 1)
            #expect(try await store.queueStats() == QueueStats(running: 1, dead: 1))
        }
    }

    @Test(arguments: TestDatabases.engines)
    func leasesHaveOneHolderAtATime(engine: DatabaseEngine) async throws {
        let clock = TestClock()
        try await TestDatabases.withStore(engine, clock: clock) { store in
            #expect(try await store.acquireLease("scheduler", holder: "node-a", ttl: .seconds(30)))
            #expect(try await !store.acquireLease("scheduler", holder: "node-b", ttl: .seconds(30)))
            #expect(try await store.acquireLease("scheduler", holder: "node-a", ttl: .seconds(30)), "the holder renews")
            clock.advance(by: .seconds(31))
            #expect(try await store.acquireLease("scheduler", holder: "node-b", ttl: .seconds(30)), "an expired lease is taken over")
            #expect(try await !store.acquireLease("scheduler", holder: "node-a", ttl: .seconds(30)))
            try await store.releaseLease("scheduler", holder: "node-a")  // not the holder: no effect
            #expect(try await !store.acquireLease("scheduler", holder: "node-a", ttl: .seconds(30)))
            try await store.releaseLease("scheduler", holder: "node-b")
            #expect(try await store.acquireLease("scheduler", holder: "node-a", ttl: .seconds(30)))
        }
    }
}
