import Foundation

/// Where a job is in its life. `queued` jobs wait for `availableAt`; `running` jobs hold a
/// lease until `leaseExpiresAt`; `dead` jobs exhausted their attempts and wait for a person.
public enum JobState: String, Sendable, Codable, CaseIterable {
    case queued
    case running
    case succeeded
    case dead
}

/// A job to enqueue.
public struct NewJob: Sendable, Equatable {
    public var kind: JobKind
    public var queue: String
    public var workspaceID: Identifier<Workspace>?
    /// JSON payload; kept small (ids, not message text).
    public var payload: String
    /// A second enqueue with the same key returns the first job instead of creating one.
    public var idempotencyKey: String?
    public var maxAttempts: Int
    /// Earliest time a worker may claim it (defaults to "now" at enqueue).
    public var availableAt: Date?
    /// The W3C `traceparent` of the work that asked for it (a webhook's request), so the job's
    /// trace continues that one; `nil` when tracing is off.
    public var traceParent: String?

    public init(
        kind: JobKind, queue: String = "default", workspaceID: Identifier<Workspace>? = nil,
        payload: String = "{}", idempotencyKey: String? = nil, maxAttempts: Int = 5, availableAt: Date? = nil,
        traceParent: String? = nil
    ) {
        self.kind = kind
        self.queue = queue
        self.workspaceID = workspaceID
        self.payload = payload
        self.idempotencyKey = idempotencyKey
        self.maxAttempts = max(1, maxAttempts)
        self.availableAt = availableAt
        self.traceParent = traceParent
    }
}

/// A job as stored.
public struct JobRecord: Sendable, Codable, Equatable, Identifiable {
    public var id: Identifier<JobRecord>
    public var kind: JobKind
    public var queue: String
    public var workspaceID: Identifier<Workspace>?
    public var payload: String
    public var idempotencyKey: String?
    public var state: JobState
    public var attempts: Int
    public var maxAttempts: Int
    public var availableAt: Date
    public var leasedBy: String?
    public var leaseExpiresAt: Date?
    public var lastError: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var completedAt: Date?
    /// See `NewJob.traceParent`.
    public var traceParent: String?

    public init(
        id: Identifier<JobRecord>, kind: JobKind, queue: String, workspaceID: Identifier<Workspace>?,
        payload: String, idempotencyKey: String?, state: JobState, attempts: Int, maxAttempts: Int,
        availableAt: Date, leasedBy: String?, leaseExpiresAt: Date?, lastError: String?,
        createdAt: Date, updatedAt: Date, completedAt: Date?, traceParent: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.queue = queue
        self.workspaceID = workspaceID
        self.payload = payload
        self.idempotencyKey = idempotencyKey
        self.state = state
        self.attempts = attempts
        self.maxAttempts = maxAttempts
        self.availableAt = availableAt
        self.leasedBy = leasedBy
        self.leaseExpiresAt = leaseExpiresAt
        self.lastError = lastError
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.completedAt = completedAt
        self.traceParent = traceParent
    }
}

/// Proof that a worker holds a job: every completion, failure and heartbeat must present the
/// token, so a worker whose lease expired (and whose job went to another worker) cannot
/// record a second outcome.
public struct JobLease: Sendable, Equatable {
    public var jobID: Identifier<JobRecord>
    public var token: String

    public init(jobID: Identifier<JobRecord>, token: String) {
        self.jobID = jobID
        self.token = token
    }
}

/// A job a worker has claimed, with its lease.
public struct ClaimedJob: Sendable, Equatable {
    public var job: JobRecord
    public var lease: JobLease

    public init(job: JobRecord, lease: JobLease) {
        self.job = job
        self.lease = lease
    }
}

/// Counts of jobs by state, for `/metrics` and `/health/ready`.
public struct QueueStats: Sendable, Equatable, Codable {
    public var queued: Int
    public var running: Int
    public var succeeded: Int
    public var dead: Int
    /// Queued jobs whose `availableAt` has passed: work waiting for a worker.
    public var ready: Int
    /// Since when the longest-waiting ready job has been due (`nil`: none waits). Its age is
    /// what an alert on a stuck queue watches.
    public var oldestReadyAt: Date?

    public init(queued: Int = 0, running: Int = 0, succeeded: Int = 0, dead: Int = 0, ready: Int = 0, oldestReadyAt: Date? = nil) {
        self.queued = queued
        self.running = running
        self.succeeded = succeeded
        self.dead = dead
        self.ready = ready
        self.oldestReadyAt = oldestReadyAt
    }
}

/// What one expired-lease sweep did.
public struct ExpiredLeaseRecovery: Sendable, Equatable {
    /// Jobs put back in the queue for another attempt.
    public var requeued: Int
    /// Jobs whose final attempt died with its worker.
    public var deadLettered: Int

    public init(requeued: Int = 0, deadLettered: Int = 0) {
        self.requeued = requeued
        self.deadLettered = deadLettered
    }
}
