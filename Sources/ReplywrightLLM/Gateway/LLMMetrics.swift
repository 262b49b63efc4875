import Metrics
import ReplywrightCore

/// Prometheus series for AI interactions (the per-row detail lives in `ai_interactions`).
public enum LLMMetrics {
    /// Counts every interaction, including rules-tier ones recorded by the Engine.
    public static func record(_ interaction: AIInteraction, factory: any MetricsFactory) {
        let model = interaction.model ?? "none"
        let feature = interaction.featureID
        Counter(
            label: "replywright_ai_interactions_total",
            dimensions: [
                ("feature", feature), ("model", model), ("source", interaction.source.rawValue),
                ("status", interaction.status.rawValue),
            ], factory: factory
        ).increment()
        guard interaction.source == .llm else { return }
        for (kind, count) in [
            ("input", interaction.inputTokens), ("cached_input", interaction.cachedInputTokens),
            ("output", interaction.outputTokens), ("reasoning", interaction.reasoningTokens),
        ] where count > 0 {
            Counter(
                label: "replywright_ai_tokens_total", dimensions: [("feature", feature), ("model", model), ("kind", kind)],
                factory: factory
            ).increment(by: count)
        }
        FloatingPointCounter(
            label: "replywright_ai_cost_usd_total", dimensions: [("feature", feature), ("model", model)],
            factory: factory
        ).increment(by: interaction.costUSD)
        Timer(label: "replywright_ai_latency_seconds", dimensions: [("feature", feature), ("model", model)], factory: factory)
            .recordMilliseconds(interaction.latencyMs)
        if interaction.attempts > 1 {
            Counter(label: "replywright_ai_retries_total", dimensions: [("feature", feature), ("model", model)], factory: factory)
                .increment(by: interaction.attempts - 1)
        }
    }
}
