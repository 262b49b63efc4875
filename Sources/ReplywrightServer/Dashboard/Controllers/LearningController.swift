import Foundation
import HTTPTypes
import Hummingbird
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

/// Evals (runs, win rate with its interval, items) and proposals (diff, approve, apply,
/// reject, history, rollback). Everyone may look; admins run evals and approve or reject;
/// super-admins apply.
struct LearningController {
    let store: any DataStore
    /// Evals (C4).
    let insights: InsightsSchedule

    func register(on pages: RouterGroup<DashboardRequestContext>) {
        pages.get("/insights/evals", use: evalsPage)
        pages.post("/insights/evals", use: runEval)
        pages.get("/insights/evals/:id", use: evalPage)
        pages.get("/insights/proposals", use: proposalsPage)
        pages.post("/insights/proposals", use: proposeFromEval)
        pages.get("/insights/proposals/:id", use: proposalPage)
        pages.post("/insights/proposals/:id/:action", use: proposalAction)
        pages.post("/insights/knowledge/:id/rollback", use: rollbackKnowledgeRevision)
    }

    var proposalService: ProposalService { ProposalService(store: store) }
    var prompts: PromptRegistry { PromptRegistry(store: store) }

    struct EvalChoice: Decodable { var eval: String? }
    struct NoteForm: Decodable { var note: String? }
    struct KnowledgeRollbackForm: Decodable { var proposal, revision: String? }

    @Sendable func evalsPage(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        try await renderEvals(user: context.user)
    }

    func renderEvals(user: DashboardUser, problem: String? = nil, typed: [String: String] = [:], status: HTTPResponse.Status = .ok)
        async throws -> Response
    {
        let workspaceID = user.session.workspaceID
        let runs = try await store.evalRuns(in: workspaceID, limit: 50)
        let assets = try await store.knowledgeAssets(in: workspaceID)
        let key = typed["key"] ?? BuiltinPrompts.draftVariantEmail.key
        let active = try await prompts.resolve(key, for: workspaceID)
        let view = EvalsPage(
            hasRuns: !runs.isEmpty,
            runs: runs.map { run in
                EvalsPage.Run(
                    id: run.id.rawValue, when: user.time.format(run.createdAt), target: Self.target(run, assets),
                    judge: run.judge == .llm ? "model" : "rules", state: run.state.rawValue, items: run.summary.items,
                    winRate: Self.winRate(run.summary.winRate), better: run.summary.candidateBetter)
            },
            keys: prompts.keys.filter { $0.hasPrefix("draft.") }.map { DashboardPage.Option(value: $0, label: $0, selected: $0 == key) },
            system: typed["system"] ?? active.template.system, userText: typed["user"] ?? active.template.user,
            assets: assets.map { DashboardPage.Option(value: $0.id.rawValue, label: $0.title, selected: $0.id.rawValue == typed["asset"]) },
            hasAssets: !assets.isEmpty, content: typed["content"] ?? "", problem: problem)
        return DashboardPage.html("evals", page: view, status: status, user: user)
    }

    /// The evals page (`evals.mustache`): past runs and the form for a new one.
    struct EvalsPage: Sendable {
        struct Run: Sendable {
            var id, when, target, judge, state: String
            var items: Int
            var winRate: String
            var better: Bool
        }

        var hasRuns: Bool
        var runs: [Run]
        var keys: [DashboardPage.Option]
        /// The form as typed (or the active prompt's text).
        var system, userText: String
        var assets: [DashboardPage.Option]
        var hasAssets: Bool
        var content: String
        var problem: String?
    }

    /// One eval (`eval.mustache`): its summary and each item's two texts and verdict.
    struct EvalPage: Sendable {
        struct Item: Sendable { var outcome, current, candidate, currentScore, candidateScore, verdict, error: String }

        var id, target, judge, state, winRate: String
        var wins, losses, ties, errors: Int
        var currentMean, candidateMean, verdict: String
        var canPropose: Bool
        var items: [Item]
    }

    /// The proposals list (`proposals.mustache`).
    struct ProposalsPage: Sendable {
        struct Proposal: Sendable { var id, kind, target, state, when, rationale: String }

        var hasProposals: Bool
        var proposals: [Proposal]
    }

    /// One proposal (`proposal.mustache`): the diff, its history, what may be done with it.
    struct ProposalPage: Sendable {
        struct Line: Sendable { var kind, text: String }
        struct Event: Sendable { var state, by, when, note: String }
        /// A knowledge asset's revision, for rollback.
        struct Revision: Sendable {
            var revision: Int
            var when, note, content, assetID: String
        }

        var id, kind, target, state, rationale, evalRunID: String
        var diff: [Line]
        var applied: Bool
        var appliedRevision: Int
        var history: [Event]
        var canApprove, canReject, canApply, waitsForSuperAdmin, isPrompt: Bool
        var revisions: [Revision]
        var hasRevisions: Bool
        var notice, problem: String?
    }

