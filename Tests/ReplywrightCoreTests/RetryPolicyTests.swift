import Foundation
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

@Suite("Token buckets")
struct TokenBucketTests {
    @Test func burstThenSteadyRefill() throws {
        let start = Date(timeIntervalSince1970: 1_000_000)
        var bucket = TokenBucket(limit: try #require(try RateLimit.parse("3/min")), now: start)
        let burst = (0..<4).map { _ in bucket.take(now: start) }
        #expect(burst.map(\.allowed) == [true, true, true, false] && burst.map(\.remaining) == [2, 1, 0, 0])
        #expect(burst[3].retryAfter == 20 && burst[3].resetAfter == 60)
        #expect(!bucket.take(now: start.addingTimeInterval(19)).allowed)
        #expect(bucket.take(now: start.addingTimeInterval(21)).allowed, "one token per 20 s")
        #expect(bucket.isFull(at: start.addingTimeInterval(200)))
    }

    @Test func limitsParseOrSayWhy() throws {
        #expect(try RateLimit.parse("20/s") == RateLimit(count: 20, seconds: 1))
        #expect(try RateLimit.parse("5000/h") == RateLimit(count: 5000, seconds: 3600))
        #expect(try RateLimit.parse("off") == nil)
        #expect(throws: AppError.self) { try RateLimit.parse("fast") }
        #expect(throws: AppError.self) { try RateLimit.parse("-1/min") }
    }
}
