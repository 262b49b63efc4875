import Foundation
import Logging
import ReplywrightCore
import ReplywrightStore

/// `maintenance.purge_jobs`: deletes succeeded jobs older than the retention, in batches.
/// Dead jobs are kept: they wait for a person.
public struct PurgeJobsHandler: JobHandler {
    public let kind = JobKind.purgeFinishedJobs
    private let queue: any JobQueue
    private let retention: Duration

    public init(queue: any JobQueue, retention: Duration = .seconds(7 * 24 * 3600)) {
        self.queue = queue
        self.retention = retention
    }

    public func handle(_ job: JobRecord, logger: Logger) async throws {
        let cutoff = Date().addingTimeInterval(-retention.timeInterval)
        let total = try await purgeInBatches { try await queue.purgeSucceededJobs(completedBefore: cutoff, limit: $0) }
        logger.info("purged finished jobs", metadata: ["deleted": "\(total)"])
    }

    /// The hourly schedule entry for this handler.
    public static let recurringTask = RecurringTask(
        name: "purge-jobs", interval: .seconds(3600), job: NewJob(kind: .purgeFinishedJobs, maxAttempts: 3))
}

/// Runs `deleteBatch(size)` until a batch comes back short (small transactions, so a large
/// purge never holds locks for long); returns how many were deleted in all.
func purgeInBatches(of size: Int = 1000, _ deleteBatch: (Int) async throws -> Int) async throws -> Int {
    var total = 0
    while true {
        let deleted = try await deleteBatch(size)
        total += deleted
        if deleted < size { return total }
    }
}
