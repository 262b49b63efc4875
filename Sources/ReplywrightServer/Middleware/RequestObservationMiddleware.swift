import HTTPTypes
import Hummingbird
import Logging
import Metrics
import ReplywrightCore
import ReplywrightStore

/// Outermost middleware: assigns the request id (honouring a sane incoming `X-Request-Id`),
/// puts it on the logger and the response, logs one access line, and records
/// `replywright_http_requests_total` and `replywright_http_request_duration_seconds`.
struct RequestObservationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let metrics: any MetricsFactory

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let requestID = request.headers[.requestID].flatMap(Self.acceptableID) ?? context.id
        context.logger[metadataKey: "request_id"] = .string(requestID)
        let started = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            // Only reached for errors thrown by middleware above ErrorMiddleware.
            let (status, appError, _) = HTTPErrorMapping.appError(for: error)
            response = HTTPErrorMapping.response(status: status, error: appError, requestID: requestID)
        }
        response.headers[.requestID] = requestID
        let elapsed = ContinuousClock.now - started
        let route = context.endpointPath ?? "unmatched"
        let dimensions = [("method", request.method.rawValue), ("route", route), ("status", String(response.status.code))]
        Counter(label: "replywright_http_requests_total", dimensions: dimensions, factory: metrics).increment()
        Timer(
            label: "replywright_http_request_duration_seconds", dimensions: [("method", request.method.rawValue), ("route", route)],
            factory: metrics
        ).recordNanoseconds(Int64(elapsed.timeInterval * 1e9))
        let level: Logger.Level = response.status.code >= 500 ? .error : (route == "/health/live" || route == "/metrics" ? .debug : .info)
        context.logger.log(
            level: level, "request",
            metadata: [
                "method": "\(request.method.rawValue)", "path": "\(request.uri.path)", "status": "\(response.status.code)",
                "ms": "\(Int(elapsed.timeInterval * 1000))",
            ])
        return response
    }

    /// Accepts caller ids up to 64 characters of `[A-Za-z0-9._-]`; anything else is replaced.
    static func acceptableID(_ raw: String) -> String? {
        guard !raw.isEmpty, raw.count <= 64,
            raw.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) })
        else { return nil }
        return raw
    }
}
