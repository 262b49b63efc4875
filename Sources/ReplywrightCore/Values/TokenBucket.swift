import Foundation

/// A rate as configured: `count` requests per `seconds`, e.g. "600/min".
public struct RateLimit: Sendable, Hashable, CustomStringConvertible {
    public var count: Int
    public var seconds: Double

    public init(count: Int, seconds: Double) {
        self.count = count
        self.seconds = seconds
    }

    /// "600/min", "20/s", "5000/h"; `nil` for "off".
    public static func parse(_ text: String) throws(AppError) -> RateLimit? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if ["off", "none", "0"].contains(trimmed) { return nil }
        let parts = trimmed.split(separator: "/", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        let units: [String: Double] = ["s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600, "hour": 3600]
        guard parts.count == 2, let count = Int(parts[0]), count > 0, let seconds = units[parts[1]] else {
            throw .invalid("rate limit '\(text)' must look like 600/min, 20/s or 5000/h (or off)")
        }
        return RateLimit(count: count, seconds: seconds)
    }

    public var description: String { "\(count)/\(seconds == 1 ? "s" : seconds == 60 ? "min" : "h")" }
}

/// A token bucket: holds up to `limit.count` tokens (the allowed burst), refilled evenly over
/// `limit.seconds`. Pure: the caller passes the time.
public struct TokenBucket: Sendable, Hashable {
    public let limit: RateLimit
    public private(set) var tokens: Double
    public private(set) var updatedAt: Date

    public init(limit: RateLimit, now: Date) {
        self.limit = limit
        self.tokens = Double(limit.count)
        self.updatedAt = now
    }

    private var refillPerSecond: Double { Double(limit.count) / limit.seconds }

    /// What taking one token decided.
    public struct Decision: Sendable, Hashable {
        public var allowed: Bool
        /// Whole tokens left after this request.
        public var remaining: Int
        /// Seconds until one token is back (0 when allowed).
        public var retryAfter: Double
        /// Seconds until the bucket is full again.
        public var resetAfter: Double
    }

    public mutating func take(now: Date) -> Decision {
        let elapsed = max(0, now.timeIntervalSince(updatedAt))
        tokens = min(Double(limit.count), tokens + elapsed * refillPerSecond)
        updatedAt = now
        let allowed = tokens >= 1
        if allowed { tokens -= 1 }
        let missing = Double(limit.count) - tokens
        return Decision(
            allowed: allowed, remaining: Int(tokens.rounded(.down)),
            retryAfter: allowed ? 0 : (1 - tokens) / refillPerSecond, resetAfter: missing / refillPerSecond)
    }

    /// Full again: the bucket can be forgotten.
    public func isFull(at now: Date) -> Bool { tokens + max(0, now.timeIntervalSince(updatedAt)) * refillPerSecond >= Double(limit.count) }
}
