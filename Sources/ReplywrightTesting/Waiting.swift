import Foundation
import Logging
import Metrics
import ReplywrightCore
import ReplywrightLLM

/// Polls `condition` every 100 ms until it holds; throws `TimedOut` naming `what` after `timeout`.
public func waitUntil(_ what: String, timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(100))
    }
    throw TimedOut(what: what, after: timeout)
}

public struct TimedOut: Error, CustomStringConvertible {
    public var what: String
    public var after: Duration
    public var description: String { "timed out after \(after) waiting until \(what)" }
}

extension Fixtures {
    /// A gateway over the chat-completions client with retries off (one scripted answer per
    /// call), recording telemetry into `recorder`.
    public static func gateway(_ endpoint: OpenAIEndpoint, recorder: any AIInteractionRecorder, logger: Logger) -> LLMGateway {
        var configuration = LLMGatewayConfiguration()
        configuration.retry = RetryPolicy(baseDelay: .zero, maxDelay: .zero, maxAttempts: 1)
        return LLMGateway(
            provider: ChatCompletionsClient(endpoint: endpoint), configuration: configuration, recorder: recorder,
            metrics: NOOPMetricsHandler.instance, logger: logger)
    }
}
