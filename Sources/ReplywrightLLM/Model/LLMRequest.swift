import Foundation
import ReplywrightCore

/// How hard a reasoning model thinks. `extra_high` exists only on some models; the capability
/// table coerces it down elsewhere.
public enum ReasoningEffort: String, Sendable, Codable, CaseIterable, Comparable {
    case low
    case medium
    case high
    case extraHigh = "extra_high"

    public static func < (lhs: ReasoningEffort, rhs: ReasoningEffort) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One chat message.
public struct LLMMessage: Sendable, Hashable, Codable {
    public enum Role: String, Sendable, Hashable, Codable { case system, user, assistant }
    public var role: Role
    public var content: String

    public init(_ role: Role, _ content: String) {
        self.role = role
        self.content = content
    }

    public static func system(_ content: String) -> LLMMessage { LLMMessage(.system, content) }
    public static func user(_ content: String) -> LLMMessage { LLMMessage(.user, content) }
    public static func assistant(_ content: String) -> LLMMessage { LLMMessage(.assistant, content) }
}

/// A function the model may call.
public struct LLMTool: Sendable, Hashable, Codable {
    public var name: String
    public var description: String
    /// JSON schema of the arguments.
    public var parameters: JSONValue
    /// Asks the provider to hold the arguments to the schema exactly (OpenAI's strict mode:
    /// every property required, no others); the caller still validates them.
    public var strict: Bool

    public init(name: String, description: String, parameters: JSONValue, strict: Bool = false) {
        self.name = name
        self.description = description
        self.parameters = parameters
        self.strict = strict
    }
}

/// What the model must answer with.
public enum LLMOutputFormat: Sendable, Hashable {
    case text
    /// Strict JSON matching the schema (validated by `LLMProvider.generateStructured`).
    case jsonSchema(JSONSchema)
}

/// Who is asking, for telemetry, the breaker and budgets. Never carries message text.
public struct LLMCallContext: Sendable, Hashable {
    public var workspaceID: Identifier<Workspace>?
    /// What asked, e.g. `draft.strategy`.
    public var featureID: String
    public var promptKey: String?
    public var promptVersion: Int?
    /// The workspace's override revision that was rendered; 0 for the built-in text.
    public var promptRevision: Int?
    /// The draft and job this call works for (telemetry links them).
    public var draftID: String?
    public var jobID: String?
    /// The structured-output repair re-ask (recorded as such in telemetry).
    public var isRepair: Bool
    /// Extra stats for the telemetry row (e.g. context-bundle counts). Numbers only.
    public var metadata: [String: Double]

    public init(
        workspaceID: Identifier<Workspace>? = nil, featureID: String, promptKey: String? = nil, promptVersion: Int? = nil,
        promptRevision: Int? = nil, draftID: String? = nil, jobID: String? = nil, isRepair: Bool = false, metadata: [String: Double] = [:]
    ) {
        self.workspaceID = workspaceID
        self.featureID = featureID
        self.promptKey = promptKey
        self.promptVersion = promptVersion
        self.promptRevision = promptRevision
        self.draftID = draftID
        self.jobID = jobID
        self.isRepair = isRepair
        self.metadata = metadata
    }
}

/// One model call.
public struct LLMRequest: Sendable, Hashable {
    public var model: String
    public var messages: [LLMMessage]
    public var reasoningEffort: ReasoningEffort?
    public var temperature: Double?
    public var maxOutputTokens: Int?
    public var output: LLMOutputFormat
    public var tools: [LLMTool]
    /// The tool the model must call (sent as `tool_choice`); `nil` lets it choose.
    public var requiredTool: String?
    /// The whole call, retries included, must end by then (wall clock).
    public var deadline: Date?
    public var context: LLMCallContext
    /// Opt-in: an identical earlier request's response may be reused.
    public var cacheable: Bool

    public init(
        model: String, messages: [LLMMessage], reasoningEffort: ReasoningEffort? = nil, temperature: Double? = nil,
        maxOutputTokens: Int? = nil, output: LLMOutputFormat = .text, tools: [LLMTool] = [], deadline: Date? = nil,
        context: LLMCallContext, cacheable: Bool = false
    ) {
        self.model = model
        self.messages = messages
        self.reasoningEffort = reasoningEffort
        self.temperature = temperature
        self.maxOutputTokens = maxOutputTokens
        self.output = output
        self.tools = tools
        self.deadline = deadline
        self.context = context
        self.cacheable = cacheable
        self.requiredTool = nil
    }
}

/// Texts to embed.
public struct EmbeddingRequest: Sendable, Hashable {
    public var model: String
    public var inputs: [String]
    public var deadline: Date?
    public var context: LLMCallContext

    public init(model: String, inputs: [String], deadline: Date? = nil, context: LLMCallContext) {
        self.model = model
        self.inputs = inputs
        self.deadline = deadline
        self.context = context
    }
}
