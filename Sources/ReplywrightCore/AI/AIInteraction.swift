import Foundation

/// Where an AI decision came from: a model call, the response cache, the deterministic rules
/// tier, or a fallback after the model failed.
public enum DecisionSource: String, Sendable, Codable, CaseIterable {
    case llm
    case cache
    case rules
    case fallback
}

/// How an AI interaction ended.
public enum AIInteractionStatus: String, Sendable, Codable, CaseIterable {
    case ok
    case error
    /// The model stopped at the output token limit: the answer is cut off and never used as it is.
    case truncated
}

/// One telemetry row per AI decision: every model call (with its retries folded into
/// `attempts`), every cache hit and every rules-tier decision.
///
/// Holds numbers and identifiers only. `metadata` is numeric by type, so prompt or message
/// text cannot end up in it.
public struct AIInteraction: Sendable, Codable, Equatable {
    public var id: Identifier<AIInteraction>
    public var workspaceID: Identifier<Workspace>?
    /// What asked, e.g. `draft.strategy`, `doctor`.
    public var featureID: String
    public var promptKey: String?
    public var promptVersion: Int?
    /// Which template text was sent: the workspace's override revision, 0 for the built-in.
    public var promptRevision: Int?
    /// The draft and job the call worked for, when there is one.
    public var draftID: String?
    public var jobID: String?
    public var provider: String?
    public var model: String?
    public var reasoningEffort: String?
    public var inputTokens: Int
    public var cachedInputTokens: Int
    public var outputTokens: Int
    public var reasoningTokens: Int
    public var latencyMs: Int
    public var costUSD: Double
    public var status: AIInteractionStatus
    public var errorCode: String?
    public var source: DecisionSource
    public var attempts: Int
    /// Stats only: counts, sizes, flags (1/0), scores.
    public var metadata: [String: Double]
    public var createdAt: Date

    public init(
        id: Identifier<AIInteraction> = Identifier(UUID().uuidString.lowercased()), workspaceID: Identifier<Workspace>?,
        featureID: String, promptKey: String? = nil, promptVersion: Int? = nil, promptRevision: Int? = nil, draftID: String? = nil,
        jobID: String? = nil, provider: String? = nil,
        model: String? = nil, reasoningEffort: String? = nil, inputTokens: Int = 0, cachedInputTokens: Int = 0,
        outputTokens: Int = 0, reasoningTokens: Int = 0, latencyMs: Int = 0, costUSD: Double = 0,
        status: AIInteractionStatus = .ok, errorCode: String? = nil, source: DecisionSource, attempts: Int = 0,
        metadata: [String: Double] = [:], createdAt: Date
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.featureID = featureID
        self.promptKey = promptKey
        self.promptVersion = promptVersion
        self.promptRevision = promptRevision
        self.draftID = draftID
        self.jobID = jobID
        self.provider = provider
        self.model = model
        self.reasoningEffort = reasoningEffort
        self.inputTokens = inputTokens
        self.cachedInputTokens = cachedInputTokens
        self.outputTokens = outputTokens
        self.reasoningTokens = reasoningTokens
        self.latencyMs = latencyMs
        self.costUSD = costUSD
        self.status = status
        self.errorCode = errorCode
        self.source = source
        self.attempts = attempts
        self.metadata = metadata
        self.createdAt = createdAt
    }
}

/// Somewhere AI interactions are written (the store in production, memory in tests).
public protocol AIInteractionRecorder: Sendable {
    func record(_ interaction: AIInteraction) async throws
}

/// Filters for listing interactions; all optional, newest first.
public struct AIInteractionQuery: Sendable {
    public var featureID: String?
    public var source: DecisionSource?
    public var status: AIInteractionStatus?
    public var since: Date?
    /// Only rows created before this instant.
    public var until: Date?
    /// Only rows older than this cursor (the `createdAt` and `id` of the last row seen).
    public var before: (createdAt: Date, id: String)?
    public var limit: Int

    public init(
        featureID: String? = nil, source: DecisionSource? = nil, status: AIInteractionStatus? = nil,
        since: Date? = nil, until: Date? = nil, before: (createdAt: Date, id: String)? = nil, limit: Int = 50
    ) {
        self.featureID = featureID
        self.source = source
        self.status = status
        self.since = since
        self.until = until
        self.before = before
        self.limit = limit
    }
}
