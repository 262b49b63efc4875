import Foundation
import HTTPTypes
import Hummingbird
import ReplywrightCore
import Synchronization

/// Headers on every response: a CSP that allows only this origin's scripts, styles and images
/// (no inline scripts) and no framing, `nosniff`, no referrer leaks.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
        + "form-action 'self'; frame-ancestors 'none'"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        // A hosted form sets its own policy (its frame-ancestors are its embed origins).
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
            response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        return response
    }
}

/// Request limits per client: how much each API key and each IP address may send.
public struct RateLimits: Sendable, Hashable {
    /// Per API key (every `/v1` request).
    public var perKey: RateLimit?
    /// Per client IP address (every request but health checks and metrics).
    public var perIP: RateLimit?
    /// Per dashboard user (every page and form post).
    public var perUser: RateLimit?
    /// Failed logins per account and client address (`LoginThrottle`; the account as a whole
    /// gets ten times as many): successes do not count and reset their address.
    public var perLogin: RateLimit?
    /// New hosted-form sessions per client address (against bots filling forms).
    public var perFormStart: RateLimit?

    public init(
        perKey: RateLimit? = RateLimit(count: 600, seconds: 60), perIP: RateLimit? = RateLimit(count: 1200, seconds: 60),
        perUser: RateLimit? = RateLimit(count: 600, seconds: 60), perLogin: RateLimit? = RateLimit(count: 10, seconds: 3600),
        perFormStart: RateLimit? = RateLimit(count: 30, seconds: 60)
    ) {
        self.perKey = perKey
        self.perIP = perIP
        self.perUser = perUser
        self.perLogin = perLogin
        self.perFormStart = perFormStart
    }

    public static let off = RateLimits(perKey: nil, perIP: nil, perUser: nil, perLogin: nil, perFormStart: nil)
}

/// Token buckets per client, in this process's memory (each node limits on its own: with N
/// nodes behind a balancer a client gets up to N times the limit).
final class RateLimiter: Sendable {
    let limit: RateLimit
    private let buckets = Mutex<[String: TokenBucket]>([:])
    private let now: @Sendable () -> Date

    init(limit: RateLimit, now: @escaping @Sendable () -> Date = Date.init) {
        self.limit = limit
        self.now = now
    }

    func take(_ client: String) -> TokenBucket.Decision {
        let time = now()
        return buckets.withLock { buckets in
            // Full buckets carry no information: forget them so idle clients cost no memory.
            if buckets.count > 10_000 { buckets = buckets.filter { !$0.value.isFull(at: time) } }
            var bucket = buckets[client] ?? TokenBucket(limit: limit, now: time)
            let decision = bucket.take(now: time)
            buckets[client] = bucket
            return decision
        }
    }

    /// Seconds until `client` has a token again without taking one; `nil` when it has one now.
    func waitBeforeNext(_ client: String) -> Double? {
        let time = now()
        return buckets.withLock { buckets in
            guard var copy = buckets[client] else { return nil }
            let decision = copy.take(now: time)
            return decision.allowed ? nil : max(decision.retryAfter, 1)
        }
    }

    /// Forgets `client`'s bucket: it is full again.
    func reset(_ client: String) {
        _ = buckets.withLock { $0.removeValue(forKey: client) }
    }
}

/// 429 with `Retry-After` once a client's bucket is empty; `RateLimit-Limit`,
/// `RateLimit-Remaining` and `RateLimit-Reset` on every limited response.
struct RateLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let limiter: RateLimiter
    /// Which client a request counts against (`nil`: not limited here).
    let client: @Sendable (Request, Context) -> String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let client = client(request, context) else { return try await next(request, context) }
        let decision = limiter.take(client)
        func annotate(_ headers: inout HTTPFields) {
            headers[HTTPField.Name("RateLimit-Limit")!] = String(limiter.limit.count)
            headers[HTTPField.Name("RateLimit-Remaining")!] = String(decision.remaining)
            headers[HTTPField.Name("RateLimit-Reset")!] = String(Int(decision.resetAfter.rounded(.up)))
        }
        guard decision.allowed else {
            let retryAfter = max(1, Int(decision.retryAfter.rounded(.up)))
            var response = HTTPErrorMapping.response(
                status: .tooManyRequests,
                error: AppError(.rateLimited, "too many requests: the limit is \(limiter.limit); retry after \(retryAfter) s"),
                requestID: request.headers[.requestID] ?? context.id)
            response.headers[.retryAfter] = String(retryAfter)
            annotate(&response.headers)
            return response
        }
        var response = try await next(request, context)
        annotate(&response.headers)
        return response
    }
}

/// Cross-origin access for the origins on the allow-list only (none by default): browsers on
/// those origins may call the API (e.g. a form embed); everyone else's calls are refused by the
/// browser because no `Access-Control-Allow-Origin` comes back. Answers preflights itself.
struct CORSMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let allowedOrigins: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin], allowedOrigins.contains(origin) else { return try await next(request, context) }
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            return Response(
                status: .noContent,
                headers: [
                    .accessControlAllowOrigin: origin, .vary: "Origin", .accessControlAllowMethods: "GET, POST, PUT, PATCH, DELETE",
                    .accessControlAllowHeaders: "Authorization, Content-Type", .accessControlMaxAge: "600",
                ])
        }
        var response = try await next(request, context)
        response.headers[.accessControlAllowOrigin] = origin
        response.headers[.vary] = "Origin"
        return response
    }
}
