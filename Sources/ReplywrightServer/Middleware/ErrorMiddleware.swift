import Hummingbird
import Logging
import ReplywrightCore

/// Converts every error thrown below it into the JSON error body, and logs unexpected ones
/// with the request id (the caller sees only a generic message). A browser asking for a page
/// outside the API (a mistyped dashboard URL) gets the dashboard's HTML error page instead.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let (status, appError, unexpected) = HTTPErrorMapping.appError(for: error)
            if unexpected {
                context.logger.error(
                    "request failed",
                    metadata: [
                        "error_type": "\(type(of: error))", "error": "\(String(describing: error).prefix(300))",
                    ])
            }
            if Self.wantsPage(request) {
                return DashboardPage.errorPage(status: status, message: appError.message, requestID: context.requestID, user: nil)
            }
            return HTTPErrorMapping.response(status: status, error: appError, requestID: context.requestID)
        }
    }
}

extension ErrorMiddleware {
    /// The paths whose callers are programs, which always get JSON.
    static let apiPrefixes = ["/v1/", "/health", "/metrics", "/openapi.json"]

    static func wantsPage(_ request: Request) -> Bool {
        !apiPrefixes.contains { request.uri.path.hasPrefix($0) } && request.headers[.accept]?.contains("text/html") == true
    }
}

extension RequestContext {
    /// The id on every log line and in the `X-Request-Id` response header.
    var requestID: String { logger[metadataKey: "request_id"]?.description ?? id }
}
