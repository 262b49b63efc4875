import ReplywrightCore

/// How a worker claims and runs jobs.
public struct JobWorkerConfiguration: Sendable {
    /// Identifies this worker in `jobs.leased_by` (host and process by default).
    public var workerID: String
    public var queue: String
    /// Jobs run at once by this worker; free slots are claimed in one statement.
    public var concurrency: Int
    /// How long a claim lasts without a heartbeat; a killed worker's job is re-leased after it.
    public var leaseDuration: Duration
    /// Wait between polls when the queue is empty.
    public var idlePollInterval: Duration
    public var retryPolicy: RetryPolicy

    public init(
        workerID: String, queue: String = "default", concurrency: Int = 8, leaseDuration: Duration = .seconds(60),
        idlePollInterval: Duration = .milliseconds(500), retryPolicy: RetryPolicy = RetryPolicy()
    ) {
        self.workerID = workerID
        self.queue = queue
        self.concurrency = max(1, concurrency)
        self.leaseDuration = leaseDuration
        self.idlePollInterval = idlePollInterval
        self.retryPolicy = retryPolicy
    }

    /// Heartbeats come three times per lease, so one late beat does not lose the job.
    var heartbeatInterval: Duration { leaseDuration / 3 }
    /// A busy worker still sweeps expired leases this often (an idle one on every poll), so a
    /// dead worker's job waits at most one and a half leases.
    var recoveryInterval: Duration { leaseDuration / 2 }
}
