import Foundation
import HTTPTypes
import Hummingbird
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

/// The drafts inbox and a draft's page: review, edit, approve, reject, send, refine, and
/// writing a new draft for a lead.
struct InboxController {
    let store: any DataStore
    let drafting: ReplyDrafter
    let refining: RefinePipeline
    let sender: DraftSender

    static let pageSize = 50

    func register(on pages: RouterGroup<DashboardRequestContext>) {
        pages.get("/drafts", use: inbox)
        pages.get("/drafts/:id", use: draftPage)
        pages.post("/drafts/:id/:action", use: draftAction)
        pages.post("/leads/:id/regenerate", use: regenerate)
    }

    @Sendable func inbox(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let page = DashboardPage.page(request)
        // One more than a page, to know whether there is an older page.
        let drafts = try await store.pendingDrafts(in: context.workspaceID, limit: Self.pageSize + 1, offset: (page - 1) * Self.pageSize)
        let rows = drafts.prefix(Self.pageSize).map { draft in
            DashboardHTML.InboxRow(
                id: draft.id.rawValue, leadName: draft.leadName, leadEmail: draft.leadEmail,
                intent: DashboardHTML.spaced(draft.intent.rawValue), archetype: draft.archetypeID,
                source: draft.source.rawValue, score: DashboardPage.score(draft.combinedScore), status: draft.status.rawValue,
                written: DashboardPage.when(draft.createdAt))
        }
        var values: [String: Any] = ["rows": DashboardHTML.inboxRows(Array(rows)), "hasDrafts": !rows.isEmpty]
        if page > 1 { values["previousPage"] = page - 1 }
        if drafts.count > Self.pageSize { values["nextPage"] = page + 1 }
        return DashboardPage.html("inbox", values, user: context.user)
    }

    @Sendable func draftPage(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        try await renderDraft(Identifier(try context.parameters.require("id")), context: context, notice: request.query("notice"))
    }

    func renderDraft(
        _ id: Identifier<Draft>, context: DashboardRequestContext, notice: String? = nil, problem: String? = nil,
        status: HTTPResponse.Status = .ok, refined: RefinePipeline.Result? = nil
    ) async throws -> Response {
        let workspaceID = context.workspaceID
        let draft = try await store.draft(id, in: workspaceID)
        let lead = try await store.lead(draft.leadID, in: workspaceID)
        let messages = try await store.messages(leadID: lead.id, in: workspaceID)
        let delivery = try await store.delivery(for: draft.id, in: workspaceID)
        let winner = draft.candidateStats.enumerated().max { $0.element["combined"] ?? 0 < $1.element["combined"] ?? 0 }?.offset
        var values: [String: Any] = [
            "id": draft.id.rawValue, "leadId": lead.id.rawValue, "leadName": lead.displayName,
            "intent": DashboardHTML.spaced(draft.intent.rawValue), "archetype": draft.archetypeID,
            "source": draft.source.rawValue, "score": DashboardPage.score(draft.combinedScore), "status": draft.status.rawValue,
            "needsAnswer": draft.needsAnswer, "superseded": draft.status == .superseded,
            "body": draft.body,
            "editable": [.pending, .approved, .edited].contains(draft.status), "approvable": draft.status == .pending,
            "sendable": draft.status == .approved || draft.status == .edited,
            "messages": try await DashboardTimeline.rows(messages, store: store, in: workspaceID),
            "candidates": draft.candidateStats.enumerated().map { index, stats -> [String: Any] in
                ["index": index + 1, "words": Int(stats["words"] ?? 0), "combined": DashboardPage.score(stats["combined"]),
                 "violations": Int(stats["scope_violations"] ?? 0), "winner": index == winner]
            },
            "scores": [
                "coverage": DashboardPage.score(draft.scores.coverage), "voice": DashboardPage.score(draft.scores.voice),
                "scope": DashboardPage.score(draft.scores.scope), "uniqueness": DashboardPage.score(draft.scores.uniqueness),
                "relevance": DashboardPage.score(draft.scores.relevance),
            ],
            "modes": RefineMode.allCases.map(\.rawValue), "nudges": RefineNudge.allCases.map(\.rawValue),
        ]
        values["disposition"] = draft.disposition?.rawValue
        values["delivery"] = delivery?.state.rawValue
        values["notice"] = notice
        values["problem"] = problem
        if let refined {
            values["refined"] = refined.text
            values["refinedSource"] = refined.source.rawValue
            values["refinedScore"] = DashboardPage.score(refined.combinedScore)
        }
        return DashboardPage.html("draft", values, status: status, user: context.user)
    }

    struct DraftForm: Decodable {
        var body: String?
        var mode: String?
        var nudge: String?
    }

    @Sendable func draftAction(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let workspaceID = context.workspaceID
        let id = Identifier<Draft>(try context.parameters.require("id"))
        let action = try context.parameters.require("action")
        let form = try await request.form(DraftForm.self, context: context)
        do {
            switch action {
            case "approve": _ = try await store.review(id, in: workspaceID, action: .approve, by: .setter)
            case "reject": _ = try await store.review(id, in: workspaceID, action: .reject, by: .setter)
            case "edit": _ = try await store.review(id, in: workspaceID, action: .edit(body: form.body ?? ""), by: .setter)
            case "send": _ = try await sender.send(id, in: workspaceID, action: .send, user: context.user.session.userID)
            case "refine":
                let draft = try await store.draft(id, in: workspaceID)
                guard let mode = form.mode.flatMap(RefineMode.init(rawValue:)) else { throw AppError.invalid("choose how to refine the text") }
                let nudge = form.nudge.flatMap(RefineNudge.init(rawValue:))
                let refined = try await refining.refine(draft.body, mode: mode, nudge: nudge, in: workspaceID, logger: context.logger)
                return try await renderDraft(id, context: context, refined: refined)
            default:
                throw AppError(.notFound, "no such action")
            }
        } catch let error as AppError where [.conflict, .invalidRequest].contains(error.code) {
            // The draft's page again, with the reason.
            return try await renderDraft(id, context: context, problem: error.message, status: error.code == .conflict ? .conflict : .badRequest)
        }
        let done = ["approve": "Approved.", "reject": "Rejected.", "edit": "Saved.", "send": "Sent."][action] ?? "Done."
        return DashboardPage.redirect("/drafts/\(id)", notice: done)
    }

    @Sendable func regenerate(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let draft = try await drafting.regenerate(for: Identifier(try context.parameters.require("id")), in: context.workspaceID,
                                                  logger: context.logger)
        return DashboardPage.redirect("/drafts/\(draft.id)", notice: "New draft written.")
    }
}
