import Foundation
import Metrics
import ReplywrightCore
import ReplywrightLLM
import ReplywrightTesting
import Testing

@Suite("Structured outputs: validation and one repair")
struct StructuredOutputTests {
    static let schema = JSONSchema(
        name: "strategy",
        schema: [
            "type": "object", "additionalProperties": false, "required": ["intent", "points"],
            "properties": ["intent": ["type": "string"], "points": ["type": "array", "items": ["type": "string"]]],
        ])

    let request = LLMRequest(
        model: "gpt-4.1-mini", messages: [.user("plan a reply")], maxOutputTokens: 100,
        context: LLMCallContext(featureID: "draft.strategy"))

    func withGateway(
        _ server: FakeOpenAIServer, recorder: MemoryInteractionRecorder = MemoryInteractionRecorder(),
        _ body: (LLMGateway) async throws -> Void
    ) async throws {
        try await server.run { endpoint in
            try await body(
                LLMGateway(
                    provider: ChatCompletionsClient(endpoint: endpoint), recorder: recorder,
                    metrics: NOOPMetricsHandler.instance, logger: CapturedLogs().logger(), clock: ManualLLMClock().clock))
        }
    }

    @Test func validAnswerPassesFirstTime() async throws {
        let server = FakeOpenAIServer()
        server.enqueue(.reply("{\"intent\":\"pricing\",\"points\":[\"cost\"]}"))
        try await withGateway(server) { gateway in
            let result = try await gateway.generateStructured(request, schema: Self.schema)
            #expect(result.value == ["intent": "pricing", "points": ["cost"]] && !result.repaired)
        }
        #expect(server.received.count == 1)
    }

    @Test func invalidAnswerIsRepairedOnceWithTheProblemsNamed() async throws {
        let server = FakeOpenAIServer()
        let recorder = MemoryInteractionRecorder()
        server.enqueue(.reply("{\"intent\":\"pricing\"}"), .reply("```json\n{\"intent\":\"pricing\",\"points\":[]}\n```"))
        try await withGateway(server, recorder: recorder) { gateway in
            let result = try await gateway.generateStructured(request, schema: Self.schema)
            #expect(result.repaired && result.value == ["intent": "pricing", "points": []])
        }
        let repair = server.received[1].body.field("messages")
        guard case .array(let messages)? = repair else {
            Issue.record("no messages")
            return
        }
        #expect(messages.count == 3, "question, the invalid answer, the repair instruction")
        #expect(messages[2].field("content")?.textValue?.contains("$.points: required property is missing") == true)
        #expect(recorder.interactions.map { $0.metadata["repair"] } == [nil, 1])
    }

    @Test func truncatedAnswerIsAskedAgainWithMoreRoom() async throws {
        let server = FakeOpenAIServer()
        server.enqueue(.reply("{\"intent\":\"pri", finishReason: "length"), .reply("{\"intent\":\"p\",\"points\":[]}"))
        try await withGateway(server) { gateway in
            let result = try await gateway.generateStructured(request, schema: Self.schema)
            #expect(result.repaired)
        }
        #expect(server.received[0].body.field("max_tokens") == 100)
        #expect(server.received[1].body.field("max_tokens") == 200)
    }

    @Test func secondFailureIsATypedErrorToFallBackFrom() async throws {
        let server = FakeOpenAIServer()
        server.enqueue(
            .reply("sure! here you go"), .reply("{\"intent\": 42, \"points\": []}"),
            .reply("{", finishReason: "length"), .reply("{", finishReason: "length"))
        try await withGateway(server) { gateway in
            let mismatch = try await #require(throws: LLMError.self) { try await gateway.generateStructured(request, schema: Self.schema) }
            #expect(mismatch.code == .schemaMismatch && mismatch.message == "$.intent: expected string, got number")
            let truncated = try await #require(throws: LLMError.self) { try await gateway.generateStructured(request, schema: Self.schema) }
            #expect(truncated.code == .truncated)
        }
        #expect(server.received.count == 4, "exactly one repair each")
    }

    @Test func nonStrictSchemasAreRefusedBeforeAnyCall() async throws {
        let server = FakeOpenAIServer()
        let loose = JSONSchema(name: "loose", schema: ["type": "object", "properties": ["a": ["type": "string"]]])
        try await withGateway(server) { gateway in
            let error = try await #require(throws: LLMError.self) { try await gateway.generateStructured(request, schema: loose) }
            #expect(error.code == .badRequest && error.message.contains("additionalProperties"))
        }
        #expect(server.received.isEmpty)
    }
}
