import Foundation
import ReplywrightCore

/// The durable job queue.
public protocol JobQueue: Sendable {
    /// Enqueues a job; with an idempotency key already used, returns that job instead.
    func enqueue(_ job: NewJob) async throws -> (job: JobRecord, created: Bool)

    /// Leases up to `limit` ready jobs (queued and due) to `workerID` for `leaseDuration`, oldest
    /// first. Concurrent claimers never get the same job. Jobs whose lease expired come back
    /// through `recoverExpiredLeases()`.
    func claim(queue: String, limit: Int, workerID: String, leaseDuration: Duration) async throws -> [ClaimedJob]

    /// Extends a lease; `false` means the lease was lost and the work must stop.
    func heartbeat(_ lease: JobLease, leaseDuration: Duration) async throws -> Bool

    /// Records success for several jobs in one statement; returns the ids completed. A job
    /// missing from the result had lost its lease (another worker owns it).
    func complete(_ leases: [JobLease]) async throws -> Set<Identifier<JobRecord>>

    /// Records a failure: back to `queued` at `retryAt`, or `dead` when `retryAt` is nil.
    /// Returns the new state, or `nil` when the lease was lost.
    func fail(_ lease: JobLease, error: String, retryAt: Date?) async throws -> JobState?

    /// Running jobs whose lease expired (their worker died or hung): back to `queued` when
    /// attempts are left, else to the dead letters. Workers call it when idle and periodically.
    func recoverExpiredLeases() async throws -> ExpiredLeaseRecovery

    func job(_ id: Identifier<JobRecord>) async throws -> JobRecord?

    /// Tenant-scoped lookup: `not_found` unless the job belongs to the workspace.
    func job(_ id: Identifier<JobRecord>, in workspaceID: Identifier<Workspace>) async throws -> JobRecord

    func queueStats() async throws -> QueueStats

    /// Deletes succeeded jobs completed before `cutoff`, at most `limit`; returns how many.
    func purgeSucceededJobs(completedBefore cutoff: Date, limit: Int) async throws -> Int
}

extension JobQueue {
    /// Records success; `false` means the lease was lost (another worker owns the job).
    public func complete(_ lease: JobLease) async throws -> Bool {
        try await complete([lease]).contains(lease.jobID)
    }
}
