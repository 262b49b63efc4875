import Foundation
import ReplywrightCore
import ReplywrightLLM
import ReplywrightTesting
import Testing

/// The wire clients against the in-process fake server: what they send, what they parse,
/// how they map failures.
@Suite("OpenAI wire clients")
struct ClientWireTests {
    static let schema = JSONSchema(
        name: "answer",
        schema: [
            "type": "object", "additionalProperties": false, "required": ["intent"],
            "properties": ["intent": ["type": "string"]],
        ])

    func request(
        _ model: String = "gpt-4.1-mini", effort: ReasoningEffort? = nil, output: LLMOutputFormat = .text,
        deadline: Date? = nil
    ) -> LLMRequest {
        LLMRequest(
            model: model, messages: [.system("be brief"), .user("hello there")], reasoningEffort: effort, temperature: 0.2,
            maxOutputTokens: 50, output: output, deadline: deadline, context: LLMCallContext(featureID: "test"))
    }

    @Test func chatCompletionSendsTheRequestAndReadsUsage() async throws {
        let server = FakeOpenAIServer()
        server.enqueue(.reply("{\"intent\":\"pricing\"}", usage: .init(input: 30, cachedInput: 10, output: 9, reasoning: 2)))
        try await server.run { endpoint in
            let client = ChatCompletionsClient(endpoint: endpoint)
            let response = try await client.generate(request(output: .jsonSchema(Self.schema)))
            #expect(response.text == "{\"intent\":\"pricing\"}")
            #expect(response.finishReason == .stop && response.model == "gpt-4.1-mini")
            #expect(response.usage == LLMUsage(inputTokens: 30, cachedInputTokens: 10, outputTokens: 9, reasoningTokens: 2))
        }
        let sent = try #require(server.received.first)
        #expect(sent.path == "/v1/chat/completions" && sent.authorization == "Bearer sk-test-key")
        #expect(sent.body.field("messages") == [["role": "system", "content": "be brief"], ["role": "user", "content": "hello there"]])
        #expect(sent.body.field("max_tokens") == 50 && sent.body.field("temperature") == 0.2)
        #expect(
            sent.body.field("response_format") == [
                "type": "json_schema", "json_schema": ["name": "answer", "strict": true, "schema": Self.schema.schema],
            ])
        #expect(sent.body.field("stream") == nil && sent.body.field("reasoning_effort") == nil)
    }

    @Test func reasoningModelsGetMaxCompletionTokensAndXhigh() async throws {
        let server = FakeOpenAIServer()
        try await server.run { endpoint in
            _ = try await ChatCompletionsClient(endpoint: endpoint).generate(request("gpt-5.2", effort: .extraHigh))
        }
        let body = try #require(server.received.first).body
        #expect(body.field("max_completion_tokens") == 50 && body.field("max_tokens") == nil)
        #expect(body.field("reasoning_effort") == "xhigh")
    }

    @Test func responsesAPISendsReasoningAndTextFormat() async throws {
        let server = FakeOpenAIServer()
        server.enqueue(.reply("{\"intent\":\"x\"}", usage: .init(input: 100, cachedInput: 64, output: 20, reasoning: 12)))
        try await server.run { endpoint in
            let response = try await ResponsesClient(endpoint: endpoint).generate(request("gpt-5.2", effort: .high, output: .jsonSchema(Self.schema)))
            #expect(response.text == "{\"intent\":\"x\"}" && response.finishReason == .stop)
            #expect(response.usage == LLMUsage(inputTokens: 100, cachedInputTokens: 64, outputTokens: 20, reasoningTokens: 12))
        }
        let sent = try #require(server.received.first)
        #expect(sent.path == "/v1/responses")
        #expect(sent.body.field("reasoning") == ["effort": "high"])
        #expect(sent.body.field("max_output_tokens") == 50)
        #expect(sent.body.field("text") == ["format": ["type": "json_schema", "name": "answer", "strict": true, "schema": Self.schema.schema]])
        #expect(sent.body.field("input") == [["role": "system", "content": "be brief"], ["role": "user", "content": "hello there"]])
    }

    @Test func truncatedOutputIsReportedByBothAPIs() async throws {
        let server = FakeOpenAIServer()
        server.enqueue(.reply("{\"intent\":", finishReason: "length"), .reply("{\"intent\":", finishReason: "length"))
        try await server.run { endpoint in
            let chat = try await ChatCompletionsClient(endpoint: endpoint).generate(request())
            let responses = try await ResponsesClient(endpoint: endpoint).generate(request())
            #expect(chat.finishReason == .length && responses.finishReason == .length)
        }
    }

    @Test func streamingDeliversDeltasThenUsage() async throws {
        let server = FakeOpenAIServer()
        let text = "Thanks for getting back to me so quickly"
        server.enqueue(.reply(text, usage: .init(input: 5, cachedInput: 0, output: 8, reasoning: 0)), .reply(text))
        try await server.run { endpoint in
            for client in [ChatCompletionsClient(endpoint: endpoint) as any LLMProvider, ResponsesClient(endpoint: endpoint)] {
                var deltas: [String] = []
                var final: LLMResponse?
                for try await event in client.stream(request()) {
                    switch event {
                    case .textDelta(let delta): deltas.append(delta)
                    case .completed(let response): final = response
                    }
                }
                #expect(deltas.count == 8, "\(client.name): one delta per word")
                #expect(deltas.joined() == text && final?.text == text)
                #expect(final?.usage.outputTokens == 8 || final?.usage.outputTokens == 7)
            }
        }
        #expect(server.received[0].body.field("stream_options") == ["include_usage": true])
        #expect(server.received[1].body.field("stream") == true)
    }

    @Test func toolCallsAndEmbeddingsAndModels() async throws {
        let server = FakeOpenAIServer(models: ["gpt-5.2", "text-embedding-3-small"])
        server.enqueue(.toolCall(name: "propose_times", arguments: "{\"days\":2}"))
        try await server.run { endpoint in
            let client = ChatCompletionsClient(endpoint: endpoint)
            var withTools = request()
            withTools.tools = [LLMTool(name: "propose_times", description: "Offer slots", parameters: ["type": "object"])]
            let response = try await client.generate(withTools)
            #expect(response.finishReason == .toolCalls)
            #expect(response.toolCalls == [LLMToolCall(id: "call_1", name: "propose_times", arguments: "{\"days\":2}")])
            let embedded = try await client.embed(
                EmbeddingRequest(
                    model: "text-embedding-3-small", inputs: ["ab", "abcd"],
                    context: LLMCallContext(featureID: "test")))
            #expect(embedded.vectors == [[2, 1, 0], [4, 1, 1]])
            let models = try await client.listModels(deadline: nil)
            #expect(models == ["gpt-5.2", "text-embedding-3-small"])
        }
        #expect(
            server.received[0].body.field("tools") == [
                [
                    "type": "function",
                    "function": [
                        "name": "propose_times", "description": "Offer slots", "parameters": ["type": "object"],
                    ],
                ]
            ])
        #expect(server.received[0].body.field("tool_choice") == nil, "the model chooses unless told")
    }

    @Test func aRequiredStrictToolIsSentAsSuch() async throws {
        let server = FakeOpenAIServer()
        server.enqueue(.toolCall(name: "propose_next_step", arguments: "{}"), .toolCall(name: "propose_next_step", arguments: "{}"))
        try await server.run { endpoint in
            var forced = request()
            forced.tools = [LLMTool(name: "propose_next_step", description: "Next step", parameters: ["type": "object"], strict: true)]
            forced.requiredTool = "propose_next_step"
            _ = try await ChatCompletionsClient(endpoint: endpoint).generate(forced)
            _ = try await ResponsesClient(endpoint: endpoint).generate(forced)
        }
        #expect(server.received[0].body.field("tool_choice") == ["type": "function", "function": ["name": "propose_next_step"]])
        #expect(server.received[0].body.field("tools")?.arrayValue?.first?.field("function")?.field("strict") == .bool(true))
        #expect(server.received[1].body.field("tool_choice") == ["type": "function", "name": "propose_next_step"])
        #expect(server.received[1].body.field("tools")?.arrayValue?.first?.field("strict") == .bool(true))
    }

    @Test(arguments: [
        (400, LLMError.Code.badRequest, false), (401, .unauthorized, false), (404, .notFound, false),
        (429, .rateLimited, true), (500, .serverError, true), (503, .serverError, true),
    ])
    func statusesMapToTypedErrors(status: Int, code: LLMError.Code, retryable: Bool) async throws {
        let server = FakeOpenAIServer()
        server.enqueue(.status(status, message: "nope", retryAfter: status == 429 ? "7" : nil))
        try await server.run { endpoint in
            let error = try await #require(throws: LLMError.self) { try await ChatCompletionsClient(endpoint: endpoint).generate(request()) }
            #expect(error.code == code && error.httpStatus == status && error.isRetryable == retryable)
            #expect(error.message.contains("nope"), "the provider's own message is kept")
            if status == 429 { #expect(error.retryAfter == .seconds(7)) }
        }
    }

    @Test func malformedBodiesAndHangsAreTypedToo() async throws {
        let server = FakeOpenAIServer()
        server.enqueue(.malformedJSON, .hang(.seconds(5)))
        try await server.run { endpoint in
            let client = ChatCompletionsClient(endpoint: endpoint)
            let malformed = try await #require(throws: LLMError.self) { try await client.generate(request()) }
            #expect(malformed.code == .malformedResponse)
            let started = ContinuousClock.now
            let hung = try await #require(throws: LLMError.self) { try await client.generate(request(deadline: Date().addingTimeInterval(0.3))) }
            #expect(hung.code == .timeout && hung.isRetryable)
            #expect(ContinuousClock.now - started < .seconds(3), "the deadline cut the call short")
            let late = try await #require(throws: LLMError.self) { try await client.generate(request(deadline: Date().addingTimeInterval(-1))) }
            #expect(late.code == .deadlineExceeded)
        }
    }

    @Test func unreachableServerIsAConnectionError() async throws {
        let client = ChatCompletionsClient(endpoint: OpenAIEndpoint(baseURL: "http://127.0.0.1:9/v1", apiKey: nil))
        let error = try await #require(throws: LLMError.self) { try await client.generate(request()) }
        #expect(error.code == .connection && error.isRetryable)
    }
}
