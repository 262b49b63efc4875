import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ReplywrightCore

/// `{"error": {"code", "message"}}`: the body of every 4xx/5xx response.
struct ErrorResponse: Encodable {
    struct Body: Encodable {
        var code: String
        var message: String
    }

    var error: Body

    init(code: String, message: String) { self.error = Body(code: code, message: message) }
}

/// The one place that maps errors to HTTP statuses and public messages.
enum HTTPErrorMapping {
    static func status(for code: ErrorCode) -> HTTPResponse.Status {
        switch code {
        case .invalidRequest: return .badRequest
        case .unauthorized: return .unauthorized
        case .forbidden: return .forbidden
        case .notFound: return .notFound
        case .conflict: return .conflict
        case .payloadTooLarge: return .contentTooLarge
        case .rateLimited: return .tooManyRequests
        case .unavailable, .databaseUnavailable: return .serviceUnavailable
        case .internalError: return .internalServerError
        }
    }

    /// Turns any thrown error into a status and an `AppError` fit to show the caller.
    /// Unknown errors become a generic 500; their details go to the log only.
    static func appError(for error: any Error) -> (HTTPResponse.Status, AppError, isUnexpected: Bool) {
        switch error {
        case let error as AppError:
            return (status(for: error.code), error, error.code == .internalError)
        case let error as DecodingError:
            return (.badRequest, .invalid(DecodingErrorDescription.describe(error)), false)
        case is NIOTooManyBytesError:
            return (.contentTooLarge, AppError(.payloadTooLarge, "request body is larger than \(ServerLimits.maxBodyBytes) bytes"), false)
        case let error as HTTPError:
            let code: ErrorCode =
                switch error.status.code {
                case 400: .invalidRequest
                case 401: .unauthorized
                case 403: .forbidden
                case 404: .notFound
                case 409: .conflict
                case 413: .payloadTooLarge
                case 429: .rateLimited
                case 500...: .internalError
                default: .invalidRequest
                }
            let message = error.body ?? (error.status == .notFound ? "no such route" : error.status.reasonPhrase)
            return (error.status, AppError(code, message), false)
        default:
            return (.internalServerError, AppError(.internalError, "internal error; see the server log for the request id"), true)
        }
    }

    static func response(status: HTTPResponse.Status, error: AppError, requestID: String) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(ErrorResponse(code: error.code.rawValue, message: error.message))) ?? Data()
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        // The database or a dependency is away for now: say when to come back.
        if status == .serviceUnavailable { headers[.retryAfter] = "5" }
        headers[.requestID] = requestID
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension HTTPField.Name {
    static let requestID = HTTPField.Name("X-Request-Id")!
}
