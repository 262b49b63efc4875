import Foundation
import Logging
import Metrics
import ReplywrightCore
import Tracing

/// The provider the rest of the product talks to: wraps a wire client with capability
/// coercion, the response cache, a circuit breaker per provider and model, retries bounded
/// by the caller's deadline, usage and cost, and one `AIInteraction` row plus metrics per call.
///
/// Logs and telemetry carry codes and numbers only, never prompt or message text.
public final class LLMGateway: LLMProvider {
    public let provider: any LLMProvider
    public let catalog: ModelCatalog
    public let configuration: LLMGatewayConfiguration
    public let breakers: CircuitBreakers
    private let recorder: (any AIInteractionRecorder)?
    private let metrics: any MetricsFactory
    private let logger: Logger
    private let clock: LLMClock

    public var name: String { provider.name }

    public init(
        provider: any LLMProvider, catalog: ModelCatalog = .standard, configuration: LLMGatewayConfiguration = LLMGatewayConfiguration(),
        recorder: (any AIInteractionRecorder)?, metrics: any MetricsFactory, logger: Logger, clock: LLMClock = .system
    ) {
        self.provider = provider
        self.catalog = catalog
        self.configuration = configuration
        self.breakers = CircuitBreakers(policy: configuration.breaker, metrics: metrics)
        self.recorder = recorder
        self.metrics = metrics
        self.logger = logger
        self.clock = clock
    }

    /// The breaker key of a model on this provider.
    public func breakerKey(model: String) -> String { "\(provider.name)|\(model.lowercased())" }

    public func generate(_ request: LLMRequest) async throws -> LLMResponse {
        let capabilities = catalog.capabilities(for: request.model)
        let (request, coercions) = capabilities.coerce(request)
        let cacheKey = request.cacheable ? configuration.cache.map { _ in ResponseCache.key(for: request) } : nil
        return try await recorded(CallOutcome(request: request, coercions: coercions), price: capabilities.price) { outcome in
            if let cacheKey, let cached = configuration.cache?.lookup(cacheKey, now: clock.now()) {
                outcome.source = .cache
                outcome.model = cached.model
                var hit = cached
                hit.fromCache = true
                return hit
            }
            let response = try await withRetries(request.model, deadline: request.deadline, outcome: &outcome) { deadline in
                var attempt = request
                attempt.deadline = deadline
                return try await self.provider.generate(attempt)
            }
            outcome.usage = response.usage
            outcome.model = response.model
            outcome.finishReason = response.finishReason
            if let cacheKey, response.finishReason == .stop || response.finishReason == .toolCalls {
                configuration.cache?.store(response, for: cacheKey, now: clock.now())
            }
            return response
        }
    }

    /// Streams one attempt (a stream that has started cannot be replayed); coercion, the
    /// breaker and telemetry apply as for `generate`.
    public func stream(_ request: LLMRequest) -> AsyncThrowingStream<LLMStreamEvent, any Error> {
        let capabilities = catalog.capabilities(for: request.model)
        let (request, coercions) = capabilities.coerce(request)
        let key = breakerKey(model: request.model)
        return OpenAITransport.stream { continuation in
            try await self.recorded(CallOutcome(request: request, coercions: coercions), price: capabilities.price) { outcome in
                let started = self.clock.now()
                guard self.breakers.admit(key, now: started) else { throw Self.circuitOpen(request.model) }
                outcome.attempts = 1
                do {
                    for try await event in self.provider.stream(request) {
                        if case .completed(let response) = event {
                            outcome.usage = response.usage
                            outcome.model = response.model
                            outcome.finishReason = response.finishReason
                        }
                        continuation.yield(event)
                    }
                    self.breakers.record(key, failed: self.isSlow(since: started), now: self.clock.now())
                } catch {
                    self.breakers.record(key, failed: (error as? LLMError)?.isRetryable ?? false, now: self.clock.now())
                    throw error
                }
            }
        }
    }

