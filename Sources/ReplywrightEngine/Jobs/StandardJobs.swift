import Metrics
import ReplywrightDelivery
import ReplywrightLLM
import ReplywrightStore

/// The job handlers and recurring tasks every Replywright node runs.
public enum StandardJobs {
    /// `llm`: the configured provider (normally an `LLMGateway`), or `nil` for the rules tier.
    /// `transport`: where sent drafts are delivered, or `nil` to record sends only.
    public static func handlers(
        store: any DataStore, llm: (any LLMProvider)? = nil, drafting: DraftingConfiguration = DraftingConfiguration(),
        transport: (any OutboundTransport)? = nil, metrics: any MetricsFactory = NOOPMetricsHandler.instance
    ) -> [any JobHandler] {
        let telemetry = AITelemetry(recorder: store, metrics: metrics)
        let pipeline = DraftPipeline(store: store, llm: llm, telemetry: telemetry, configuration: drafting)
        let overseer = OverseerLoop(
            store: store, llm: llm, configuration: drafting, telemetry: telemetry, sender: DraftSender(store: store, transport: transport?.name))
        return handlers(store: store, pipeline: pipeline, overseer: overseer, transport: transport)
    }

    public static func handlers(
        store: any DataStore, pipeline: DraftPipeline, overseer: OverseerLoop?, transport: (any OutboundTransport)?
    ) -> [any JobHandler] {
        var handlers: [any JobHandler] = [
            DraftReplyJobHandler(pipeline: pipeline, overseer: overseer), ProbeJobHandler(), PurgeJobsHandler(queue: store),
            PurgeMemoryHandler(store: store), PurgeSessionsHandler(store: store),
        ]
        if let overseer { handlers.append(FollowUpJobHandler(drafter: ReplyDrafter(pipeline: pipeline, overseer: overseer))) }
        handlers.append(InsightsWeeklyHandler(schedule: InsightsSchedule(store: store, pipeline: pipeline)))
        if let transport { handlers.append(DeliverDraftJobHandler(store: store, transport: transport)) }
        return handlers
    }

    public static let recurringTasks: [RecurringTask] = [
        PurgeJobsHandler.recurringTask, PurgeMemoryHandler.recurringTask, PurgeSessionsHandler.recurringTask,
        InsightsWeeklyHandler.recurringTask,
    ]
}
