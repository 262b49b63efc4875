import Foundation
import Hummingbird
import ReplywrightCore
import ReplywrightStore

/// `GET /v1/ai-interactions`: the workspace's AI telemetry, newest first, filterable by
/// feature, source, status and time range (`from`, `to`), paged with an opaque cursor.
struct AIInteractionRoutes {
    let store: any AIInteractionStore

    func register(on group: RouterGroup<APIRequestContext>) {
        group.get("/ai-interactions", use: list)
    }

    @Sendable func list(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<AIInteractionListDTO> {
        let parameters = request.uri.queryParameters
        var query = AIInteractionQuery(limit: try parameters.integer("limit", default: 50, range: 1...500))
        query.featureID = parameters["feature"].map(String.init)
        if let source = parameters["source"] {
            guard let parsed = DecisionSource(rawValue: String(source)) else {
                throw AppError.invalid("query parameter 'source' must be one of llm, cache, rules, fallback")
            }
            query.source = parsed
        }
        if let status = parameters["status"] {
            guard let parsed = AIInteractionStatus(rawValue: String(status)) else {
                throw AppError.invalid("query parameter 'status' must be ok or error")
            }
            query.status = parsed
        }
        func instant(_ name: String) throws -> Date? {
            guard let raw = parameters[name[...]] else { return nil }
            guard let parsed = ISO8601.parse(String(raw)) else {
                throw AppError.invalid("query parameter '\(name)' must be an ISO 8601 date-time")
            }
            return parsed
        }
        // `from` (inclusive) and `to` (exclusive); `since` is the older name of `from`.
        query.since = try instant("from") ?? instant("since")
        query.until = try instant("to")
        if let cursor = parameters["cursor"] {
            guard let parsed = Self.decodeCursor(String(cursor)) else { throw AppError.invalid("query parameter 'cursor' is not valid") }
            query.before = parsed
        }
        let rows = try await store.aiInteractions(in: context.workspaceID, matching: query)
        let next = rows.count == query.limit ? rows.last.map { Self.encodeCursor($0.createdAt, $0.id.rawValue) } : nil
        return JSONResponse(value: AIInteractionListDTO(interactions: rows.map(AIInteractionDTO.init), nextCursor: next))
    }

    /// `<milliseconds since 1970>.<id>`, base64url: opaque to clients, exact for the store.
    static func encodeCursor(_ date: Date, _ id: String) -> String {
        let raw = "\(Int64((date.timeIntervalSince1970 * 1000).rounded())).\(id)"
        return Data(raw.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decodeCursor(_ cursor: String) -> (createdAt: Date, id: String)? {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let raw = String(data: data, encoding: .utf8),
            let dot = raw.firstIndex(of: "."), let millis = Int64(raw[..<dot])
        else { return nil }
        return (Date(timeIntervalSince1970: Double(millis) / 1000), String(raw[raw.index(after: dot)...]))
    }
}

struct AIInteractionDTO: Encodable, Sendable {
    var id: String
    var featureId: String
    var promptKey: String?
    var promptVersion: Int?
    /// The override revision sent; 0 = the built-in template.
    var promptRevision: Int?
    var draftId: String?
    var jobId: String?
    var provider: String?
    var model: String?
    var reasoningEffort: String?
    var inputTokens: Int
    var cachedInputTokens: Int
    var outputTokens: Int
    var reasoningTokens: Int
    var latencyMs: Int
    var costUsd: Double
    var status: String
    var errorCode: String?
    var source: String
    var attempts: Int
    var metadata: [String: Double]
    var createdAt: Date

    init(_ row: AIInteraction) {
        id = row.id.rawValue
        featureId = row.featureID
        promptKey = row.promptKey
        promptVersion = row.promptVersion
        promptRevision = row.promptRevision
        draftId = row.draftID
        jobId = row.jobID
        provider = row.provider
        model = row.model
        reasoningEffort = row.reasoningEffort
        inputTokens = row.inputTokens
        cachedInputTokens = row.cachedInputTokens
        outputTokens = row.outputTokens
        reasoningTokens = row.reasoningTokens
        latencyMs = row.latencyMs
        costUsd = row.costUSD
        status = row.status.rawValue
        errorCode = row.errorCode
        source = row.source.rawValue
        attempts = row.attempts
        metadata = row.metadata
        createdAt = row.createdAt
    }
}

struct AIInteractionListDTO: Encodable, Sendable {
    var interactions: [AIInteractionDTO]
    /// Pass as `cursor` for the next (older) page; absent on the last page.
    var nextCursor: String?
}
