import Foundation

/// A language-model provider: the wire clients implement it, and `LLMGateway` wraps one with
/// coercion, retries, the breaker, the cache and telemetry (and implements it too, so callers
/// never know which they hold).
public protocol LLMProvider: Sendable {
    /// For logs, telemetry and `doctor` ("openai-responses@api.openai.com").
    var name: String { get }
    /// Text (or, with `output: .jsonSchema`, JSON text) and tool calls.
    func generate(_ request: LLMRequest) async throws -> LLMResponse
    /// The same, as it is produced; ends with `.completed` carrying usage.
    func stream(_ request: LLMRequest) -> AsyncThrowingStream<LLMStreamEvent, any Error>
    func embed(_ request: EmbeddingRequest) async throws -> EmbeddingResponse
    /// Model ids the server offers.
    func listModels(deadline: Date?) async throws -> [String]
}
