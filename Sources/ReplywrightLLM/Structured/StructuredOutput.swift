import Foundation
import ReplywrightCore

/// A structured answer that matched its schema.
public struct StructuredResponse: Sendable, Hashable {
    public var value: JSONValue
    public var response: LLMResponse
    /// The first answer was invalid or truncated and the repair re-ask fixed it.
    public var repaired: Bool
}

extension LLMProvider {
    /// Asks for JSON matching `schema` and validates it. An invalid or truncated answer gets
    /// one repair re-ask; if that fails too, throws `LLMError` with code `schemaMismatch` or
    /// `truncated`, which callers answer with their rules-tier fallback.
    public func generateStructured(_ request: LLMRequest, schema: JSONSchema) async throws -> StructuredResponse {
        // A schema OpenAI's strict mode would reject is our bug; say so before spending a call.
        let violations = schema.strictViolations
        guard violations.isEmpty else {
            throw LLMError(.badRequest, "schema \(schema.name) is not strict: \(violations.joined(separator: "; "))")
        }
        var request = request
        request.output = .jsonSchema(schema)
        let first = try await generate(request)
        let firstProblem: LLMError
        switch Self.check(first, schema: schema) {
        case .success(let value): return StructuredResponse(value: value, response: first, repaired: false)
        case .failure(let problem): firstProblem = problem
        }

        var repair = request
        repair.context.isRepair = true
        if firstProblem.code == .truncated {
            // The same question with more room and a request for brevity; the cut-off text
            // is no use as context.
            repair.maxOutputTokens = request.maxOutputTokens.map { $0 * 2 }
            // An instruction, never a user turn: a prompt whose user turn is someone's message
            // (a lead's reply) must not read this as more of their words.
            repair.messages.append(.system("Your previous answer was cut off. Answer again, more briefly, with only the JSON object."))
        } else {
            repair.messages.append(.assistant(first.text))
            repair.messages.append(
                .system(
                    "Your previous answer did not match the required JSON schema: \(firstProblem.message). "
                        + "Answer again with only a JSON object that matches the schema exactly."))
        }
        let second = try await generate(repair)
        switch Self.check(second, schema: schema) {
        case .success(let value): return StructuredResponse(value: value, response: second, repaired: true)
        case .failure(let problem): throw problem
        }
    }

    private static func check(_ response: LLMResponse, schema: JSONSchema) -> Result<JSONValue, LLMError> {
        if response.finishReason == .length {
            return .failure(LLMError(.truncated, "the answer was cut off at the output token limit"))
        }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(Self.stripFences(response.text).utf8)) else {
            return .failure(LLMError(.schemaMismatch, "the answer is not valid JSON"))
        }
        let problems = schema.validate(value)
        guard problems.isEmpty else {
            return .failure(LLMError(.schemaMismatch, problems.prefix(5).joined(separator: "; ")))
        }
        return .success(value)
    }

    /// Small local models wrap JSON in ```json fences even when told not to.
    static func stripFences(_ text: String) -> String {
        var trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("```") else { return trimmed }
        trimmed = String(trimmed.drop(while: { $0 != "\n" }).dropFirst())
        if trimmed.hasSuffix("```") { trimmed = String(trimmed.dropLast(3)) }
        return trimmed.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
