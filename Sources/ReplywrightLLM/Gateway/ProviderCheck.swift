import Foundation
import ReplywrightCore

/// `replywright doctor`'s provider check: can we list models, and does one tiny structured
/// call come back valid? Reports latency and tokens; fails with the provider's reason.
public struct ProviderCheck: Sendable {
    public struct Report: Sendable {
        public var models: [String]
        public var modelListed: Bool
        public var latency: Duration
        public var usage: LLMUsage
        public var repaired: Bool
    }

    public static let schema = JSONSchema(
        name: "doctor_check",
        schema: [
            "type": "object", "additionalProperties": false, "required": ["ok", "word"],
            "properties": ["ok": ["type": "boolean"], "word": ["type": "string"]],
        ])

    public init() {}

    public func run(_ provider: any LLMProvider, model: String, timeout: Duration = .seconds(60)) async throws -> Report {
        let deadline = Date().addingTimeInterval(timeout.timeInterval)
        let models = try await provider.listModels(deadline: deadline)
        let request = LLMRequest(
            model: model,
            messages: [
                .system("You are a health check. Answer with JSON only."),
                .user("Return {\"ok\": true, \"word\": \"ready\"}."),
            ],
            temperature: 0, maxOutputTokens: 40, deadline: deadline, context: LLMCallContext(featureID: "doctor"))
        let started = ContinuousClock.now
        let result = try await provider.generateStructured(request, schema: Self.schema)
        return Report(
            models: models, modelListed: models.contains(model), latency: ContinuousClock.now - started,
            usage: result.response.usage, repaired: result.repaired)
    }
}
