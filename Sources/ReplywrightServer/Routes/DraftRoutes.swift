import Foundation
import Hummingbird
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

/// Drafts: the inbox of drafts waiting for review, one draft, review actions, and
/// regeneration for a lead.
struct DraftRoutes {
    let store: any DraftStore & DeliveryStore
    let drafter: ReplyDrafter
    let review: DraftReview
    let sender: DraftSender

    func register(on group: RouterGroup<APIRequestContext>) {
        group.get("/drafts", use: inbox)
        group.get("/drafts/:id", use: show)
        group.patch("/drafts/:id", use: edit)
        group.put("/drafts/:id", use: edit)
        group.post("/drafts/:id/approve", use: approve)
        group.post("/drafts/:id/reject") { request, context in try await apply(.reject, request, context) }
        group.post("/drafts/:id/send", use: send)
        group.get("/leads/:id/drafts", use: forLead)
        group.post("/leads/:id/drafts", use: regenerate)
    }

    /// Summaries (with the lead's name); the score breakdown and candidates are on `GET /v1/drafts/{id}`.
    /// `status` (comma-separated) defaults to the ones waiting for review; `leadId` narrows to one lead.
    @Sendable func inbox(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<DraftSummaryListDTO> {
        let query = request.uri.queryParameters
        let limit = try query.integer("limit", default: 50, range: 1...500)
        let offset = try query.integer("offset", default: 0, range: 0...Int(Int32.max))
        var statuses = Draft.Status.waitingForReview
        if let raw = query["status"] {
            statuses = try Set(
                raw.split(separator: ",").map { name in
                    guard let status = Draft.Status(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                        throw AppError.invalid(
                            "query parameter 'status' must be one or more of "
                                + Draft.Status.allCases.map(\.rawValue).joined(separator: ", ") + ", comma-separated")
                    }
                    return status
                })
        }
        let drafts = try await store.draftSummaries(
            in: context.workspaceID, statuses: statuses, leadID: query["leadId"].map { Identifier(String($0)) }, limit: limit,
            offset: offset)
        return JSONResponse(value: DraftSummaryListDTO(drafts: drafts.map(DraftSummaryDTO.init)))
    }

    /// With the delivery state from the send ledger once it was sent.
    @Sendable func show(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<DraftDTO> {
        let workspaceID = context.workspaceID
        let draft = try await store.draft(Identifier(try context.parameters.require("id")), in: workspaceID)
        return JSONResponse(value: DraftDTO(draft, delivery: try await store.delivery(for: draft.id, in: workspaceID)))
    }

    /// Hard gates first (opted-out lead, blocked domain → 409), then the outbound message is
    /// recorded and, with a transport configured, its delivery queued.
    @Sendable func send(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<DraftDTO> {
        let workspaceID = context.workspaceID
        let sent = try await sender.send(Identifier(try context.parameters.require("id")), in: workspaceID, action: .send)
        return JSONResponse(value: DraftDTO(sent, delivery: try await store.delivery(for: sent.id, in: workspaceID)))
    }

    struct EditBody: Decodable { var body: String }

    /// The new text, rescored (voice, scope and relevance as the candidates were measured).
    @Sendable func edit(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<DraftDTO> {
        let edit = try await request.decodeJSON(EditBody.self, context: context)
        let id = Identifier<Draft>(try context.parameters.require("id"))
        let current = try await store.draft(id, in: context.workspaceID)
        // An unchanged text is still an edit on the wire: the state moves as it always did.
        guard DraftReview.normalized(edit.body) != current.body else { return try await apply(.edit(body: edit.body), request, context) }
        return JSONResponse(value: DraftDTO(try await review.edit(id, body: edit.body, in: context.workspaceID).draft))
    }

    /// Hard gates first: a draft for an opted-out lead or a blocked domain cannot be approved (409).
    @Sendable func approve(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<DraftDTO> {
        let id = Identifier<Draft>(try context.parameters.require("id"))
        return JSONResponse(value: DraftDTO(try await review.approve(id, body: nil, in: context.workspaceID).draft))
    }

    @Sendable func apply(_ action: Draft.ReviewAction, _ request: Request, _ context: APIRequestContext) async throws -> JSONResponse<DraftDTO> {
        let id = Identifier<Draft>(try context.parameters.require("id"))
        // API keys act for the team's setters (user sessions arrive with the dashboard).
        return JSONResponse(value: DraftDTO(try await store.review(id, in: context.workspaceID, action: action, by: .setter)))
    }

    @Sendable func forLead(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<DraftListDTO> {
        let drafts = try await store.drafts(leadID: Identifier(try context.parameters.require("id")), in: context.workspaceID)
        return JSONResponse(value: DraftListDTO(drafts: drafts.map { DraftDTO($0) }))
    }

    @Sendable func regenerate(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<DraftDTO> {
        let workspaceID = context.workspaceID
        let draft = try await drafter.regenerate(
            for: Identifier(try context.parameters.require("id")), in: workspaceID, logger: context.logger)
        return JSONResponse(status: .created, value: DraftDTO(draft))
    }
}

struct DraftDTO: Encodable, Sendable {
    var id: String
    var leadId: String
    var triggerMessageId: String?
    var status: String
    var disposition: String?
    var source: String
    var intent: String
    /// The rules classifier's reading, next to the model's `intent`.
    var rulesIntent: String?
    /// A question of the lead's that no knowledge answers: the setter must supply it.
    var needsAnswer: Bool
    var archetype: String
    var body: String
    var scores: CandidateScores
    var combinedScore: Double
    var correction: String
    var candidates: [[String: Double]]
    /// The lead context bundle it was written with, in numbers.
    var bundleStats: [String: Double]
    /// The send ledger's state once the draft was sent through a transport.
    var delivery: DeliveryDTO?
    var createdAt: Date
    var updatedAt: Date

    init(_ draft: Draft, delivery: Delivery? = nil) {
        self.delivery = delivery.map(DeliveryDTO.init)
        id = draft.id.rawValue
        leadId = draft.leadID.rawValue
        triggerMessageId = draft.triggerMessageID?.rawValue
        status = draft.status.rawValue
        disposition = draft.disposition?.rawValue
        source = draft.source.rawValue
        intent = draft.intent.rawValue
        rulesIntent = draft.rulesIntent?.rawValue
        needsAnswer = draft.needsAnswer
        archetype = draft.archetypeID
        body = draft.body
        scores = draft.scores
        combinedScore = draft.combinedScore
        correction = draft.correction.rawValue
        candidates = draft.candidateStats
        bundleStats = draft.bundleStats
        createdAt = draft.createdAt
        updatedAt = draft.updatedAt
    }
}

struct DraftListDTO: Encodable, Sendable {
    var drafts: [DraftDTO]
}

struct DraftSummaryDTO: Encodable, Sendable {
    var id: String
    var leadId: String
    var leadName: String
    var leadEmail: String
    var triggerMessageId: String?
    var status: String
    var disposition: String?
    var source: String
    var intent: String
    var archetype: String
    var body: String
    var combinedScore: Double
    var correction: String
    var createdAt: Date
    var updatedAt: Date

    init(_ draft: DraftSummary) {
        id = draft.id.rawValue
        leadId = draft.leadID.rawValue
        leadName = draft.leadName
        leadEmail = draft.leadEmail
        triggerMessageId = draft.triggerMessageID?.rawValue
        status = draft.status.rawValue
        disposition = draft.disposition?.rawValue
        source = draft.source.rawValue
        intent = draft.intent.rawValue
        archetype = draft.archetypeID
        body = draft.body
        combinedScore = draft.combinedScore
        correction = draft.correction.rawValue
        createdAt = draft.createdAt
        updatedAt = draft.updatedAt
    }
}

struct DraftSummaryListDTO: Encodable, Sendable {
    var drafts: [DraftSummaryDTO]
}
