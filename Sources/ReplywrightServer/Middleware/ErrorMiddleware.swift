import Hummingbird
import Logging
import ReplywrightCore

/// Converts every error thrown below it into the JSON error body, and logs unexpected ones
/// with the request id (the caller sees only a generic message).
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let (status, appError, unexpected) = HTTPErrorMapping.appError(for: error)
            if unexpected {
                context.logger.error("request failed", metadata: [
                    "error_type": "\(type(of: error))", "error": "\(String(describing: error).prefix(300))",
                ])
            }
            return HTTPErrorMapping.response(status: status, error: appError, requestID: context.requestID)
        }
    }
}

extension RequestContext {
    /// The id on every log line and in the `X-Request-Id` response header.
    var requestID: String { logger[metadataKey: "request_id"]?.description ?? id }
}