    @Sendable func runEval(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = try context.admin()
        // The evals form has fields for either target; kept as typed when a run is refused.
        let form = try await request.form([String: String].self, context: context)
        let workspaceID = user.session.workspaceID
        var trial = DraftTrial()
        if form["target"] == "knowledge" {
            guard let assetID = form["asset"], let asset = try? await store.knowledgeAsset(Identifier(assetID), in: workspaceID) else {
                return try await renderEvals(user: user, problem: "Choose the knowledge asset to change.", typed: form, status: .badRequest)
            }
            trial.knowledge = .init(
                assetID: assetID,
                input: KnowledgeAssetInput(
                    kind: asset.kind, title: asset.title, content: form["content"] ?? "", priority: asset.priority))
        } else {
            trial.prompt = PromptTemplate(key: form["key"] ?? "", version: 0, system: form["system"] ?? "", user: form["user"] ?? "")
        }
        do {
            let run = try await insights.evals.run(
                trial, items: min(max(Int(form["items"] ?? "") ?? 10, 1), EvalRunner.maxItems), createdBy: user.session.email, in: workspaceID)
            return DashboardPage.redirect("/insights/evals/\(run.id.rawValue)")
        } catch let error as AppError where [.invalidRequest, .conflict, .notFound].contains(error.code) {
            return try await renderEvals(user: user, problem: error.message, typed: form, status: .badRequest)
        }
    }

    @Sendable func evalPage(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = context.user
        let workspaceID = user.session.workspaceID
        guard let run = try? await store.evalRun(Identifier(try context.parameters.require("id")), in: workspaceID) else {
            return DashboardPage.message(
                status: .notFound, heading: "No such eval", text: "That eval does not exist in this workspace.",
                back: "/insights/evals", user: user)
        }
        let items = try await store.evalItems(runID: run.id, in: workspaceID)
        let summary = run.summary
        let view = EvalPage(
            id: run.id.rawValue, target: Self.target(run, try await store.knowledgeAssets(in: workspaceID)),
            judge: run.judge == .llm ? "a model judge (both orders; a win only when both agree)" : "the rules judge (the drafting scores)",
            state: run.state.rawValue, winRate: Self.winRate(summary.winRate), wins: summary.winRate.wins, losses: summary.winRate.losses,
            ties: summary.winRate.ties, errors: summary.verdictErrors,
            currentMean: summary.currentMeanScore.map { DashboardHTML.fixed($0, digits: 1) } ?? "–",
            candidateMean: summary.candidateMeanScore.map { DashboardHTML.fixed($0, digits: 1) } ?? "–",
            verdict: summary.candidateBetter
                ? "The candidate is better: its win rate's interval lies above one half."
                : "Not shown to be better: the interval includes one half (or lies below it).",
            canPropose: user.isAdmin && summary.candidateBetter && run.state == .completed,
            items: items.map { item in
                EvalPage.Item(
                    outcome: item.outcome.replacingOccurrences(of: "_", with: " "), current: item.currentText, candidate: item.candidateText,
                    currentScore: item.currentScore.map { DashboardHTML.fixed($0.score, digits: 1) } ?? "–",
                    candidateScore: item.candidateScore.map { DashboardHTML.fixed($0.score, digits: 1) } ?? "–",
                    verdict: item.verdict.map { $0 == .candidate ? "candidate wins" : $0 == .current ? "current wins" : "tie" } ?? "no verdict",
                    error: item.error ?? "")
            })
        return DashboardPage.html("eval", page: view, user: user)
    }

    @Sendable func proposeFromEval(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = try context.admin()
        let proposal = try await proposalService.fromEval(
            Identifier(try await request.form(EvalChoice.self, context: context).eval ?? ""), by: user.session.email, in: user.session.workspaceID)
        return DashboardPage.redirect("/insights/proposals/\(proposal.id.rawValue)")
    }

    @Sendable func proposalsPage(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = context.user
        let all = try await store.proposals(in: user.session.workspaceID, state: nil, limit: 100)
        let view = ProposalsPage(
            hasProposals: !all.isEmpty,
            proposals: all.map { proposal in
                ProposalsPage.Proposal(
                    id: proposal.id.rawValue, kind: proposal.kind.rawValue, target: proposal.target, state: proposal.state.rawValue,
                    when: user.time.format(proposal.createdAt), rationale: String(proposal.rationale.prefix(140)))
            })
        return DashboardPage.html("proposals", page: view, user: user)
    }

    @Sendable func proposalPage(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = context.user
        return try await renderProposal(try context.parameters.require("id"), user: user, notice: request.query("notice"))
    }

