import ReplywrightCore

/// A language-model provider. Deliberately empty until the LLM-layer issue: the product
/// runs on the rules tier when no provider is configured, which is the only state today.
public protocol LLMProvider: Sendable {
    /// A human-readable name for logs and `doctor` ("openai", "chat-completions@…").
    var name: String { get }
}
