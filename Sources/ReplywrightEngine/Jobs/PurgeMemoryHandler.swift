import Foundation
import Logging
import ReplywrightCore
import ReplywrightStore

/// `maintenance.purge_memory`: deletes lead memory entries whose 90 days are over, in batches.
/// (Reads already ignore expired entries; this keeps them from lingering in the database.)
public struct PurgeMemoryHandler: JobHandler {
    public let kind = JobKind.purgeExpiredMemory
    private let store: any MemoryStore
    private let now: @Sendable () -> Date

    public init(store: any MemoryStore, now: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.now = now
    }

    public func handle(_ job: JobRecord, logger: Logger) async throws {
        let cutoff = now()
        let total = try await purgeInBatches { try await store.purgeExpiredMemory(before: cutoff, limit: $0) }
        logger.info("purged expired lead memory", metadata: ["deleted": "\(total)"])
    }

    /// Every hour, like the job purge.
    public static let recurringTask = RecurringTask(
        name: "purge-memory", interval: .seconds(3600), job: NewJob(kind: .purgeExpiredMemory, maxAttempts: 3))
}
