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

    init(ttl: TimeInterval = 5) { self.ttl = ttl }

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
