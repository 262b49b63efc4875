import Foundation
import Logging
import ReplywrightCore
import ReplywrightStore
import ServiceLifecycle

/// Work that recurs every `interval`, aligned to the Unix epoch (so every node agrees on
/// the slots): e.g. hourly purges, weekly reports.
public struct RecurringTask: Sendable {
    public var name: String
    public var interval: Duration
    public var job: NewJob

    public init(name: String, interval: Duration, job: NewJob) {
        self.name = name
        self.interval = interval
        self.job = job
    }

    /// The slot `date` falls in; one job per slot.
    public func slot(at date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / max(interval.timeInterval, 1)).rounded(.down))
    }
}

/// Fires recurring tasks on exactly one node.
///
/// Nodes compete for a database lease; only the holder enqueues. Each firing carries the
/// idempotency key `schedule:<task>:<slot>`, so even a leader change in mid-slot cannot
/// enqueue a slot twice.
public final class Scheduler: Service {
    private let store: any JobQueue & LeaseStore
    private let tasks: [RecurringTask]
    private let nodeID: String
    private let tickInterval: Duration
    private let clock: @Sendable () -> Date
    private let logger: Logger
    static let leaseName = "scheduler"

    public init(
        store: any JobQueue & LeaseStore, tasks: [RecurringTask], nodeID: String,
        tickInterval: Duration = .seconds(5), clock: @escaping @Sendable () -> Date = Date.init, logger: Logger
    ) {
        self.store = store
        self.tasks = tasks
        self.nodeID = nodeID
        self.tickInterval = tickInterval
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                _ = try await tick()
            } catch {
                logger.error("scheduler tick failed", metadata: ["error": "\(JobWorker.safeDescription(of: error))"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.tickInterval) }
        }
        try? await store.releaseLease(Self.leaseName, holder: nodeID)
    }

    /// One scheduling pass: returns the jobs this node enqueued now (empty when another node
    /// leads or nothing was due).
    @discardableResult
    public func tick() async throws -> [JobRecord] {
        // The lease outlives several ticks so a short stall does not hand leadership over.
        guard try await store.acquireLease(Self.leaseName, holder: nodeID, ttl: tickInterval * 6) else { return [] }
        let now = clock()
        var enqueued: [JobRecord] = []
        for task in tasks {
            var job = task.job
            job.idempotencyKey = "schedule:\(task.name):\(task.slot(at: now))"
            let (record, created) = try await store.enqueue(job)
            if created {
                logger.info("scheduled job enqueued", metadata: ["task": "\(task.name)", "job_id": "\(record.id)"])
                enqueued.append(record)
            }
        }
        return enqueued
    }
}