    func renderProposal(_ id: String, user: DashboardUser, notice: String? = nil, problem: String? = nil, status: HTTPResponse.Status = .ok)
        async throws -> Response
    {
        let workspaceID = user.session.workspaceID
        guard let proposal = try? await store.proposal(Identifier(id), in: workspaceID) else {
            return DashboardPage.message(
                status: .notFound, heading: "No such proposal", text: "That proposal does not exist in this workspace.",
                back: "/insights/proposals", user: user)
        }
        let trial = try proposal.trial()
        var before = "", after = ""
        var revisions: [ProposalPage.Revision] = []
        if let prompt = trial.prompt {
            let active = try await prompts.resolve(prompt.key, for: workspaceID)
            before = active.template.system + "\n\n" + active.template.user
            after = prompt.system + "\n\n" + prompt.user
        } else if let change = trial.knowledge {
            if let assetID = change.assetID {
                before = (try? await store.knowledgeAsset(Identifier(assetID), in: workspaceID).content) ?? "(deleted)"
            }
            after = change.input.content
            // An applied proposal that added an asset names it in `target`.
            let assetID = change.assetID ?? proposal.target
            revisions = try await store.knowledgeRevisions(assetID: assetID, in: workspaceID).map { revision in
                ProposalPage.Revision(
                    revision: revision.revision, when: user.time.format(revision.createdAt), note: revision.note ?? "",
                    content: revision.deleted ? "(the asset did not exist)" : revision.asset.content, assetID: assetID)
            }
        }
        let view = ProposalPage(
            id: proposal.id.rawValue, kind: proposal.kind.rawValue, target: proposal.target, state: proposal.state.rawValue,
            rationale: proposal.rationale, evalRunID: proposal.evalRunID?.rawValue ?? "",
            diff: TextDiff.lines(before, after).map { ProposalPage.Line(kind: $0.kind.rawValue, text: $0.text.isEmpty ? " " : $0.text) },
            applied: proposal.state == .applied, appliedRevision: proposal.appliedRevision ?? 0,
            history: proposal.history.map {
                ProposalPage.Event(state: $0.state.rawValue, by: $0.by, when: user.time.format($0.at), note: $0.note ?? "")
            },
            canApprove: user.isAdmin && proposal.state == .pending, canReject: user.isAdmin && [.pending, .approved].contains(proposal.state),
            canApply: user.superAdmin && proposal.state == .approved, waitsForSuperAdmin: proposal.state == .approved && !user.superAdmin,
            isPrompt: proposal.kind == .prompt, revisions: revisions, hasRevisions: !revisions.isEmpty, notice: notice, problem: problem)
        return DashboardPage.html("proposal", page: view, status: status, user: user)
    }

    @Sendable func proposalAction(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = context.user
        let id = try context.parameters.require("id")
        let state: Proposal.State
        switch try context.parameters.require("action") {
        case "approve": state = .approved
        case "reject": state = .rejected
        case "apply": state = .applied
        default:
            return DashboardPage.message(
                status: .notFound, heading: "No such action", text: "Proposals can be approved, rejected or applied.",
                back: "/insights/proposals/\(id)", user: user)
        }
        let actor = Proposal.Actor(name: user.session.email, isAdmin: user.isAdmin, isSuperAdmin: user.superAdmin)
        do {
            let moved = try await proposalService.move(
                Identifier(id), to: state, by: actor, note: try await request.form(NoteForm.self, context: context).note, in: user.session.workspaceID
            )
            return DashboardPage.redirect("/insights/proposals/\(id)", notice: "The proposal is \(moved.state.rawValue).")
        } catch let error as AppError where [.forbidden, .conflict].contains(error.code) {
            return try await renderProposal(id, user: user, problem: error.message, status: error.code == .forbidden ? .forbidden : .conflict)
        }
    }

    @Sendable func rollbackKnowledgeRevision(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = try context.admin()
        let assetID = try context.parameters.require("id")
        let form = try await request.form(KnowledgeRollbackForm.self, context: context)
        let back = form.proposal ?? ""
        do {
            let restored = try await proposalService.rollbackKnowledge(
                assetID: assetID, to: Int(form.revision ?? "") ?? -1, by: user.session.email, in: user.session.workspaceID)
            return DashboardPage.redirect("/insights/proposals/\(back)", notice: "Restored as revision \(restored.revision).")
        } catch let error as AppError where [.notFound, .conflict].contains(error.code) {
            return try await renderProposal(back, user: user, problem: error.message, status: .conflict)
        }
    }

    /// "prompt draft.variant.email" or "knowledge asset Pricing".
    static func target(_ run: EvalRun, _ assets: [KnowledgeAsset]) -> String {
        guard run.targetKind == .knowledge else { return "prompt \(run.target)" }
        return "knowledge asset " + (assets.first { $0.id.rawValue == run.target }?.title ?? run.target)
    }

    static func winRate(_ rate: WinRate) -> String {
        guard let value = rate.rate, let interval = rate.interval else { return "no verdicts" }
        return
            "\(DashboardHTML.fixed(value, digits: 2)) (95 %: \(DashboardHTML.fixed(interval[0], digits: 2))–\(DashboardHTML.fixed(interval[1], digits: 2)))"
    }
}
