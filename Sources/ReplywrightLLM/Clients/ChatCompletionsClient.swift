import AsyncHTTPClient
import Foundation
import NIOCore

/// The OpenAI-compatible Chat Completions API (`/v1/chat/completions`, `/v1/embeddings`,
/// `/v1/models`): OpenAI, Ollama, vLLM, LM Studio, the llama.cpp server.
public struct ChatCompletionsClient: LLMProvider {
    public let name: String
    let transport: OpenAITransport
    let catalog: ModelCatalog

    public init(
        endpoint: OpenAIEndpoint, http: HTTPClient = .llm, catalog: ModelCatalog = .standard,
        defaultTimeout: Duration = .seconds(120)
    ) {
        self.name = "chat-completions@\(endpoint.host)"
        self.transport = OpenAITransport(endpoint: endpoint, http: http, defaultTimeout: defaultTimeout)
        self.catalog = catalog
    }

    private func body(_ request: LLMRequest, stream: Bool) -> ChatWire.Request {
        ChatWire.Request(request, stream: stream, reasoningModel: !catalog.capabilities(for: request.model).reasoningEfforts.isEmpty)
    }

    public func generate(_ request: LLMRequest) async throws -> LLMResponse {
        let data = try await transport.postJSON("/chat/completions", body: body(request, stream: false), deadline: request.deadline)
        let decoded = try OpenAITransport.decode(ChatWire.Response.self, from: data)
        guard let choice = decoded.choices.first else { throw LLMError(.malformedResponse, "the answer has no choices") }
        return LLMResponse(
            text: choice.message.content ?? "",
            toolCalls: (choice.message.tool_calls ?? []).map {
                LLMToolCall(id: $0.id ?? "", name: $0.function?.name ?? "", arguments: $0.function?.arguments ?? "")
            },
            finishReason: ChatWire.finishReason(choice.finish_reason),
            usage: decoded.usage?.usage ?? LLMUsage(), model: decoded.model ?? request.model)
    }

    public func stream(_ request: LLMRequest) -> AsyncThrowingStream<LLMStreamEvent, any Error> {
        OpenAITransport.stream { continuation in
            let response = try await transport.openStream("/chat/completions", body: body(request, stream: true), deadline: request.deadline)
            var text = ""
            var finish: FinishReason = .stop
            var usage = LLMUsage()
            var model = request.model
            var toolCalls: [Int: LLMToolCall] = [:]
            try await transport.forEachEvent(in: response) { payload in
                guard payload != "[DONE]" else { return }
                let chunk = try OpenAITransport.decode(ChatWire.Chunk.self, from: Data(payload.utf8))
                if let served = chunk.model { model = served }
                if let chunkUsage = chunk.usage { usage = chunkUsage.usage }
                for choice in chunk.choices ?? [] {
                    if let delta = choice.delta?.content, !delta.isEmpty {
                        text += delta
                        continuation.yield(.textDelta(delta))
                    }
                    // Tool calls arrive in pieces, keyed by index.
                    for call in choice.delta?.tool_calls ?? [] {
                        var current = toolCalls[call.index ?? 0] ?? LLMToolCall(id: "", name: "", arguments: "")
                        if let id = call.id { current.id = id }
                        if let name = call.function?.name { current.name += name }
                        if let arguments = call.function?.arguments { current.arguments += arguments }
                        toolCalls[call.index ?? 0] = current
                    }
                    if let reason = choice.finish_reason { finish = ChatWire.finishReason(reason) }
                }
            }
            continuation.yield(
                .completed(
                    LLMResponse(
                        text: text, toolCalls: toolCalls.sorted { $0.key < $1.key }.map(\.value), finishReason: finish,
                        usage: usage, model: model)))
        }
    }

    public func embed(_ request: EmbeddingRequest) async throws -> EmbeddingResponse {
        let data = try await transport.postJSON(
            "/embeddings", body: ChatWire.EmbeddingsRequest(model: request.model, input: request.inputs), deadline: request.deadline)
        let decoded = try OpenAITransport.decode(ChatWire.EmbeddingsResponse.self, from: data)
        guard decoded.data.count == request.inputs.count else {
            throw LLMError(.malformedResponse, "asked for \(request.inputs.count) embeddings, got \(decoded.data.count)")
        }
        return EmbeddingResponse(
            vectors: decoded.data.sorted { $0.index < $1.index }.map(\.embedding),
            usage: decoded.usage?.usage ?? LLMUsage(), model: decoded.model ?? request.model)
    }

    public func listModels(deadline: Date?) async throws -> [String] {
        try OpenAITransport.decode(ChatWire.Models.self, from: try await transport.getJSON("/models", deadline: deadline)).data.map(\.id)
    }
}
