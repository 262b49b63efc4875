import Foundation
import Logging
import ReplywrightCore
import ReplywrightStore

/// `insights.weekly`: the scheduler's side of the weekly reports. It fires hourly on one node;
/// a workspace's report for the current Monday-06:00 slot is written once, so the first firing
/// after the slot writes them and the rest find nothing due.
public struct InsightsWeeklyHandler: JobHandler {
    public let kind = JobKind.insightsWeekly
    let schedule: InsightsSchedule
    let limit: Int

    public init(schedule: InsightsSchedule, limit: Int = InsightsSchedule.defaultLimit) {
        self.schedule = schedule
        self.limit = limit
    }

    public func handle(_ job: JobRecord, logger: Logger) async throws {
        let outcome = try await schedule.runReports(limit: limit)
        if !outcome.done.isEmpty || outcome.remaining > 0 {
            logger.info("weekly insights", metadata: ["done": "\(outcome.done.count)", "remaining": "\(outcome.remaining)"])
        }
    }

    public static let recurringTask = RecurringTask(
        name: "insights-weekly", interval: .seconds(3600), job: NewJob(kind: .insightsWeekly, maxAttempts: 3))
}
