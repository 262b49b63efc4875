import Crypto
import Foundation
import Hummingbird
import ReplywrightCore
import ReplywrightStore
import Synchronization

/// Requires `Authorization: Bearer <workspace API key>` and puts the key on the context.
struct APIKeyAuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let store: any TenancyStore
    let cache: APIKeyCache

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw AppError(.unauthorized, "missing API key: send 'Authorization: Bearer <key>'")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw AppError(.unauthorized, "malformed Authorization header: expected 'Bearer <key>'")
        }
        let secret = String(parts[1]).trimmingCharacters(in: .whitespaces)
        guard let key = try await cache.key(for: secret, loading: { try await store.authenticateAPIKey(secret: secret) }) else {
            throw AppError(.unauthorized, "invalid or revoked API key")
        }
        if let time = cache.useToRecord(key.id) {
            // Off the request's path: a busy or locked database must not fail or slow a request
            // over a "last used" time, and a lost one is only a minute of staleness.
            Task { [store, logger = context.logger] in
                do { try await store.recordAPIKeyUse(key.id, at: time) } catch {
                    logger.debug("API key use not recorded", metadata: ["error": "\(error)"])
                }
            }
        }
        var context = context
        context.apiKey = key
        context.logger[metadataKey: "workspace_id"] = .string(key.workspaceID.rawValue)
        return try await next(request, context)
    }
}

/// Valid API keys remembered for a few seconds, so a busy client costs one key lookup per
/// interval instead of one per request. Keyed by the secret's SHA-256 (never the secret itself).
/// A revoked key can keep working on a node for up to `ttl`; unknown keys are never cached.
final class APIKeyCache: Sendable {
    let ttl: TimeInterval
    private let entries = Mutex<[String: (key: APIKey, until: Date)]>([:])
    /// When this node last recorded each key's use: recorded once a minute per key at most.
    private let recorded = Mutex<[Identifier<APIKey>: Date]>([:])

    init(ttl: TimeInterval = 5) { self.ttl = ttl }

    /// The time to record as the key's last use, or `nil` when this node did so within the minute.
    func useToRecord(_ id: Identifier<APIKey>, now: Date = Date()) -> Date? {
        recorded.withLock { recorded in
            if let last = recorded[id], now.timeIntervalSince(last) < 60 { return nil }
            if recorded.count > 10_000 { recorded = recorded.filter { now.timeIntervalSince($0.value) < 60 } }
            recorded[id] = now
            return now
        }
    }

    func key(for secret: String, loading: () async throws -> APIKey?) async throws -> APIKey? {
        let digest = SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
        let now = Date()
        if let hit = entries.withLock({ $0[digest] }), hit.until > now { return hit.key }
        guard let key = try await loading() else { return nil }
        entries.withLock { entries in
            if entries.count > 10_000 { entries = entries.filter { $0.value.until > now } }
            entries[digest] = (key, now.addingTimeInterval(ttl))
        }
        return key
    }
}
