import Foundation
import Metrics
import ReplywrightCore
import ReplywrightLLM
import ReplywrightTesting
import Testing

/// Against a real llama.cpp server (SmolLM2-135M) that `.ci/run` starts on 127.0.0.1 and
/// names in `REPLYWRIGHT_TEST_LLAMA_URL` (see scripts/llama-server.py). Skipped, with the
/// reason printed, when it is not running.
@Suite(
    "llama.cpp server (real)", .serialized,
    .enabled(if: LlamaServer.url != nil, "REPLYWRIGHT_TEST_LLAMA_URL is not set: start scripts/llama-server.py to run these"))
struct LlamaServerIntegrationTests {
    let client = ChatCompletionsClient(endpoint: OpenAIEndpoint(baseURL: LlamaServer.url ?? "http://127.0.0.1:9/v1", apiKey: nil))

    /// The deadline is generous: in the full suite the model server shares the two cores with
    /// the scenario tests (crash, fault storm, soak), and a structured answer once took over 60 s.
    func request(_ text: String, maxTokens: Int = 24) -> LLMRequest {
        LLMRequest(
            model: "smollm2", messages: [.system("You are a helpful assistant."), .user(text)], temperature: 0,
            maxOutputTokens: maxTokens, deadline: Date().addingTimeInterval(240), context: LLMCallContext(featureID: "integration"))
    }

    @Test func plainCompletionWithUsage() async throws {
        let response = try await client.generate(request("Say hello to Maya in one short sentence."))
        #expect(!response.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        #expect([.stop, .length].contains(response.finishReason))
        #expect(response.usage.inputTokens > 10 && response.usage.outputTokens > 0 && response.usage.outputTokens <= 24)
        #expect(response.model == "smollm2")
        let models = try await client.listModels(deadline: Date().addingTimeInterval(10))
        #expect(models.contains("smollm2"))
    }

    @Test func streamingMatchesTheFinalTextAndReportsUsage() async throws {
        var deltas: [String] = []
        var final: LLMResponse?
        for try await event in client.stream(request("Count from one to five in words.")) {
            switch event {
            case .textDelta(let delta): deltas.append(delta)
            case .completed(let response): final = response
            }
        }
        let response = try #require(final)
        #expect(deltas.count > 1, "tokens arrive one by one")
        #expect(deltas.joined() == response.text)
        #expect(response.usage.outputTokens > 0, "stream_options.include_usage is honoured")
    }

    @Test func jsonSchemaOutputIsParsedAndValidated() async throws {
        let schema = JSONSchema(
            name: "reply_intent",
            schema: [
                "type": "object", "additionalProperties": false, "required": ["intent", "wants_meeting"],
                "properties": [
                    "intent": ["type": "string", "enum": ["interested", "not_interested", "question"]],
                    "wants_meeting": ["type": "boolean"],
                ],
            ])
        #expect(schema.strictViolations.isEmpty)
        let gateway = LLMGateway(provider: client, recorder: nil, metrics: NOOPMetricsHandler.instance, logger: CapturedLogs().logger())
        let result = try await gateway.generateStructured(
            request("Classify this email: \"Sounds great, can we talk Tuesday?\"", maxTokens: 60), schema: schema)
        #expect(schema.validate(result.value).isEmpty)
        #expect(result.value.field("wants_meeting") == true || result.value.field("wants_meeting") == false)
    }

    @Test func errorsAreMappedToTypedCodes() async throws {
        let base = try #require(LlamaServer.url)
        let wrongPath = ChatCompletionsClient(endpoint: OpenAIEndpoint(baseURL: base + "/no-such-api", apiKey: nil))
        let missing = try await #require(throws: LLMError.self) { try await wrongPath.generate(request("hi")) }
        #expect(missing.code == .notFound && !missing.isRetryable)
        var impossible = request("hi")
        impossible.output = .jsonSchema(
            JSONSchema(
                name: "broken",
                schema: [
                    "type": "object", "properties": ["a": ["$ref": "#/nowhere"]],
                ]))
        let rejected = try await #require(throws: LLMError.self) { try await client.generate(impossible) }
        #expect(rejected.code == .badRequest && rejected.httpStatus == 400 && !rejected.isRetryable)
        #expect(rejected.message.contains("cannot resolve $ref"), "the server's reason is kept: \(rejected.message)")
    }
}

enum LlamaServer {
    static var url: String? {
        guard let value = ProcessInfo.processInfo.environment["REPLYWRIGHT_TEST_LLAMA_URL"], !value.isEmpty else { return nil }
        return value
    }
}
