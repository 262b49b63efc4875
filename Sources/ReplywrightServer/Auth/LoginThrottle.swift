import Foundation
import ReplywrightCore

/// Failed logins, limited per account and address and per account: only failures count, and a
/// successful login clears its address's count. An address that used up its failures waits
/// (whatever password it sends next). An account whose failures from all addresses are used up
/// (guessing from many addresses) refuses wrong passwords with 429 but still lets the right one
/// through from an address with failures left, so nobody can lock the owner out by guessing.
public final class LoginThrottle: Sendable {
    private let perAccountAndAddress: RateLimiter
    private let perAccount: RateLimiter

    /// `limit`: failures per account and address; the account as a whole gets ten times that.
    public init(limit: RateLimit, now: @escaping @Sendable () -> Date = Date.init) {
        perAccountAndAddress = RateLimiter(limit: limit, now: now)
        perAccount = RateLimiter(limit: RateLimit(count: limit.count * 10, seconds: limit.seconds), now: now)
    }

    private static func account(_ email: String) -> String { "login:" + EmailAddress.normalized(email) }
    private static func key(_ email: String, _ address: String?) -> String { account(email) + "|" + (address ?? "unknown") }

    /// Seconds to wait before this address may try this account again, or `nil`: go ahead.
    public func wait(email: String, address: String?) -> Double? {
        perAccountAndAddress.waitBeforeNext(Self.key(email, address))
    }

    /// A wrong password: counts for the address and the account. Returns the seconds to wait when
    /// the account as a whole is now locked (the answer is then 429, not 401).
    public func failed(email: String, address: String?) -> Double? {
        _ = perAccountAndAddress.take(Self.key(email, address))
        let account = perAccount.take(Self.account(email))
        return account.allowed ? nil : max(account.retryAfter, 1)
    }

    /// The right password: this address starts afresh for this account.
    public func succeeded(email: String, address: String?) {
        perAccountAndAddress.reset(Self.key(email, address))
    }
}