    public func embed(_ request: EmbeddingRequest) async throws -> EmbeddingResponse {
        let capabilities = catalog.capabilities(for: request.model)
        var outcome = CallOutcome(request: LLMRequest(model: request.model, messages: [], context: request.context), coercions: [])
        outcome.metadata["inputs"] = Double(request.inputs.count)
        return try await recorded(outcome, price: capabilities.price) { outcome in
            let response = try await withRetries(request.model, deadline: request.deadline, outcome: &outcome) { deadline in
                var attempt = request
                attempt.deadline = deadline
                return try await self.provider.embed(attempt)
            }
            outcome.usage = response.usage
            outcome.model = response.model
            return response
        }
    }

    /// Runs one call and records it (row and metrics) however it ends.
    /// Every call is one span (`llm <feature>`, a client span under the caller's: the job's
    /// pipeline step) with the model, the source, the attempts, tokens and the error code.
    private func recorded<T>(
        _ outcome: CallOutcome, price: ModelPrice, _ body: (inout CallOutcome) async throws -> T
    ) async throws -> T {
        try await withSpan("llm \(outcome.request.context.featureID)", ofKind: .client) { span in
            var outcome = outcome
            let started = clock.now()
            defer {
                span.attributes["gen_ai.request.model"] = outcome.request.model
                span.attributes["replywright.llm.source"] = outcome.source.rawValue
                span.attributes["replywright.llm.attempts"] = outcome.attempts
                span.attributes["gen_ai.usage.input_tokens"] = outcome.usage.inputTokens
                span.attributes["gen_ai.usage.output_tokens"] = outcome.usage.outputTokens
                if let error = outcome.error { span.attributes["error.type"] = LLMError.code(of: error) }
            }
            do {
                let result = try await body(&outcome)
                await finish(outcome, started: started, price: price)
                return result
            } catch {
                outcome.error = error
                await finish(outcome, started: started, price: price)
                throw error
            }
        }
    }

    public func listModels(deadline: Date?) async throws -> [String] {
        try await provider.listModels(deadline: deadline)
    }

    // MARK: - Retries and the breaker

    /// Runs `body` until it succeeds, fails for good, runs out of attempts or would overrun
    /// the deadline. Each attempt gets `min(caller's deadline, now + attemptTimeout)`, and one
    /// that may still be retried only `attemptShare` of the time left before the deadline.
    private func withRetries<T: Sendable>(
        _ model: String, deadline: Date?, outcome: inout CallOutcome, _ body: (Date) async throws -> T
    ) async throws -> T {
        let key = breakerKey(model: model)
        let policy = configuration.retry
        while true {
            let now = clock.now()
            if let deadline, deadline <= now {
                throw LLMError(.deadlineExceeded, "the call's deadline passed after \(outcome.attempts) attempt(s)")
            }
            guard breakers.admit(key, now: now) else { throw Self.circuitOpen(model) }
            outcome.attempts += 1
            var attemptDeadline = min(deadline ?? .distantFuture, now.addingTimeInterval(configuration.attemptTimeout.timeInterval))
            if let deadline, !policy.isExhausted(afterAttempt: outcome.attempts) {
                attemptDeadline = min(attemptDeadline, now.addingTimeInterval(deadline.timeIntervalSince(now) * configuration.attemptShare))
            }
            do {
                let result = try await body(attemptDeadline)
                breakers.record(key, failed: isSlow(since: now), now: clock.now())
                return result
            } catch let error as LLMError {
                breakers.record(key, failed: error.isRetryable, now: clock.now())
                guard error.isRetryable, !policy.isExhausted(afterAttempt: outcome.attempts) else { throw error }
                let backoff = policy.delay(afterAttempt: outcome.attempts, jitter: clock.random())
                let delay = max(backoff, error.retryAfter ?? .zero)
                if let deadline, clock.now().addingTimeInterval(delay.timeInterval) >= deadline {
                    throw error  // no time for another attempt: the last error is the honest answer
                }
                outcome.retryWait += delay
                logger.warning(
                    "llm attempt failed; retrying",
                    metadata: [
                        "error_code": "\(error.code.rawValue)", "attempt": "\(outcome.attempts)",
                        "retry_in_ms": "\(Int(delay.timeInterval * 1000))", "model": "\(model)",
                    ])
                try await clock.sleep(delay)
            }
        }
    }

