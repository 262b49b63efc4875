/// The error every layer raises for conditions a user or caller must see.
///
/// `code` is stable (scripts match on it); `message` is written for people and never
/// contains SQL, stack traces or secrets. The server maps `code` to an HTTP status in one place.
public struct AppError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: ErrorCode
    public var message: String

    public init(_ code: ErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }

    public static func notFound(_ what: String) -> AppError {
        AppError(.notFound, "\(what) not found")
    }

    public static func invalid(_ message: String) -> AppError {
        AppError(.invalidRequest, message)
    }
}

/// Stable error codes shared by the API, the CLI and logs.
public enum ErrorCode: String, Sendable, Codable, CaseIterable {
    case invalidRequest = "invalid_request"
    case unauthorized
    case forbidden
    case notFound = "not_found"
    case conflict
    case payloadTooLarge = "payload_too_large"
    case rateLimited = "rate_limited"
    case unavailable
    case databaseUnavailable = "database_unavailable"
    case internalError = "internal_error"
}
