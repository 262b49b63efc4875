import Foundation

/// A failed model call, with a stable code callers branch on and telemetry records.
public struct LLMError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Codable, CaseIterable {
        /// 400: the request is wrong; retrying does not help.
        case badRequest = "llm_bad_request"
        /// 401/403: the key is missing or wrong.
        case unauthorized = "llm_unauthorized"
        /// 404: unknown model or endpoint.
        case notFound = "llm_not_found"
        case rateLimited = "llm_rate_limited"
        /// 5xx.
        case serverError = "llm_server_error"
        /// One attempt took too long.
        case timeout = "llm_timeout"
        /// Could not connect, or the connection broke.
        case connection = "llm_connection"
        /// The caller's deadline passed (no time left for another attempt).
        case deadlineExceeded = "llm_deadline_exceeded"
        /// The body was not the API's JSON.
        case malformedResponse = "llm_malformed_response"
        /// Valid JSON that does not match the schema, even after the repair re-ask.
        case schemaMismatch = "llm_schema_mismatch"
        /// Output cut off at the token limit, even after the repair re-ask.
        case truncated = "llm_truncated"
        /// The breaker for this provider and model is open.
        case circuitOpen = "llm_circuit_open"
        /// No provider is configured.
        case notConfigured = "llm_not_configured"
    }

    public var code: Code
    public var message: String
    public var httpStatus: Int?
    /// From a `Retry-After` header.
    public var retryAfter: Duration?

    public init(_ code: Code, _ message: String, httpStatus: Int? = nil, retryAfter: Duration? = nil) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.retryAfter = retryAfter
    }

    /// 429, 5xx, timeouts and broken connections may succeed on another attempt.
    public var isRetryable: Bool {
        switch code {
        case .rateLimited, .serverError, .timeout, .connection: return true
        default: return false
        }
    }

    public var description: String { "\(code.rawValue): \(message)" }

    /// The stable code of any error for telemetry and logs (`llm_timeout`, `cancelled`…).
    public static func code(of error: any Error) -> String {
        switch error {
        case let error as LLMError: return error.code.rawValue
        case is CancellationError: return "cancelled"
        default: return "internal_error"
        }
    }

    /// The error for an HTTP status; `detail` is the API's own message, shortened.
    public static func from(status: Int, detail: String?, retryAfter: Duration?) -> LLMError {
        let suffix = detail.map { ": \($0.prefix(300))" } ?? ""
        switch status {
        case 400, 422: return LLMError(.badRequest, "provider rejected the request (HTTP \(status))\(suffix)", httpStatus: status)
        case 401, 403: return LLMError(.unauthorized, "provider refused the API key (HTTP \(status))\(suffix)", httpStatus: status)
        case 404: return LLMError(.notFound, "model or endpoint not found (HTTP 404)\(suffix)", httpStatus: status)
        case 408: return LLMError(.timeout, "provider timed out (HTTP 408)", httpStatus: status)
        case 429: return LLMError(.rateLimited, "rate limited (HTTP 429)\(suffix)", httpStatus: status, retryAfter: retryAfter)
        case 500...599:
            return LLMError(.serverError, "provider error (HTTP \(status))\(suffix)", httpStatus: status, retryAfter: retryAfter)
        default: return LLMError(.badRequest, "unexpected HTTP \(status)\(suffix)", httpStatus: status)
        }
    }
}
