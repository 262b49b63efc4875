import Foundation

/// What a model accepts, and what it costs.
public struct ModelCapabilities: Sendable, Hashable {
    /// Reasoning models reject `temperature`.
    public var acceptsTemperature: Bool
    /// Efforts the model takes; empty when it has no reasoning setting.
    public var reasoningEfforts: [ReasoningEffort]
    public var defaultEffort: ReasoningEffort?
    public var structuredOutputs: Bool
    public var maxOutputTokens: Int
    /// US dollars per million tokens; nil when unknown (self-hosted models cost 0).
    public var price: ModelPrice

    public init(
        acceptsTemperature: Bool, reasoningEfforts: [ReasoningEffort], defaultEffort: ReasoningEffort?,
        structuredOutputs: Bool, maxOutputTokens: Int, price: ModelPrice
    ) {
        self.acceptsTemperature = acceptsTemperature
        self.reasoningEfforts = reasoningEfforts
        self.defaultEffort = defaultEffort
        self.structuredOutputs = structuredOutputs
        self.maxOutputTokens = maxOutputTokens
        self.price = price
    }
}

/// US dollars per million tokens. Cached input is billed at its own rate; reasoning tokens
/// are output tokens.
public struct ModelPrice: Sendable, Hashable {
    public var input: Double
    public var cachedInput: Double
    public var output: Double

    public init(input: Double, cachedInput: Double, output: Double) {
        self.input = input
        self.cachedInput = cachedInput
        self.output = output
    }

    public static let free = ModelPrice(input: 0, cachedInput: 0, output: 0)

    /// The cost of one call.
    public func cost(of usage: LLMUsage) -> Double {
        let uncached = max(0, usage.inputTokens - usage.cachedInputTokens)
        return (Double(uncached) * input + Double(usage.cachedInputTokens) * cachedInput + Double(usage.outputTokens) * output)
            / 1_000_000
    }
}

/// The capability and price table. Entries match a model id exactly or by prefix
/// (`gpt-5.2-2026-01-15` uses `gpt-5.2`); the longest prefix wins. Unknown models are treated
/// as plain chat models (temperature yes, no effort, structured outputs yes, free), which is
/// what OpenAI-compatible servers such as llama.cpp, Ollama and vLLM serve.
public struct ModelCatalog: Sendable {
    public var entries: [String: ModelCapabilities]

    public init(entries: [String: ModelCapabilities]) {
        self.entries = entries
    }

    public func capabilities(for model: String) -> ModelCapabilities {
        let id = model.lowercased()
        if let exact = entries[id] { return exact }
        let prefix = entries.keys.filter { id.hasPrefix($0 + "-") }.max { $0.count < $1.count }
        return prefix.flatMap { entries[$0] } ?? Self.unknownModel
    }

    public static let unknownModel = ModelCapabilities(
        acceptsTemperature: true, reasoningEfforts: [], defaultEffort: nil, structuredOutputs: true,
        maxOutputTokens: 4096, price: .free)

    private static let reasoning: [ReasoningEffort] = [.low, .medium, .high]

    /// Prices as published by OpenAI when this table was written; override per install.
    public static let standard = ModelCatalog(entries: [
        "gpt-5.2": ModelCapabilities(
            acceptsTemperature: false, reasoningEfforts: reasoning + [.extraHigh], defaultEffort: .medium,
            structuredOutputs: true, maxOutputTokens: 128_000, price: ModelPrice(input: 1.75, cachedInput: 0.175, output: 14)),
        "gpt-5.1": ModelCapabilities(
            acceptsTemperature: false, reasoningEfforts: reasoning, defaultEffort: .medium,
            structuredOutputs: true, maxOutputTokens: 128_000, price: ModelPrice(input: 1.25, cachedInput: 0.125, output: 10)),
        "gpt-5": ModelCapabilities(
            acceptsTemperature: false, reasoningEfforts: reasoning, defaultEffort: .medium,
            structuredOutputs: true, maxOutputTokens: 128_000, price: ModelPrice(input: 1.25, cachedInput: 0.125, output: 10)),
        "gpt-5-mini": ModelCapabilities(
            acceptsTemperature: false, reasoningEfforts: reasoning, defaultEffort: .medium,
            structuredOutputs: true, maxOutputTokens: 128_000, price: ModelPrice(input: 0.25, cachedInput: 0.025, output: 2)),
        "gpt-5-nano": ModelCapabilities(
            acceptsTemperature: false, reasoningEfforts: reasoning, defaultEffort: .low,
            structuredOutputs: true, maxOutputTokens: 128_000, price: ModelPrice(input: 0.05, cachedInput: 0.005, output: 0.4)),
        "gpt-4.1": ModelCapabilities(
            acceptsTemperature: true, reasoningEfforts: [], defaultEffort: nil,
            structuredOutputs: true, maxOutputTokens: 32_768, price: ModelPrice(input: 2, cachedInput: 0.5, output: 8)),
        "gpt-4.1-mini": ModelCapabilities(
            acceptsTemperature: true, reasoningEfforts: [], defaultEffort: nil,
            structuredOutputs: true, maxOutputTokens: 32_768, price: ModelPrice(input: 0.4, cachedInput: 0.1, output: 1.6)),
        "gpt-4o": ModelCapabilities(
            acceptsTemperature: true, reasoningEfforts: [], defaultEffort: nil,
            structuredOutputs: true, maxOutputTokens: 16_384, price: ModelPrice(input: 2.5, cachedInput: 1.25, output: 10)),
        "gpt-4o-mini": ModelCapabilities(
            acceptsTemperature: true, reasoningEfforts: [], defaultEffort: nil,
            structuredOutputs: true, maxOutputTokens: 16_384, price: ModelPrice(input: 0.15, cachedInput: 0.075, output: 0.6)),
        "o4-mini": ModelCapabilities(
            acceptsTemperature: false, reasoningEfforts: reasoning, defaultEffort: .medium,
            structuredOutputs: true, maxOutputTokens: 100_000, price: ModelPrice(input: 1.1, cachedInput: 0.275, output: 4.4)),
        "text-embedding-3-small": ModelCapabilities(
            acceptsTemperature: false, reasoningEfforts: [], defaultEffort: nil,
            structuredOutputs: false, maxOutputTokens: 0, price: ModelPrice(input: 0.02, cachedInput: 0.02, output: 0)),
    ])
}

extension ModelCapabilities {
    /// The output token limit for an answer of about `answerTokens` visible tokens. A reasoning
    /// model counts its thinking against the same limit, so it gets room for that on top, by
    /// effort (the model's default when none is asked); capped at what the model allows.
    public func outputBudget(answerTokens: Int, effort: ReasoningEffort?) -> Int {
        var budget = max(1, answerTokens)
        if !reasoningEfforts.isEmpty {
            let thinking: Int =
                switch effort ?? defaultEffort ?? .medium {
                case .low: 2_000
                case .medium: 6_000
                case .high: 12_000
                case .extraHigh: 24_000
                }
            budget += thinking
        }
        return maxOutputTokens > 0 ? min(budget, maxOutputTokens) : budget
    }
}
