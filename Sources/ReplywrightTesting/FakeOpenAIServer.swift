import Foundation
import Hummingbird
import Logging
import NIOCore
import ReplywrightCore
import ReplywrightLLM
import Synchronization

/// An in-process HTTP server speaking the OpenAI wire formats (`/v1/chat/completions`,
/// `/v1/responses`, `/v1/embeddings`, `/v1/models`), with scripted answers and faults.
///
/// Each request takes the next scripted step (or, with none left, answers `"ok"`), and is
/// recorded so tests can assert what the client sent.
public final class FakeOpenAIServer: Sendable {
    /// Token counts every successful answer reports.
    public struct Usage: Sendable, Hashable {
        public var input, cachedInput, output, reasoning: Int
        public init(input: Int = 12, cachedInput: Int = 4, output: Int = 7, reasoning: Int = 3) {
            self.input = input
            self.cachedInput = cachedInput
            self.output = output
            self.reasoning = reasoning
        }
    }

    public enum Step: Sendable {
        /// A completion with this text (JSON text for structured outputs).
        case reply(String, finishReason: String = "stop", usage: Usage = Usage())
        case toolCall(name: String, arguments: String)
        /// An error status with an OpenAI error body, optionally with `Retry-After`.
        case status(Int, message: String = "scripted failure", retryAfter: String? = nil)
        /// Waits this long before answering "ok" (to outlast deadlines).
        case hang(Duration)
        /// A 200 whose body is not JSON.
        case malformedJSON
    }

    /// One request as the server received it.
    public struct Received: Sendable {
        public var path: String
        public var authorization: String?
        public var body: JSONValue
        public var text: String
    }

    private struct State {
        var script: [Step] = []
        var received: [Received] = []
        var latency: Duration = .zero
        var embedding: (@Sendable (String) -> [Double])?
    }

    private let state = Mutex(State())
    /// Streams answer word by word, so clients see several deltas.
    public let models: [String]

    public init(models: [String] = ["gpt-5.2", "gpt-4.1-mini", "fake-local"]) {
        self.models = models
    }

    public func enqueue(_ steps: Step...) {
        state.withLock { $0.script.append(contentsOf: steps) }
    }

    public var received: [Received] { state.withLock { $0.received } }

    /// Every answer waits this long first (a model's think time), for latency benchmarks.
    /// How `/v1/embeddings` turns a text into a vector; `nil`: `[characters, 1, position]`.
    public var embedding: (@Sendable (String) -> [Double])? {
        get { state.withLock { $0.embedding } }
        set { state.withLock { $0.embedding = newValue } }
    }

    public var latency: Duration {
        get { state.withLock { $0.latency } }
        set { state.withLock { $0.latency = newValue } }
    }

    private func next(recording request: Received) -> Step {
        state.withLock { state in
            state.received.append(request)
            return state.script.isEmpty ? .reply("ok") : state.script.removeFirst()
        }
    }

    /// Starts the server on 127.0.0.1 (a free port), runs `body` with its `/v1` endpoint,
    /// then stops it.
    public func run<T: Sendable>(_ body: (OpenAIEndpoint) async throws -> T) async throws -> T {
        let router = Router()
        for path in ["/v1/chat/completions", "/v1/responses", "/v1/embeddings"] {
            router.post(RouterPath(stringLiteral: path)) { request, _ in try await self.answer(request, path: path) }
        }
        router.get("/v1/models") { request, _ in
            self.state.withLock {
                $0.received.append(Received(path: "/v1/models", authorization: request.headers[.authorization], body: .null, text: ""))
            }
            let body: JSONValue = .object(["object": "list", "data": .array(self.models.map { .object(["id": .string($0), "object": "model"]) })])
            return Self.json(body)
        }
        return try await withLoopbackServer(router, label: "fake-openai") { port in
            try await body(OpenAIEndpoint(baseURL: "http://127.0.0.1:\(port)/v1", apiKey: "sk-test-key"))
        }
    }

