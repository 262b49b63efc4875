import AsyncHTTPClient
import Foundation
import NIOCore

/// The OpenAI Responses API (`/v1/responses`), OpenAI's native interface with
/// `reasoning.effort` and `text.format`. Embeddings and models use the shared endpoints.
public struct ResponsesClient: LLMProvider {
    public let name: String
    let transport: OpenAITransport
    /// `/v1/embeddings` and `/v1/models` are the same for both APIs.
    private let shared: ChatCompletionsClient

    public init(endpoint: OpenAIEndpoint, http: HTTPClient = .llm, defaultTimeout: Duration = .seconds(120)) {
        self.name = "openai-responses@\(endpoint.host)"
        self.transport = OpenAITransport(endpoint: endpoint, http: http, defaultTimeout: defaultTimeout)
        self.shared = ChatCompletionsClient(endpoint: endpoint, http: http, defaultTimeout: defaultTimeout)
    }

    public func generate(_ request: LLMRequest) async throws -> LLMResponse {
        let data = try await transport.postJSON("/responses", body: ResponsesWire.Request(request, stream: false), deadline: request.deadline)
        return try OpenAITransport.decode(ResponsesWire.Response.self, from: data).llmResponse(requestedModel: request.model)
    }

    public func stream(_ request: LLMRequest) -> AsyncThrowingStream<LLMStreamEvent, any Error> {
        OpenAITransport.stream { continuation in
            let response = try await transport.openStream(
                "/responses", body: ResponsesWire.Request(request, stream: true), deadline: request.deadline)
            var finished = false
            try await transport.forEachEvent(in: response) { payload in
                let event = try OpenAITransport.decode(ResponsesWire.Event.self, from: Data(payload.utf8))
                switch event.type {
                case "response.output_text.delta":
                    if let delta = event.delta, !delta.isEmpty { continuation.yield(.textDelta(delta)) }
                case "response.completed", "response.incomplete", "response.failed":
                    guard let whole = event.response else { throw LLMError(.malformedResponse, "\(event.type) without a response") }
                    continuation.yield(.completed(try whole.llmResponse(requestedModel: request.model)))
                    finished = true
                case "error":
                    throw LLMError(.serverError, "stream error: \(event.message?.prefix(200) ?? "no reason given")")
                default:
                    break
                }
            }
            guard finished else { throw LLMError(.malformedResponse, "the stream ended before response.completed") }
        }
    }

    public func embed(_ request: EmbeddingRequest) async throws -> EmbeddingResponse {
        try await shared.embed(request)
    }

    public func listModels(deadline: Date?) async throws -> [String] {
        try await shared.listModels(deadline: deadline)
    }
}
