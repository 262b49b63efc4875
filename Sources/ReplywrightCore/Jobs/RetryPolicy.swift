/// Exponential backoff for failed jobs: `base * 2^(attempt-1)`, capped, with full jitter.
///
/// `jitter` is injected (a fraction in `0..<1`) so the schedule is testable; workers pass a
/// random fraction so that jobs failing together do not retry together.
public struct RetryPolicy: Sendable, Equatable {
    public var baseDelay: Duration
    public var maxDelay: Duration
    public var maxAttempts: Int

    public init(baseDelay: Duration = .seconds(5), maxDelay: Duration = .seconds(600), maxAttempts: Int = 5) {
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxAttempts = max(1, maxAttempts)
    }

    /// The ceiling of the delay after the given (1-based) failed attempt.
    public func ceiling(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let raw = baseDelay * (1 << exponent)
        return raw > maxDelay ? maxDelay : raw
    }

    /// Full jitter: uniformly between zero and the ceiling. `jitter` is clamped to `0...1`.
    public func delay(afterAttempt attempt: Int, jitter: Double) -> Duration {
        ceiling(afterAttempt: attempt) * min(max(jitter, 0), 1)
    }

    /// Whether a job that has just failed its `attempt`-th try goes to the dead letters.
    public func isExhausted(afterAttempt attempt: Int) -> Bool { attempt >= maxAttempts }
}
