import Foundation
import ReplywrightCore
import SQLKit

extension SQLStore: JobQueue {
    static let jobColumns = """
        id, kind, queue, workspace_id, payload, idempotency_key, state, attempts, max_attempts, available_at,
        lease_token, leased_by, lease_expires_at, last_error, created_at, updated_at, completed_at, trace_parent
        """

    public func enqueue(_ job: NewJob) async throws -> (job: JobRecord, created: Bool) {
        let now = clock()
        let id = Self.newID()
        return try await read { db in
            // ON CONFLICT on the unique idempotency key makes duplicate enqueues a no-op even
            // when two nodes race; the loser then reads the winner's row.
            let inserted = try await db.raw(
                """
                INSERT INTO jobs (id, kind, queue, workspace_id, payload, idempotency_key, state, attempts, max_attempts,
                                  available_at, created_at, updated_at, trace_parent)
                VALUES (\(bind: id), \(bind: job.kind.rawValue), \(bind: job.queue), \(bind: job.workspaceID?.rawValue),
                        \(bind: job.payload), \(bind: job.idempotencyKey), \(bind: JobState.queued.rawValue), 0,
                        \(bind: job.maxAttempts), \(bind: job.availableAt ?? now), \(bind: now), \(bind: now), \(bind: job.traceParent))
                ON CONFLICT (idempotency_key) DO NOTHING
                RETURNING \(unsafeRaw: Self.jobColumns)
                """
            ).first()
            if let inserted { return (try Self.job(from: inserted), true) }
            guard let key = job.idempotencyKey,
                let existing = try await db.raw(
                    """
                    SELECT \(unsafeRaw: Self.jobColumns) FROM jobs WHERE idempotency_key = \(bind: key)
                    """
                ).first()
            else { throw AppError(.internalError, "enqueue returned no row") }
            return (try Self.job(from: existing), false)
        }
    }

    public func claim(queue: String, limit: Int, workerID: String, leaseDuration: Duration) async throws -> [ClaimedJob] {
        let now = clock()
        let token = Self.newID()
        let expires = now.addingTimeInterval(leaseDuration.timeInterval)
        let rows = try await read { db in
            // A range scan on the (queue, state, available_at, id) index; expired leases are
            // requeued by `recoverExpiredLeases()`, so the hot path stays one statement.
            try await db.raw(
                """
                UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_token = \(bind: token),
                    leased_by = \(bind: workerID), lease_expires_at = \(bind: expires), updated_at = \(bind: now)
                WHERE id IN (
                    SELECT id FROM jobs
                    WHERE queue = \(bind: queue) AND state = 'queued' AND available_at <= \(bind: now)
                    ORDER BY available_at, id
                    LIMIT \(bind: max(1, limit))
                    \(unsafeRaw: skipLockedClause)
                )
                RETURNING \(unsafeRaw: Self.jobColumns)
                """
            ).all()
        }
        return try rows.map { row in
            let job = try Self.job(from: row)
            return ClaimedJob(job: job, lease: JobLease(jobID: job.id, token: token))
        }.sorted { ($0.job.availableAt, $0.job.id) < ($1.job.availableAt, $1.job.id) }
    }

    public func heartbeat(_ lease: JobLease, leaseDuration: Duration) async throws -> Bool {
        let now = clock()
        let expires = now.addingTimeInterval(leaseDuration.timeInterval)
        return try await read { db in
            try await db.raw(
                """
                UPDATE jobs SET lease_expires_at = \(bind: expires), updated_at = \(bind: now)
                WHERE id = \(bind: lease.jobID.rawValue) AND lease_token = \(bind: lease.token) AND state = 'running'
                RETURNING id
                """
            ).first()
        } != nil
    }

    public func complete(_ leases: [JobLease]) async throws -> Set<Identifier<JobRecord>> {
        guard !leases.isEmpty else { return [] }
        let now = clock()
        // `id IN (…)` steers both engines to the primary key (the state index holds a dead
        // 'running' entry for every finished job until vacuum); each job must still match its
        // own lease token.
        let leaseMatch = SQLList(
            leases.map { lease in
                SQLGroupExpression(
                    SQLBinaryExpression(
                        SQLBinaryExpression(SQLColumn("id"), .equal, SQLBind(lease.jobID.rawValue)), .and,
                        SQLBinaryExpression(SQLColumn("lease_token"), .equal, SQLBind(lease.token))))
            },
            separator: SQLRaw(" OR "))
        let rows = try await read { db in
            try await db.raw(
                """
                UPDATE jobs SET state = 'succeeded', completed_at = \(bind: now), updated_at = \(bind: now),
                    lease_token = NULL, lease_expires_at = NULL, last_error = NULL
                WHERE id IN (\(binds: leases.map(\.jobID.rawValue))) AND state = 'running' AND (\(leaseMatch))
                RETURNING id
                """
            ).all()
        }
        return Set(try rows.map { Identifier(try $0.string("id")) })
    }

