import ReplywrightStore

/// The job handlers and recurring tasks every Replywright node runs.
public enum StandardJobs {
    public static func handlers(store: any DataStore) -> [any JobHandler] {
        [DraftReplyJobHandler(store: store), ProbeJobHandler(), PurgeJobsHandler(queue: store)]
    }

    public static let recurringTasks: [RecurringTask] = [PurgeJobsHandler.recurringTask]
}