    private func answer(_ request: Request, path: String) async throws -> Response {
        let buffer = try await request.body.collect(upTo: 8 * 1024 * 1024)
        let text = String(buffer: buffer)
        let body = (try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))) ?? .null
        let step = next(
            recording: Received(
                path: path, authorization: request.headers[.authorization], body: body, text: text))
        let streaming = body.field("stream") == .bool(true)
        let latency = state.withLock { $0.latency }
        if latency > .zero { try await Task.sleep(for: latency) }
        switch step {
        case .status(let status, let message, let retryAfter):
            var response = Self.json(
                .object(["error": .object(["message": .string(message), "type": "scripted"])]),
                status: HTTPResponse.Status(code: status))
            if let retryAfter { response.headers[.retryAfter] = retryAfter }
            return response
        case .malformedJSON:
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{\"choices\": [")))
        case .hang(let duration):
            try await Task.sleep(for: duration)
            return try reply("ok", finishReason: "stop", usage: Usage(), toolCall: nil, path: path, body: body, streaming: streaming)
        case .reply(let text, let finishReason, let usage):
            return try reply(text, finishReason: finishReason, usage: usage, toolCall: nil, path: path, body: body, streaming: streaming)
        case .toolCall(let name, let arguments):
            return try reply(
                "", finishReason: "tool_calls", usage: Usage(), toolCall: (name, arguments), path: path, body: body, streaming: streaming)
        }
    }

    private func reply(
        _ text: String, finishReason: String, usage: Usage, toolCall: (String, String)?, path: String, body: JSONValue, streaming: Bool
    ) throws -> Response {
        let model = body.field("model")?.textValue ?? "unknown"
        switch path {
        case "/v1/embeddings":
            let inputs: [JSONValue] = if case .array(let items)? = body.field("input") { items } else { [] }
            let embed = state.withLock { $0.embedding }
            let data: [JSONValue] = inputs.enumerated().map { index, input in
                let text = input.textValue ?? ""
                let vector = embed?(text) ?? [Double(text.count), 1, Double(index)]
                return .object(["object": "embedding", "index": .number(Double(index)), "embedding": .array(vector.map { .number($0) })])
            }
            return Self.json(
                .object([
                    "object": "list", "model": .string(model), "data": .array(data),
                    "usage": .object(["prompt_tokens": .number(Double(usage.input)), "total_tokens": .number(Double(usage.input))]),
                ]))
        case "/v1/responses":
            return streaming
                ? Self.sse(Self.responsesEvents(text, finishReason: finishReason, usage: usage, model: model))
                : Self.json(Self.responsesBody(text, finishReason: finishReason, usage: usage, model: model, toolCall: toolCall))
        default:
            return streaming
                ? Self.sse(
                    Self.chatChunks(
                        text, finishReason: finishReason, usage: usage, model: model,
                        includeUsage: body.field("stream_options")?.field("include_usage") == .bool(true)))
                : Self.json(Self.chatBody(text, finishReason: finishReason, usage: usage, model: model, toolCall: toolCall))
        }
    }

    // MARK: - Wire shapes

    static func chatUsage(_ usage: Usage) -> JSONValue {
        .object([
            "prompt_tokens": .number(Double(usage.input)), "completion_tokens": .number(Double(usage.output)),
            "total_tokens": .number(Double(usage.input + usage.output)),
            "prompt_tokens_details": .object(["cached_tokens": .number(Double(usage.cachedInput)), "audio_tokens": 0]),
            "completion_tokens_details": .object(["reasoning_tokens": .number(Double(usage.reasoning))]),
        ])
    }

    static func chatBody(_ text: String, finishReason: String, usage: Usage, model: String, toolCall: (String, String)?) -> JSONValue {
        var message: [String: JSONValue] = ["role": "assistant", "content": toolCall == nil ? .string(text) : .null]
        if let (name, arguments) = toolCall {
            message["tool_calls"] = .array([
                .object([
                    "id": "call_1", "type": "function",
                    "function": .object(["name": .string(name), "arguments": .string(arguments)]),
                ])
            ])
        }
        return .object([
            "id": "chatcmpl-fake", "object": "chat.completion", "created": 1_700_000_000, "model": .string(model),
            "system_fingerprint": "fp_fake",
            "choices": .array([.object(["index": 0, "message": .object(message), "finish_reason": .string(finishReason), "logprobs": .null])]),
            "usage": chatUsage(usage),
            // llama.cpp adds these; clients must ignore them.
            "timings": .object(["prompt_n": 12, "predicted_per_second": 99.5]),
        ])
    }

    static func chatChunks(_ text: String, finishReason: String, usage: Usage, model: String, includeUsage: Bool) -> [String] {
        var events: [JSONValue] = [
            .object([
                "id": "c", "object": "chat.completion.chunk", "model": .string(model),
                "choices": .array([.object(["index": 0, "delta": .object(["role": "assistant", "content": ""])])]),
            ])
        ]
        for piece in words(text) {
            events.append(
                .object([
                    "id": "c", "object": "chat.completion.chunk", "model": .string(model),
                    "choices": .array([.object(["index": 0, "delta": .object(["content": .string(piece)])])]),
                ]))
        }
        events.append(
            .object([
                "id": "c", "object": "chat.completion.chunk", "model": .string(model),
                "choices": .array([.object(["index": 0, "delta": .object([:]), "finish_reason": .string(finishReason)])]),
            ]))
        if includeUsage {
            events.append(
                .object([
                    "id": "c", "object": "chat.completion.chunk", "model": .string(model), "choices": .array([]),
                    "usage": chatUsage(usage),
                ]))
        }
        return events.map(encode) + ["[DONE]"]
    }

    static func responsesBody(_ text: String, finishReason: String, usage: Usage, model: String, toolCall: (String, String)?) -> JSONValue {
        var output: [JSONValue] = [.object(["type": "reasoning", "id": "rs_1", "summary": .array([])])]
        if let (name, arguments) = toolCall {
            output.append(.object(["type": "function_call", "call_id": "call_1", "name": .string(name), "arguments": .string(arguments)]))
        } else {
            output.append(
                .object([
                    "type": "message", "role": "assistant", "status": "completed",
                    "content": .array([.object(["type": "output_text", "text": .string(text), "annotations": .array([])])]),
                ]))
        }
        let incomplete = finishReason == "length"
        return .object([
            "id": "resp_fake", "object": "response", "model": .string(model),
            "status": .string(incomplete ? "incomplete" : "completed"),
            "incomplete_details": incomplete ? .object(["reason": "max_output_tokens"]) : .null,
            "output": .array(output),
            "usage": .object([
                "input_tokens": .number(Double(usage.input)), "output_tokens": .number(Double(usage.output)),
                "total_tokens": .number(Double(usage.input + usage.output)),
                "input_tokens_details": .object(["cached_tokens": .number(Double(usage.cachedInput))]),
                "output_tokens_details": .object(["reasoning_tokens": .number(Double(usage.reasoning))]),
            ]),
        ])
    }

    static func responsesEvents(_ text: String, finishReason: String, usage: Usage, model: String) -> [String] {
        var events: [JSONValue] = [.object(["type": "response.created", "response": .object(["id": "resp_fake", "status": "in_progress"])])]
        for piece in words(text) {
            events.append(.object(["type": "response.output_text.delta", "item_id": "msg_1", "delta": .string(piece)]))
        }
        let final = responsesBody(text, finishReason: finishReason, usage: usage, model: model, toolCall: nil)
        events.append(.object(["type": finishReason == "length" ? "response.incomplete" : "response.completed", "response": final]))
        return events.map(encode)
    }

    /// Words with their following space, so the deltas join back to the text.
    static func words(_ text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if character == " " {
                pieces.append(current)
                current = ""
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    static func encode(_ value: JSONValue) -> String {
        String(decoding: (try? JSONEncoder().encode(value)) ?? Data(), as: UTF8.self)
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: encode(value))))
    }

    /// An SSE body, sent in two chunks that split an event mid-line (as networks do).
    static func sse(_ payloads: [String]) -> Response {
        let whole = payloads.map { "data: \($0)\n\n" }.joined()
        let split = whole.index(whole.startIndex, offsetBy: whole.count / 2)
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream"],
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: String(whole[..<split])))
                try await writer.write(ByteBuffer(string: String(whole[split...])))
                try await writer.finish(nil)
            })
    }
}
