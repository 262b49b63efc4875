import Foundation
import Logging
import ReplywrightCore
import ReplywrightStore

/// `maintenance.purge_sessions`: deletes dashboard sessions past their end. (A lookup never
/// accepts an expired session; this keeps the table from growing with every login.)
public struct PurgeSessionsHandler: JobHandler {
    public let kind = JobKind.purgeExpiredSessions
    private let store: any SessionStore
    private let now: @Sendable () -> Date

    public init(store: any SessionStore, now: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.now = now
    }

    public func handle(_ job: JobRecord, logger: Logger) async throws {
        let deleted = try await store.purgeExpiredSessions(before: now())
        logger.info("purged expired sessions", metadata: ["deleted": "\(deleted)"])
    }

    /// Every hour, like the other purges.
    public static let recurringTask = RecurringTask(
        name: "purge-sessions", interval: .seconds(3600), job: NewJob(kind: .purgeExpiredSessions, maxAttempts: 3))
}
