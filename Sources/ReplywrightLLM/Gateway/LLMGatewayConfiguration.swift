import Foundation
import ReplywrightCore

/// Retries, timeouts, breaker and cache settings of an `LLMGateway`.
public struct LLMGatewayConfiguration: Sendable {
    /// Retries of retryable failures (429, 5xx, timeouts, connection resets), full jitter.
    public var retry: RetryPolicy
    /// Longest single attempt; the caller's deadline may cut it shorter.
    public var attemptTimeout: Duration
    /// An attempt that may still be retried gets at most this share of the time left before the
    /// caller's deadline; the last attempt gets all of it. With the drafting budget of 30 s a
    /// hung provider call is cut at 15 s and tried again instead of eating the whole budget (the
    /// LLM fault storm's p95). The price: a healthy call slower than half the time left is cut
    /// and retried too. 1 gives every attempt the whole deadline.
    public var attemptShare: Double
    public var breaker: CircuitBreakerPolicy
    /// `nil` disables the response cache; requests also opt in one by one (`cacheable`).
    public var cache: ResponseCache?

    public init(
        retry: RetryPolicy = RetryPolicy(baseDelay: .milliseconds(500), maxDelay: .seconds(8), maxAttempts: 3),
        attemptTimeout: Duration = .seconds(60), attemptShare: Double = 0.5, breaker: CircuitBreakerPolicy = CircuitBreakerPolicy(),
        cache: ResponseCache? = ResponseCache()
    ) {
        self.retry = retry
        self.attemptTimeout = attemptTimeout
        self.attemptShare = min(1, max(0.1, attemptShare))
        self.breaker = breaker
        self.cache = cache
    }
}

/// Time and randomness for the gateway, injected so retry timing is tested without waiting.
public struct LLMClock: Sendable {
    public var now: @Sendable () -> Date
    public var sleep: @Sendable (Duration) async throws -> Void
    /// Uniform in 0..<1, for backoff jitter.
    public var random: @Sendable () -> Double

    public init(
        now: @escaping @Sendable () -> Date, sleep: @escaping @Sendable (Duration) async throws -> Void,
        random: @escaping @Sendable () -> Double
    ) {
        self.now = now
        self.sleep = sleep
        self.random = random
    }

    public static let system = LLMClock(
        now: Date.init, sleep: { try await Task.sleep(for: $0) }, random: { Double.random(in: 0..<1) })
}
