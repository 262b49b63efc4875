import Foundation
import ReplywrightCore

/// Token counts of one call. `cachedInputTokens` is part of `inputTokens`, and
/// `reasoningTokens` part of `outputTokens`, as the APIs report them.
public struct LLMUsage: Sendable, Hashable, Codable {
    public var inputTokens: Int
    public var cachedInputTokens: Int
    public var outputTokens: Int
    public var reasoningTokens: Int

    public init(inputTokens: Int = 0, cachedInputTokens: Int = 0, outputTokens: Int = 0, reasoningTokens: Int = 0) {
        self.inputTokens = inputTokens
        self.cachedInputTokens = cachedInputTokens
        self.outputTokens = outputTokens
        self.reasoningTokens = reasoningTokens
    }

    public static func + (lhs: LLMUsage, rhs: LLMUsage) -> LLMUsage {
        LLMUsage(
            inputTokens: lhs.inputTokens + rhs.inputTokens, cachedInputTokens: lhs.cachedInputTokens + rhs.cachedInputTokens,
            outputTokens: lhs.outputTokens + rhs.outputTokens, reasoningTokens: lhs.reasoningTokens + rhs.reasoningTokens)
    }
}

/// Why the model stopped.
public enum FinishReason: String, Sendable, Hashable, Codable {
    case stop
    /// Hit the output token limit: the text is truncated.
    case length
    case toolCalls = "tool_calls"
    case contentFilter = "content_filter"
    case other
}

/// A function call the model asked for.
public struct LLMToolCall: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    /// The arguments as the model wrote them (JSON text).
    public var arguments: String

    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}

/// A finished model call.
public struct LLMResponse: Sendable, Hashable {
    public var text: String
    public var toolCalls: [LLMToolCall]
    public var finishReason: FinishReason
    public var usage: LLMUsage
    /// The model that answered, as the server names it.
    public var model: String
    /// Served from the gateway's response cache (no call was made).
    public var fromCache = false

    public init(text: String, toolCalls: [LLMToolCall] = [], finishReason: FinishReason, usage: LLMUsage, model: String) {
        self.text = text
        self.toolCalls = toolCalls
        self.finishReason = finishReason
        self.usage = usage
        self.model = model
    }
}

/// A streamed call: text as it arrives, then the whole response (with usage).
public enum LLMStreamEvent: Sendable, Hashable {
    case textDelta(String)
    case completed(LLMResponse)
}

/// Vectors, one per input, in input order.
public struct EmbeddingResponse: Sendable, Hashable {
    public var vectors: [[Double]]
    public var usage: LLMUsage
    public var model: String

    public init(vectors: [[Double]], usage: LLMUsage, model: String) {
        self.vectors = vectors
        self.usage = usage
        self.model = model
    }
}