    public func fail(_ lease: JobLease, error: String, retryAt: Date?) async throws -> JobState? {
        let now = clock()
        let state: JobState = retryAt == nil ? .dead : .queued
        // Whole milliseconds, rounded down: the store's clock rounds to the nearest one, so a
        // retry due "now" is claimable at once instead of up to half a millisecond later.
        let availableAt = retryAt.map { Date(timeIntervalSince1970: ($0.timeIntervalSince1970 * 1000).rounded(.down) / 1000) } ?? now
        let row = try await read { db in
            try await db.raw(
                """
                UPDATE jobs SET state = \(bind: state.rawValue), available_at = \(bind: availableAt),
                    last_error = \(bind: String(error.prefix(2000))), updated_at = \(bind: now),
                    completed_at = \(bind: state == .dead ? now : nil), lease_token = NULL, lease_expires_at = NULL
                WHERE id = \(bind: lease.jobID.rawValue) AND lease_token = \(bind: lease.token) AND state = 'running'
                RETURNING id
                """
            ).first()
        }
        return row == nil ? nil : state
    }

    public func recoverExpiredLeases() async throws -> ExpiredLeaseRecovery {
        let now = clock()
        return try await read { db in
            let requeued = try await db.raw(
                """
                UPDATE jobs SET state = 'queued', lease_token = NULL, lease_expires_at = NULL, updated_at = \(bind: now),
                    last_error = 'lease expired (worker lost?)'
                WHERE state = 'running' AND lease_expires_at <= \(bind: now) AND attempts < max_attempts
                RETURNING id
                """
            ).all().count
            let deadLettered = try await db.raw(
                """
                UPDATE jobs SET state = 'dead', last_error = 'lease expired on the final attempt (worker lost?)',
                    completed_at = \(bind: now), updated_at = \(bind: now), lease_token = NULL, lease_expires_at = NULL
                WHERE state = 'running' AND lease_expires_at <= \(bind: now) AND attempts >= max_attempts
                RETURNING id
                """
            ).all().count
            return ExpiredLeaseRecovery(requeued: requeued, deadLettered: deadLettered)
        }
    }

    public func job(_ id: Identifier<JobRecord>) async throws -> JobRecord? {
        try await read { db in
            try await db.raw("SELECT \(unsafeRaw: Self.jobColumns) FROM jobs WHERE id = \(bind: id.rawValue)").first()
        }.map(Self.job(from:))
    }

    public func job(_ id: Identifier<JobRecord>, in workspaceID: Identifier<Workspace>) async throws -> JobRecord {
        guard let job = try await job(id), job.workspaceID == workspaceID else { throw AppError.notFound("job") }
        return job
    }

    public func queueStats() async throws -> QueueStats {
        let now = clock()
        let rows = try await read { db in
            try await db.raw(
                """
                SELECT state, COUNT(*) AS total,
                       SUM(CASE WHEN available_at <= \(bind: now) THEN 1 ELSE 0 END) AS due,
                       MIN(CASE WHEN available_at <= \(bind: now) THEN available_at END) AS oldest_due
                FROM jobs GROUP BY state
                """
            ).all()
        }
        var stats = QueueStats()
        for row in rows {
            let total = try row.int("total")
            switch JobState(rawValue: try row.string("state")) {
            case .queued:
                stats.queued = total
                stats.ready = try row.decode(column: "due", as: Int?.self) ?? 0
                stats.oldestReadyAt = try row.optionalDate("oldest_due")
            case .running: stats.running = total
            case .succeeded: stats.succeeded = total
            case .dead: stats.dead = total
            case nil: break
            }
        }
        return stats
    }

    public func purgeSucceededJobs(completedBefore cutoff: Date, limit: Int) async throws -> Int {
        try await read { db in
            try await db.raw(
                """
                DELETE FROM jobs WHERE id IN (
                    SELECT id FROM jobs WHERE state = 'succeeded' AND completed_at < \(bind: cutoff)
                    LIMIT \(bind: max(1, limit)))
                RETURNING id
                """
            ).all().count
        }
    }

    static func job(from row: any SQLRow) throws -> JobRecord {
        JobRecord(
            id: Identifier(try row.string("id")), kind: JobKind(try row.string("kind")), queue: try row.string("queue"),
            workspaceID: try row.optionalString("workspace_id").map { Identifier($0) },
            payload: try row.string("payload"), idempotencyKey: try row.optionalString("idempotency_key"),
            state: JobState(rawValue: try row.string("state")) ?? .queued, attempts: try row.int("attempts"),
            maxAttempts: try row.int("max_attempts"), availableAt: try row.date("available_at"),
            leasedBy: try row.optionalString("leased_by"), leaseExpiresAt: try row.optionalDate("lease_expires_at"),
            lastError: try row.optionalString("last_error"), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"), completedAt: try row.optionalDate("completed_at"),
            traceParent: try row.optionalString("trace_parent"))
    }
}