    private func isSlow(since start: Date) -> Bool {
        clock.now().timeIntervalSince(start) > configuration.breaker.slowCallThreshold.timeInterval
    }

    private static func circuitOpen(_ model: String) -> LLMError {
        LLMError(.circuitOpen, "too many recent failures for \(model); calls are paused")
    }

    // MARK: - Telemetry

    /// What one call did, filled in as it runs.
    private struct CallOutcome {
        var request: LLMRequest
        var coercions: [Coercion]
        var source: DecisionSource = .llm
        var attempts = 0
        var usage = LLMUsage()
        var model: String?
        var finishReason: FinishReason?
        var error: (any Error)?
        var retryWait: Duration = .zero
        var metadata: [String: Double] = [:]
    }

    private func finish(_ outcome: CallOutcome, started: Date, price: ModelPrice) async {
        let request = outcome.request
        let latency = clock.now().timeIntervalSince(started)
        let errorCode = outcome.error.map(LLMError.code(of:))
        let cost = outcome.source == .cache ? 0 : price.cost(of: outcome.usage)
        var metadata = request.context.metadata.merging(outcome.metadata) { _, own in own }
        metadata["messages"] = Double(request.messages.count)
        metadata["prompt_chars"] = Double(request.messages.reduce(0) { $0 + $1.content.count })
        metadata["coercions"] = Double(outcome.coercions.count)
        if request.context.isRepair { metadata["repair"] = 1 }
        if case .jsonSchema = request.output { metadata["structured"] = 1 }
        if outcome.finishReason == .length { metadata["truncated"] = 1 }
        if outcome.retryWait > .zero { metadata["retry_wait_ms"] = (outcome.retryWait.timeInterval * 1000).rounded() }
        if let max = request.maxOutputTokens { metadata["max_output_tokens"] = Double(max) }
        let usage = outcome.source == .cache ? LLMUsage() : outcome.usage
        let interaction = AIInteraction(
            workspaceID: request.context.workspaceID, featureID: request.context.featureID,
            promptKey: request.context.promptKey, promptVersion: request.context.promptVersion,
            promptRevision: request.context.promptRevision, draftID: request.context.draftID, jobID: request.context.jobID,
            provider: provider.name,
            model: outcome.model ?? request.model, reasoningEffort: request.reasoningEffort?.rawValue,
            inputTokens: usage.inputTokens, cachedInputTokens: usage.cachedInputTokens, outputTokens: usage.outputTokens,
            reasoningTokens: usage.reasoningTokens, latencyMs: Int((latency * 1000).rounded()), costUSD: cost,
            status: outcome.error != nil ? .error : outcome.finishReason == .length ? .truncated : .ok, errorCode: errorCode, source: outcome.source,
            attempts: outcome.attempts, metadata: metadata, createdAt: started)
        LLMMetrics.record(interaction, factory: metrics)
        if let error = outcome.error, !(error is CancellationError) {
            logger.warning(
                "llm call failed",
                metadata: [
                    "error_code": "\(errorCode ?? "")", "attempts": "\(outcome.attempts)", "model": "\(request.model)",
                    "feature": "\(request.context.featureID)",
                ])
        }
        guard let recorder else { return }
        do {
            try await recorder.record(interaction)
        } catch {
            // Telemetry must never fail the call it describes.
            logger.error("recording an AI interaction failed", metadata: ["error_type": "\(type(of: error))"])
        }
    }
}
