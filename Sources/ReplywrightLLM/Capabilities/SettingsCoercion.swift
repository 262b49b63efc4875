import Foundation

/// One setting changed to fit the model, reported (never thrown) so callers and the settings
/// page can say what actually ran.
public struct Coercion: Sendable, Hashable, CustomStringConvertible {
    public enum Setting: String, Sendable, Hashable {
        case temperature
        case reasoningEffort = "reasoning_effort"
        case maxOutputTokens = "max_output_tokens"
        case structuredOutput = "structured_output"
    }
    public var setting: Setting
    public var requested: String
    public var applied: String
    public var reason: String

    public var description: String { "\(setting.rawValue) \(requested) → \(applied): \(reason)" }
}

extension ModelCapabilities {
    /// `request` with every setting the model cannot take replaced by what it can: no
    /// temperature for reasoning models, an invalid temperature dropped, an effort the model
    /// lacks lowered to the nearest it has (or removed), output tokens capped.
    public func coerce(_ request: LLMRequest) -> (request: LLMRequest, coercions: [Coercion]) {
        var request = request
        var coercions: [Coercion] = []
        if let temperature = request.temperature {
            if !acceptsTemperature {
                request.temperature = nil
                coercions.append(
                    Coercion(
                        setting: .temperature, requested: "\(temperature)", applied: "default",
                        reason: "\(request.model) does not accept a temperature"))
            } else if !temperature.isFinite || temperature < 0 || temperature > 2 {
                request.temperature = nil
                coercions.append(
                    Coercion(
                        setting: .temperature, requested: "\(temperature)", applied: "default",
                        reason: "temperature must be between 0 and 2"))
            }
        }
        if reasoningEfforts.isEmpty {
            if let effort = request.reasoningEffort {
                request.reasoningEffort = nil
                coercions.append(
                    Coercion(
                        setting: .reasoningEffort, requested: effort.rawValue, applied: "none",
                        reason: "\(request.model) has no reasoning effort setting"))
            }
        } else if let effort = request.reasoningEffort, !reasoningEfforts.contains(effort) {
            let lower = reasoningEfforts.filter { $0 < effort }.max() ?? defaultEffort ?? reasoningEfforts[0]
            request.reasoningEffort = lower
            coercions.append(
                Coercion(
                    setting: .reasoningEffort, requested: effort.rawValue, applied: lower.rawValue,
                    reason: "\(request.model) does not offer \(effort.rawValue)"))
        } else if request.reasoningEffort == nil {
            request.reasoningEffort = defaultEffort
        }
        if let tokens = request.maxOutputTokens, maxOutputTokens > 0, tokens > maxOutputTokens || tokens < 1 {
            let applied = min(max(tokens, 1), maxOutputTokens)
            request.maxOutputTokens = applied
            coercions.append(
                Coercion(
                    setting: .maxOutputTokens, requested: "\(tokens)", applied: "\(applied)",
                    reason: "\(request.model) allows 1…\(maxOutputTokens) output tokens"))
        }
        if case .jsonSchema(let schema) = request.output, !structuredOutputs {
            // The schema goes into the prompt instead; the answer is still validated.
            request.output = .text
            let schemaText = String(decoding: (try? JSONEncoder().encode(schema.schema)) ?? Data(), as: UTF8.self)
            request.messages.insert(.system("Answer with a single JSON object matching this JSON schema, and nothing else: \(schemaText)"), at: 0)
            coercions.append(
                Coercion(
                    setting: .structuredOutput, requested: "json_schema", applied: "schema in the prompt",
                    reason: "\(request.model) has no structured outputs"))
        }
        return (request, coercions)
    }

    /// Parses a stored or user-typed effort ("extra_high", "", null…): unknown values are
    /// nil, which means the model's default.
    public static func effort(fromSetting value: String?) -> ReasoningEffort? {
        value.flatMap { ReasoningEffort(rawValue: $0.trimmingCharacters(in: .whitespaces).lowercased()) }
    }
}
