import Testing
@testable import ReplywrightCore

@Suite("Retry policy")
struct RetryPolicyTests {
    let policy = RetryPolicy(baseDelay: .seconds(5), maxDelay: .seconds(60), maxAttempts: 4)

    @Test func ceilingDoublesThenCaps() {
        #expect(policy.ceiling(afterAttempt: 1) == .seconds(5))
        #expect(policy.ceiling(afterAttempt: 2) == .seconds(10))
        #expect(policy.ceiling(afterAttempt: 3) == .seconds(20))
        #expect(policy.ceiling(afterAttempt: 4) == .seconds(40))
        #expect(policy.ceiling(afterAttempt: 5) == .seconds(60))
        #expect(policy.ceiling(afterAttempt: 500) == .seconds(60), "huge attempt numbers must not overflow")
    }

    @Test func fullJitterStaysWithinZeroAndCeiling() {
        #expect(policy.delay(afterAttempt: 3, jitter: 0) == .zero)
        #expect(policy.delay(afterAttempt: 3, jitter: 0.5) == .seconds(10))
        #expect(policy.delay(afterAttempt: 3, jitter: 7) == .seconds(20), "jitter is clamped")
        #expect(policy.delay(afterAttempt: 3, jitter: -1) == .zero)
    }

    @Test func exhaustedAtMaxAttempts() {
        #expect(!policy.isExhausted(afterAttempt: 3))
        #expect(policy.isExhausted(afterAttempt: 4))
        #expect(RetryPolicy(maxAttempts: 0).maxAttempts == 1, "at least one attempt")
    }
}
