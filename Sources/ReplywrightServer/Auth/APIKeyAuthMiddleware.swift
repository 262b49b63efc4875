import Hummingbird
import ReplywrightCore
import ReplywrightStore

/// Requires `Authorization: Bearer <workspace API key>` and puts the key on the context.
struct APIKeyAuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let store: any TenancyStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw AppError(.unauthorized, "missing API key: send 'Authorization: Bearer <key>'")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw AppError(.unauthorized, "malformed Authorization header: expected 'Bearer <key>'")
        }
        guard let key = try await store.authenticateAPIKey(secret: String(parts[1]).trimmingCharacters(in: .whitespaces)) else {
            throw AppError(.unauthorized, "invalid or revoked API key")
        }
        var context = context
        context.apiKey = key
        context.logger[metadataKey: "workspace_id"] = .string(key.workspaceID.rawValue)
        return try await next(request, context)
    }
}
