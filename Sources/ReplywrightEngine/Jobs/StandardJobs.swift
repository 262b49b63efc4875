import Metrics
import ReplywrightLLM
import ReplywrightStore

/// The job handlers and recurring tasks every Replywright node runs.
public enum StandardJobs {
    /// `llm`: the configured provider (normally an `LLMGateway`), or `nil` for the rules tier.
    public static func handlers(
        store: any DataStore, llm: (any LLMProvider)? = nil, drafting: DraftingConfiguration = DraftingConfiguration(),
        metrics: any MetricsFactory = NOOPMetricsHandler.instance
    ) -> [any JobHandler] {
        handlers(store: store, pipeline: DraftPipeline(
            store: store, llm: llm, telemetry: AITelemetry(recorder: store, metrics: metrics), configuration: drafting))
    }

    public static func handlers(store: any DataStore, pipeline: DraftPipeline) -> [any JobHandler] {
        [DraftReplyJobHandler(pipeline: pipeline), ProbeJobHandler(), PurgeJobsHandler(queue: store)]
    }

    public static let recurringTasks: [RecurringTask] = [PurgeJobsHandler.recurringTask]
}
