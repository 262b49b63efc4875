import Foundation
import ReplywrightCore

/// `/v1/chat/completions` and `/v1/embeddings` JSON. Decoders read only what they need, so
/// extra fields (`timings`, `system_fingerprint`, `prompt_tokens_details`…) are fine.
enum ChatWire {
    struct Request: Encodable {
        struct Message: Encodable {
            var role: String
            var content: String
        }
        struct ResponseFormat: Encodable {
            struct Schema: Encodable {
                var name: String
                var schema: JSONValue
                var strict: Bool
            }
            var type: String
            var json_schema: Schema?
        }
        struct Tool: Encodable {
            struct Function: Encodable {
                var name: String
                var description: String
                var parameters: JSONValue
                var strict: Bool?
            }
            var type = "function"
            var function: Function
        }
        struct ToolChoice: Encodable {
            struct Function: Encodable { var name: String }
            var type = "function"
            var function: Function
        }
        struct StreamOptions: Encodable { var include_usage: Bool }

        var model: String
        var messages: [Message]
        var temperature: Double?
        var max_tokens: Int?
        var max_completion_tokens: Int?
        var reasoning_effort: String?
        var response_format: ResponseFormat?
        var tools: [Tool]?
        var tool_choice: ToolChoice?
        var stream: Bool?
        var stream_options: StreamOptions?

        init(_ request: LLMRequest, stream: Bool, reasoningModel: Bool) {
            model = request.model
            messages = request.messages.map { Message(role: $0.role.rawValue, content: $0.content) }
            temperature = request.temperature
            // OpenAI's reasoning models only take max_completion_tokens; compatible servers
            // (llama.cpp, Ollama, vLLM) all read max_tokens.
            if reasoningModel { max_completion_tokens = request.maxOutputTokens } else { max_tokens = request.maxOutputTokens }
            reasoning_effort = request.reasoningEffort?.wireValue
            if case .jsonSchema(let schema) = request.output {
                response_format = ResponseFormat(type: "json_schema", json_schema: .init(name: schema.name, schema: schema.schema, strict: true))
            }
            tools =
                request.tools.isEmpty
                ? nil
                : request.tools.map {
                    Tool(function: .init(name: $0.name, description: $0.description, parameters: $0.parameters, strict: $0.strict ? true : nil))
                }
            tool_choice = request.requiredTool.map { ToolChoice(function: .init(name: $0)) }
            if stream {
                self.stream = true
                stream_options = StreamOptions(include_usage: true)
            }
        }
    }

    struct Usage: Decodable {
        struct PromptDetails: Decodable { var cached_tokens: Int? }
        struct CompletionDetails: Decodable { var reasoning_tokens: Int? }
        var prompt_tokens: Int?
        var completion_tokens: Int?
        var prompt_tokens_details: PromptDetails?
        var completion_tokens_details: CompletionDetails?

        var usage: LLMUsage {
            LLMUsage(
                inputTokens: prompt_tokens ?? 0, cachedInputTokens: prompt_tokens_details?.cached_tokens ?? 0,
                outputTokens: completion_tokens ?? 0, reasoningTokens: completion_tokens_details?.reasoning_tokens ?? 0)
        }
    }

    struct ToolCall: Decodable {
        struct Function: Decodable {
            var name: String?
            var arguments: String?
        }
        var index: Int?
        var id: String?
        var function: Function?
    }

    struct Response: Decodable {
        struct Choice: Decodable {
            struct Message: Decodable {
                var content: String?
                var tool_calls: [ToolCall]?
            }
            var message: Message
            var finish_reason: String?
        }
        var model: String?
        var choices: [Choice]
        var usage: Usage?
    }

    struct Chunk: Decodable {
        struct Choice: Decodable {
            struct Delta: Decodable {
                var content: String?
                var tool_calls: [ToolCall]?
            }
            var delta: Delta?
            var finish_reason: String?
        }
        var model: String?
        var choices: [Choice]?
        var usage: Usage?
    }

    struct Models: Decodable {
        struct Model: Decodable { var id: String }
        var data: [Model]
    }

    struct EmbeddingsRequest: Encodable {
        var model: String
        var input: [String]
    }

    struct EmbeddingsResponse: Decodable {
        struct Item: Decodable {
            var index: Int
            var embedding: [Double]
        }
        var model: String?
        var data: [Item]
        var usage: Usage?
    }

    static func finishReason(_ value: String?) -> FinishReason {
        switch value {
        case "stop"?, nil: return .stop
        case "length"?: return .length
        case "tool_calls"?, "function_call"?: return .toolCalls
        case "content_filter"?: return .contentFilter
        default: return .other
        }
    }
}
