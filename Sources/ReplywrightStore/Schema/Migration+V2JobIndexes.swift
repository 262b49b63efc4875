extension Migration {
    /// Partial indexes for the job queue. Each of the queue's hot statements now has an index
    /// that holds only the rows in its state, so it stays small as finished jobs pile up, and
    /// PostgreSQL's planner cannot prefer another index on stale statistics (with the v1
    /// indexes it sometimes claimed by reading and sorting every queued row).
    static let v2JobIndexes = Migration(version: 2, name: "job queue partial indexes") { _ in
        [
            "DROP INDEX jobs_claim",
            "DROP INDEX jobs_lease",
            // claim: ready jobs of one queue, oldest first.
            "CREATE INDEX jobs_ready ON jobs (queue, available_at, id) WHERE state = 'queued'",
            // recoverExpiredLeases: running jobs by lease expiry.
            "CREATE INDEX jobs_running ON jobs (lease_expires_at) WHERE state = 'running'",
            // purgeSucceededJobs: finished jobs by age.
            "CREATE INDEX jobs_succeeded ON jobs (completed_at) WHERE state = 'succeeded'",
        ]
    }
}
