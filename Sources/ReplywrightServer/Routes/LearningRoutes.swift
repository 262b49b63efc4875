import Foundation
import HTTPTypes
import Hummingbird
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

/// The learning loop's API: a report's synthesis and questions, insights settings, evals,
/// proposals (approve / reject with an admin key; applying is a super-admin's, on the
/// dashboard) and knowledge revisions with rollback.
struct LearningRoutes {
    let store: any DataStore
    let schedule: InsightsSchedule
    let proposals: ProposalService

    init(store: any DataStore, schedule: InsightsSchedule) {
        self.store = store
        self.schedule = schedule
        proposals = ProposalService(store: store)
    }

    func register(on group: RouterGroup<APIRequestContext>) {
        group.post("/insights/reports/:id/synthesis", use: synthesize)
        group.post("/insights/reports/:id/ask", use: ask)
        group.get("/insights/settings", use: settings)
        group.put("/insights/settings", use: saveSettings)
        group.post("/insights/evals", use: createEval)
        group.get("/insights/evals", use: evals)
        group.get("/insights/evals/:id", use: eval)
        group.post("/insights/proposals", use: createProposal)
        group.get("/insights/proposals", use: listProposals)
        group.get("/insights/proposals/:id", use: showProposal)
        group.post("/insights/proposals/:id/approve") { try await move($0, $1, to: .approved) }
        group.post("/insights/proposals/:id/reject") { try await move($0, $1, to: .rejected) }
        group.post("/insights/proposals/:id/apply") { try await move($0, $1, to: .applied) }
        group.get("/knowledge-assets/:id/revisions", use: knowledgeRevisions)
        group.post("/knowledge-assets/:id/rollback", use: rollbackKnowledge)
    }

    // MARK: Synthesis and questions

