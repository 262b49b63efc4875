import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import ReplywrightNetwork

/// Where an OpenAI-style API lives and how to authenticate: OpenAI itself, or any compatible
/// server (Ollama, vLLM, LM Studio, llama.cpp) by base URL.
public struct OpenAIEndpoint: Sendable, Hashable {
    /// Up to and including `/v1`, e.g. `https://api.openai.com/v1`, `http://127.0.0.1:8080/v1`.
    public var baseURL: String
    public var apiKey: String?

    public init(baseURL: String, apiKey: String?) {
        var trimmed = baseURL
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.baseURL = trimmed
        self.apiKey = apiKey
    }

    public static func openAI(apiKey: String) -> OpenAIEndpoint {
        OpenAIEndpoint(baseURL: "https://api.openai.com/v1", apiKey: apiKey)
    }

    /// The host, for provider names (never the key).
    public var host: String { URL(string: baseURL)?.host ?? baseURL }
}

/// JSON over HTTP for the clients: builds requests, maps statuses and network failures to
/// `LLMError`, and bounds every attempt by its deadline.
struct OpenAITransport: Sendable {
    let endpoint: OpenAIEndpoint
    let http: HTTPClient
    /// Used when the caller gives no deadline.
    let defaultTimeout: Duration

    static let maxResponseBytes = 16 * 1024 * 1024

    func postJSON(_ path: String, body: some Encodable, deadline: Date?) async throws -> Data {
        let response = try await send(try request(path, method: .POST, body: body), deadline: deadline)
        return try await collect(response, deadline: deadline)
    }

    func getJSON(_ path: String, deadline: Date?) async throws -> Data {
        let response = try await send(request(path, method: .GET), deadline: deadline)
        return try await collect(response, deadline: deadline)
    }

    /// Sends and checks the status; the caller reads the (streamed) body.
    func openStream(_ path: String, body: some Encodable, deadline: Date?) async throws -> HTTPClientResponse {
        try await send(try request(path, method: .POST, body: body, accept: "text/event-stream"), deadline: deadline)
    }

    /// Feeds each server-sent event's data of a streamed body to `handle`, mapping network
    /// failures to `LLMError`.
    func forEachEvent(in response: HTTPClientResponse, _ handle: (String) throws -> Void) async throws {
        var parser = ServerSentEventParser()
        do {
            for try await buffer in response.body {
                for payload in parser.feed(String(buffer: buffer)) { try handle(payload) }
            }
        } catch let error as LLMError {
            throw error
        } catch {
            throw Self.mapTransport(error)
        }
        for payload in parser.finish() { try handle(payload) }
    }

    /// A stream fed by `body` in a task that ends when the consumer stops listening.
    static func stream<Element: Sendable>(
        _ body: @escaping @Sendable (AsyncThrowingStream<Element, any Error>.Continuation) async throws -> Void
    ) -> AsyncThrowingStream<Element, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await body(continuation)
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private func request(_ path: String, method: HTTPMethod, accept: String = "application/json") -> HTTPClientRequest {
        var request = HTTPClientRequest(url: endpoint.baseURL + path)
        request.method = method
        request.headers.add(name: "Accept", value: accept)
        request.headers.add(name: "User-Agent", value: "replywright")
        if let key = endpoint.apiKey, !key.isEmpty { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        return request
    }

    private func request(_ path: String, method: HTTPMethod, body: some Encodable, accept: String = "application/json") throws -> HTTPClientRequest {
        var request = request(path, method: method, accept: accept)
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(data: try JSONEncoder().encode(body)))
        return request
    }

    private func send(_ request: HTTPClientRequest, deadline: Date?) async throws -> HTTPClientResponse {
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, deadline: try nioDeadline(deadline))
        } catch {
            throw Self.mapTransport(error)
        }
        guard (200..<300).contains(Int(response.status.code)) else {
            let body = try? await response.body.collect(upTo: 64 * 1024)
            throw LLMError.from(
                status: Int(response.status.code), detail: body.flatMap(Self.errorMessage(in:)),
                retryAfter: response.headers.first(name: "Retry-After").flatMap(Self.parseRetryAfter))
        }
        return response
    }

    private func collect(_ response: HTTPClientResponse, deadline: Date?) async throws -> Data {
        do {
            var buffer = try await response.body.collect(upTo: Self.maxResponseBytes)
            return buffer.readData(length: buffer.readableBytes) ?? Data()
        } catch {
            throw Self.mapTransport(error)
        }
    }

    /// The time left, as NIO wants it; no time left is `deadlineExceeded` before sending.
    func nioDeadline(_ deadline: Date?) throws -> NIODeadline {
        guard let deadline else { return .now() + .nanoseconds(Int64(defaultTimeout.timeInterval * 1e9)) }
        let remaining = deadline.timeIntervalSinceNow
        guard remaining > 0 else { throw LLMError(.deadlineExceeded, "no time left before the deadline") }
        return .now() + .nanoseconds(Int64(remaining * 1e9))
    }

    static func mapTransport(_ error: any Error) -> any Error {
        if error is LLMError || error is CancellationError { return error }
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout:
                return LLMError(.timeout, "no answer before the deadline")
            case .cancelled:
                return CancellationError()
            default:
                break
            }
        }
        let (code, sentence) = ConnectionFailure.classify(error) ?? ("network", "the connection failed")
        return LLMError(.connection, "\(code): \(sentence)")
    }

    /// `{"error": {"message": …}}` (OpenAI) or `{"error": "…"}` (some compatible servers).
    static func errorMessage(in body: ByteBuffer) -> String? {
        struct Envelope: Decodable {
            struct Detail: Decodable { var message: String? }
            var error: Detail?
            var message: String?
        }
        struct PlainEnvelope: Decodable { var error: String }
        if let envelope = try? JSONDecoder().decode(Envelope.self, from: body), let message = envelope.error?.message ?? envelope.message {
            return message
        }
        return (try? JSONDecoder().decode(PlainEnvelope.self, from: body))?.error
    }

    /// `Retry-After: 7` or an HTTP date.
    static func parseRetryAfter(_ value: String) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed), seconds >= 0 { return .milliseconds(Int64(seconds * 1000)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return .milliseconds(Int64(max(0, date.timeIntervalSinceNow) * 1000))
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw LLMError(.malformedResponse, "the provider's answer is not the expected JSON (\(type))")
        }
    }
}

extension ReasoningEffort {
    /// The API's spelling: OpenAI calls extra_high `xhigh`.
    var wireValue: String { self == .extraHigh ? "xhigh" : rawValue }
}

extension HTTPClient {
    /// A client for model providers. Unlike `HTTPClient.shared` it does not keep retrying a
    /// refused connection until the deadline: an unreachable provider fails at once with
    /// `llm_connection` (retried by the gateway's own policy), so `doctor` and the rules-tier
    /// fallback answer quickly. `serve`, `worker` and `demo` make one and the ServiceGroup
    /// shuts it down; `.llm` is one that lives as long as the process, for short commands and tests.
    public static func forLLM() -> HTTPClient {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        // The default 8 HTTP/1 connections per host queue the 9th concurrent call behind the
        // others (a local llama.cpp or vLLM server speaks HTTP/1): with model calls of 0.5 s,
        // 20 form decisions at once waited 1.1 s at the median instead of 0.5 s.
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 64
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// A process-lifetime `forLLM()` client (the clients' default).
    public static let llm: HTTPClient = forLLM()
}
