import Foundation
import Hummingbird
import ReplywrightCore
import ReplywrightStore

/// The leads list (search, paging) and a lead's page: the conversation, what memory holds
/// (redacted for setters), the overseer's decisions, scheduled follow-ups and the lead's drafts.
struct LeadsController {
    let store: any LeadStore & MessageStore & DraftStore & MemoryStore & DecisionStore & FollowUpStore & TenancyStore

    static let pageSize = 50

    func register(on pages: RouterGroup<DashboardRequestContext>) {
        pages.get("/leads", use: leadsPage)
        pages.get("/leads/:id", use: leadPage)
    }

    @Sendable func leadsPage(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let page = DashboardPage.page(request)
        let search = String((request.query("q") ?? "").prefix(200))
        let (leads, total) = try await store.leads(
            in: context.workspaceID, matching: search, limit: Self.pageSize,
            offset: (page - 1) * Self.pageSize)
        func link(_ page: Int) -> String { "/leads?" + (search.isEmpty ? "" : "q=\(DashboardPage.query(search))&") + "page=\(page)" }
        var values: [String: Any] = [
            "search": search, "total": total, "plural": total == 1 ? "" : "s", "hasLeads": !leads.isEmpty,
            "leads": leads.map { lead -> [String: Any] in
                [
                    "id": lead.id.rawValue, "name": lead.displayName, "email": lead.email, "company": lead.company ?? "",
                    "status": DashboardHTML.spaced(lead.status.rawValue), "optedOut": lead.optedOut,
                    "booked": lead.bookedAt.map(context.user.time.format) ?? "", "active": context.user.time.format(lead.updatedAt),
                ]
            },
        ]
        if page > 1 { values["previousPage"] = link(page - 1) }
        if (page - 1) * Self.pageSize + leads.count < total { values["nextPage"] = link(page + 1) }
        return DashboardPage.html("leads", values, user: context.user)
    }

    @Sendable func leadPage(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let workspaceID = context.workspaceID
        let lead = try await store.lead(Identifier(try context.parameters.require("id")), in: workspaceID)
        let redactor = context.user.isAdmin ? nil : Redactor(lead: lead)
        let memory = try await store.memory(leadID: lead.id, in: workspaceID, at: Date())
        let decisions = try await store.decisions(leadID: lead.id, in: workspaceID, limit: 50)
        let drafts = try await store.drafts(leadID: lead.id, in: workspaceID)
        let followUps = try await store.followUps(leadID: lead.id, in: workspaceID)
        var values: [String: Any] = [
            "name": lead.displayName, "email": lead.email, "status": lead.status.rawValue, "appointment": lead.appointmentStatus.rawValue,
            "optedOut": lead.optedOut, "redacted": redactor != nil,
            "messages": try await DashboardTimeline.rows(
                try await store.messages(leadID: lead.id, in: workspaceID), store: store, in: workspaceID,
                time: context.user.time),
            "memory": memory.map { entry -> [String: Any] in
                [
                    "category": DashboardHTML.spaced(entry.category),
                    "text": redactor.map { $0.redact(entry.text).text } ?? entry.text, "expires": context.user.time.format(entry.expiresAt),
                ]
            },
            "decisions": decisions.map { decision -> [String: Any] in
                [
                    "stage": DashboardHTML.spaced(decision.stage.rawValue), "verdict": decision.verdict.rawValue, "source": decision.source.rawValue,
                    "when": context.user.time.format(decision.createdAt),
                    "reasons": context.user.time.humanized(decision.reasons.joined(separator: "; ")),
                ]
            },
            "hasFollowUps": !followUps.isEmpty,
            "followUps": followUps.map { followUp -> [String: Any] in
                [
                    "reason": followUp.reason == .outOfOffice ? "back from time away" : "asked to hear back later",
                    "due": context.user.time.format(followUp.dueAt), "state": followUp.state.rawValue,
                ]
            },
            "drafts": drafts.prefix(20).map { draft -> [String: Any] in
                [
                    "id": draft.id.rawValue, "status": draft.status.rawValue, "source": draft.source.rawValue, "archetype": draft.archetypeID,
                    "score": DashboardPage.score(draft.combinedScore), "written": context.user.time.format(draft.createdAt),
                ]
            },
        ]
        if drafts.count > 20 { values["allDrafts"] = drafts.count }
        // Only what the bundle held: a draft written with nothing in it says so instead of listing zeros.
        if let bundle = drafts.first?.bundleStats, !bundle.isEmpty {
            let lines = Self.bundleLines(bundle).filter { ($0["value"] as? Int ?? 0) != 0 }
            values[lines.isEmpty ? "bundleEmpty" : "bundle"] = lines.isEmpty ? true : lines
        }
        values["company"] = lead.company
        values["bookedAt"] = lead.bookedAt.map(context.user.time.format)
        return DashboardPage.html("lead", values, user: context.user)
    }

    /// The bundle's numbers in words, in a fixed order.
    static func bundleLines(_ stats: [String: Double]) -> [[String: Any]] {
        LeadContextBundle.Stats.descriptions.compactMap { key, text in stats[key].map { ["label": text, "value": Int($0)] } }
    }
}
