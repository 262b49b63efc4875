import Foundation
import ReplywrightCore

/// OpenAI Responses API (`/v1/responses`) JSON.
enum ResponsesWire {
    struct Request: Encodable {
        struct Input: Encodable {
            var role: String
            var content: String
        }
        struct Reasoning: Encodable { var effort: String }
        struct Text: Encodable {
            struct Format: Encodable {
                var type: String
                var name: String?
                var schema: JSONValue?
                var strict: Bool?
            }
            var format: Format
        }
        struct Tool: Encodable {
            var type = "function"
            var name: String
            var description: String
            var parameters: JSONValue
            var strict: Bool?
        }
        struct ToolChoice: Encodable {
            var type = "function"
            var name: String
        }

        var model: String
        var input: [Input]
        var reasoning: Reasoning?
        var temperature: Double?
        var max_output_tokens: Int?
        var text: Text?
        var tools: [Tool]?
        var tool_choice: ToolChoice?
        var stream: Bool?
        var store = false

        init(_ request: LLMRequest, stream: Bool) {
            model = request.model
            input = request.messages.map { Input(role: $0.role.rawValue, content: $0.content) }
            reasoning = request.reasoningEffort.map { Reasoning(effort: $0.wireValue) }
            temperature = request.temperature
            max_output_tokens = request.maxOutputTokens
            if case .jsonSchema(let schema) = request.output {
                text = Text(format: .init(type: "json_schema", name: schema.name, schema: schema.schema, strict: true))
            }
            tools =
                request.tools.isEmpty
                ? nil
                : request.tools.map { Tool(name: $0.name, description: $0.description, parameters: $0.parameters, strict: $0.strict ? true : nil) }
            tool_choice = request.requiredTool.map { ToolChoice(name: $0) }
            self.stream = stream ? true : nil
        }
    }

    struct Usage: Decodable {
        struct InputDetails: Decodable { var cached_tokens: Int? }
        struct OutputDetails: Decodable { var reasoning_tokens: Int? }
        var input_tokens: Int?
        var output_tokens: Int?
        var input_tokens_details: InputDetails?
        var output_tokens_details: OutputDetails?

        var usage: LLMUsage {
            LLMUsage(
                inputTokens: input_tokens ?? 0, cachedInputTokens: input_tokens_details?.cached_tokens ?? 0,
                outputTokens: output_tokens ?? 0, reasoningTokens: output_tokens_details?.reasoning_tokens ?? 0)
        }
    }

    struct Response: Decodable {
        struct Item: Decodable {
            struct Content: Decodable {
                var type: String
                var text: String?
            }
            var type: String
            var content: [Content]?
            var call_id: String?
            var name: String?
            var arguments: String?
        }
        struct Incomplete: Decodable { var reason: String? }
        struct Failure: Decodable { var message: String? }
        var model: String?
        var status: String?
        var incomplete_details: Incomplete?
        var error: Failure?
        var output: [Item]?
        var usage: Usage?

        func llmResponse(requestedModel: String) throws -> LLMResponse {
            if status == "failed" {
                throw LLMError(.serverError, "the response failed: \(error?.message?.prefix(200) ?? "no reason given")")
            }
            let items = output ?? []
            let text = items.filter { $0.type == "message" }
                .flatMap { $0.content ?? [] }
                .filter { $0.type == "output_text" }
                .compactMap(\.text).joined()
            let calls = items.filter { $0.type == "function_call" }.map {
                LLMToolCall(id: $0.call_id ?? "", name: $0.name ?? "", arguments: $0.arguments ?? "")
            }
            let finish: FinishReason
            if status == "incomplete" {
                finish = incomplete_details?.reason == "content_filter" ? .contentFilter : .length
            } else {
                finish = calls.isEmpty ? .stop : .toolCalls
            }
            return LLMResponse(
                text: text, toolCalls: calls, finishReason: finish, usage: usage?.usage ?? LLMUsage(),
                model: model ?? requestedModel)
        }
    }

    /// One streamed event: `response.output_text.delta`, `response.completed`, `error`…
    struct Event: Decodable {
        struct Failure: Decodable { var message: String? }
        var type: String
        var delta: String?
        var response: Response?
        var message: String?
    }
}