    @Sendable func synthesize(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<InsightSynthesis> {
        let workspaceID = try context.adminWorkspaceID()
        let id = Identifier<StoredReport>(try context.parameters.require("id"))
        return JSONResponse(status: .created, value: try await schedule.analyst.synthesize(id, in: workspaceID))
    }

    struct AskBody: Decodable { var question: String }

    @Sendable func ask(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<InsightSynthesis> {
        let workspaceID = context.workspaceID
        let body = try await request.decodeJSON(AskBody.self, context: context)
        let id = Identifier<StoredReport>(try context.parameters.require("id"))
        return JSONResponse(value: try await schedule.analyst.ask(body.question, about: id, in: workspaceID))
    }

    @Sendable func settings(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<InsightsSettings> {
        JSONResponse(value: try await store.insightsSettings(in: context.workspaceID))
    }

    @Sendable func saveSettings(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<InsightsSettings> {
        let workspaceID = try context.adminWorkspaceID()
        let body = try await request.decodeJSON(InsightsSettings.self, context: context)
        return JSONResponse(value: try await store.saveInsightsSettings(body, in: workspaceID))
    }

    // MARK: Evals

    struct EvalBody: Decodable {
        var candidate: CandidateDTO
        var items: Int?
    }

    @Sendable func createEval(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<EvalRunDTO> {
        let workspaceID = try context.adminWorkspaceID()
        let body = try await request.decodeJSON(EvalBody.self, context: context)
        let run = try await schedule.evals.run(
            try body.candidate.trial(), items: body.items ?? EvalRunner.defaultItems, createdBy: PromptRoutes.author(context), in: workspaceID)
        return JSONResponse(status: .created, value: EvalRunDTO(run: run, items: try await store.evalItems(runID: run.id, in: workspaceID)))
    }

    struct EvalListDTO: Encodable, Sendable { var evals: [EvalRun] }

    @Sendable func evals(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<EvalListDTO> {
        JSONResponse(value: EvalListDTO(evals: try await store.evalRuns(in: context.workspaceID, limit: 50)))
    }

    @Sendable func eval(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<EvalRunDTO> {
        let workspaceID = context.workspaceID
        let run = try await store.evalRun(Identifier(try context.parameters.require("id")), in: workspaceID)
        return JSONResponse(value: EvalRunDTO(run: run, items: try await store.evalItems(runID: run.id, in: workspaceID)))
    }

    // MARK: Proposals

    struct ProposalBody: Decodable {
        var candidate: CandidateDTO?
        var rationale: String?
        var evalRunId: String?
    }

    @Sendable func createProposal(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<Proposal> {
        let workspaceID = try context.adminWorkspaceID()
        let body = try await request.decodeJSON(ProposalBody.self, context: context)
        let author = PromptRoutes.author(context) ?? "API key"
        let proposal: Proposal
        switch (body.evalRunId, body.candidate) {
        case (let runID?, nil): proposal = try await proposals.fromEval(Identifier(runID), by: author, in: workspaceID)
        case (nil, let candidate?):
            proposal = try await proposals.create(try candidate.trial(), rationale: body.rationale ?? "", by: author, in: workspaceID)
        default: throw AppError.invalid("give either evalRunId (an eval whose candidate won) or a candidate with a rationale")
        }
        return JSONResponse(status: .created, value: proposal)
    }

    struct ProposalListDTO: Encodable, Sendable { var proposals: [Proposal] }

    @Sendable func listProposals(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<ProposalListDTO> {
        let state = try request.uri.queryParameters["state"].map { text in
            guard let state = Proposal.State(rawValue: String(text)) else {
                throw AppError.invalid("state: one of \(Proposal.State.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return state
        }
        return JSONResponse(value: ProposalListDTO(proposals: try await store.proposals(in: context.workspaceID, state: state, limit: 100)))
    }

    @Sendable func showProposal(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<Proposal> {
        JSONResponse(value: try await store.proposal(Identifier(try context.parameters.require("id")), in: context.workspaceID))
    }

    struct MoveBody: Decodable { var note: String? }

    @Sendable func move(_ request: Request, _ context: APIRequestContext, to state: Proposal.State) async throws -> JSONResponse<Proposal> {
        let workspaceID = try context.adminWorkspaceID()
        // The body is optional: `{"note": "…"}` or nothing.
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        let note = buffer.readableBytes == 0 ? nil : try? JSONDecoder().decode(MoveBody.self, from: Data(buffer.readableBytesView)).note
        // API keys are workspace-scoped: they can be a workspace admin, never a super-admin.
        let actor = Proposal.Actor(
            name: PromptRoutes.author(context) ?? "API key", isAdmin: true, isSuperAdmin: false)
        let id = Identifier<Proposal>(try context.parameters.require("id"))
        return JSONResponse(value: try await proposals.move(id, to: state, by: actor, note: note, in: workspaceID))
    }

    // MARK: Knowledge revisions

    struct KnowledgeRevisionListDTO: Encodable, Sendable { var revisions: [KnowledgeRevision] }

    @Sendable func knowledgeRevisions(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<KnowledgeRevisionListDTO> {
        let id = try context.parameters.require("id")
        return JSONResponse(value: KnowledgeRevisionListDTO(revisions: try await store.knowledgeRevisions(assetID: id, in: context.workspaceID)))
    }

    struct RollbackBody: Decodable { var revision: Int }

    @Sendable func rollbackKnowledge(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<KnowledgeRevision> {
        let workspaceID = try context.adminWorkspaceID()
        let body = try await request.decodeJSON(RollbackBody.self, context: context)
        let restored = try await proposals.rollbackKnowledge(
            assetID: try context.parameters.require("id"), to: body.revision, by: PromptRoutes.author(context) ?? "API key", in: workspaceID)
        return JSONResponse(status: .created, value: restored)
    }
}

/// A candidate change in the API: `{"prompt": {"key", "system", "user"}}` or
/// `{"knowledge": {"assetId"?, "kind", "title", "content", "priority"?}}`.
struct CandidateDTO: Decodable {
    struct Prompt: Decodable {
        var key: String
        var system: String
        var user: String
    }
    struct Knowledge: Decodable {
        var assetId: String?
        var kind: KnowledgeAsset.Kind
        var title: String
        var content: String
        var priority: Int?
    }
    var prompt: Prompt?
    var knowledge: Knowledge?

    func trial() throws -> DraftTrial {
        DraftTrial(
            prompt: prompt.map { PromptTemplate(key: $0.key, version: 0, system: $0.system, user: $0.user) },
            knowledge: knowledge.map {
                DraftTrial.KnowledgeChange(
                    assetID: $0.assetId, input: KnowledgeAssetInput(kind: $0.kind, title: $0.title, content: $0.content, priority: $0.priority ?? 100)
                )
            })
    }
}

struct EvalRunDTO: Encodable, Sendable {
    var run: EvalRun
    var items: [EvalItem]
}

/// `/v1/cron/insights/…`: the weekly work on demand, for an external scheduler. The secret
/// (`CRON_SECRET`, as `Authorization: Bearer …` or `x-cron-secret`) is checked in constant time
/// before anything else; without it: 401 and no database touched.
struct CronRoutes {
    let secret: String?
    let schedule: InsightsSchedule
    let limit: Int

    func register(on router: Router<AppRequestContext>) {
        router.post("/v1/cron/insights/message-performance") { request, context in
            try authorize(request)
            return JSONResponse(value: try await schedule.runReports(limit: limit))
        }
        router.post("/v1/cron/insights/message-performance-eval") { request, context in
            try authorize(request)
            return JSONResponse(value: try await schedule.runEvals(limit: limit))
        }
    }

    func authorize(_ request: Request) throws {
        guard let secret, !secret.isEmpty else { throw AppError(.unauthorized, "cron is not enabled on this server (CRON_SECRET is not set)") }
        let bearer = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
        let given = bearer ?? request.headers[HTTPField.Name("x-cron-secret")!] ?? ""
        guard ConstantTime.equal(given, secret) else { throw AppError(.unauthorized, "missing or wrong cron secret") }
    }

}
