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

    /// The leads list as `leads.mustache` reads it.
    struct ListPage: Sendable {
        struct Row: Sendable {
            var id, name, email, company, status: String
            var optedOut, undeliverable: Bool
            var booked, active: String
        }

        var search: String
        var total: Int
        var plural: String
        var hasLeads: Bool
        var leads: [Row]
        var previousPage, nextPage: String?
    }

    @Sendable func leadsPage(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let page = DashboardPage.page(request)
        let search = String((request.query("q") ?? "").prefix(200))
        let (leads, total) = try await store.leads(
            in: context.workspaceID, matching: search, limit: Self.pageSize,
            offset: (page - 1) * Self.pageSize)
        func link(_ page: Int) -> String { "/leads?" + (search.isEmpty ? "" : "q=\(DashboardPage.query(search))&") + "page=\(page)" }
        let time = context.user.time
        let view = ListPage(
            search: search, total: total, plural: total == 1 ? "" : "s", hasLeads: !leads.isEmpty,
            leads: leads.map { lead in
                ListPage.Row(
                    id: lead.id.rawValue, name: lead.displayName, email: lead.email, company: lead.company ?? "",
                    status: DashboardHTML.spaced(lead.status.rawValue), optedOut: lead.optedOut, undeliverable: lead.isUndeliverable,
                    booked: lead.bookedAt.map(time.format) ?? "", active: time.format(lead.updatedAt))
            },
            previousPage: page > 1 ? link(page - 1) : nil,
            nextPage: (page - 1) * Self.pageSize + leads.count < total ? link(page + 1) : nil)
        return DashboardPage.html("leads", page: view, user: context.user)
    }

    /// A lead's page as `lead.mustache` reads it.
    struct LeadPage: Sendable {
        struct MemoryRow: Sendable { var category, text, expires: String }
        struct DecisionRow: Sendable { var stage, verdict, source, when, reasons: String }
        struct FollowUpRow: Sendable { var reason, due, state: String }
        struct DraftRow: Sendable { var id, status, source, archetype, score, written: String }
        struct BundleLine: Sendable {
            var label: String
            var value: Int
        }

        var name, email: String
        var company: String?
        var status, appointment: String
        var bookedAt: String?
        var optedOut, redacted: Bool
        /// When mail to the lead's address bounced for good.
        var undeliverableSince: String?
        var messages: [DashboardTimeline.Row]
        var memory: [MemoryRow]
        var decisions: [DecisionRow]
        var hasFollowUps: Bool
        var followUps: [FollowUpRow]
        var drafts: [DraftRow]
        /// How many drafts there are when more than the 20 shown.
        var allDrafts: Int?
        /// What the last draft's context bundle held (only the non-zero lines)…
        var bundle: [BundleLine]?
        /// …or that it held nothing.
        var bundleEmpty: Bool
    }

    @Sendable func leadPage(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let workspaceID = context.workspaceID
        let time = context.user.time
        let lead = try await store.lead(Identifier(try context.parameters.require("id")), in: workspaceID)
        let redactor = context.user.isAdmin ? nil : Redactor(lead: lead)
        let memory = try await store.memory(leadID: lead.id, in: workspaceID, at: Date())
        let decisions = try await store.decisions(leadID: lead.id, in: workspaceID, limit: 50)
        let drafts = try await store.drafts(leadID: lead.id, in: workspaceID)
        let followUps = try await store.followUps(leadID: lead.id, in: workspaceID)
        // Only what the bundle held: a draft written with nothing in it says so instead of listing zeros.
        let bundle = drafts.first.flatMap { $0.bundleStats.isEmpty ? nil : Self.bundleLines($0.bundleStats).filter { $0.value != 0 } }
        let view = LeadPage(
            name: lead.displayName, email: lead.email, company: lead.company, status: lead.status.rawValue,
            appointment: lead.appointmentStatus.rawValue, bookedAt: lead.bookedAt.map(time.format), optedOut: lead.optedOut,
            redacted: redactor != nil, undeliverableSince: lead.undeliverableAt.map(time.format),
            messages: try await DashboardTimeline.rows(
                try await store.messages(leadID: lead.id, in: workspaceID), store: store, in: workspaceID, time: time),
            memory: memory.map { entry in
                LeadPage.MemoryRow(
                    category: DashboardHTML.spaced(entry.category), text: redactor.map { $0.redact(entry.text).text } ?? entry.text,
                    expires: time.format(entry.expiresAt))
            },
            decisions: decisions.map { decision in
                LeadPage.DecisionRow(
                    stage: DashboardHTML.spaced(decision.stage.rawValue), verdict: decision.verdict.rawValue,
                    source: decision.source.rawValue, when: time.format(decision.createdAt),
                    reasons: time.humanized(decision.reasons.joined(separator: "; ")))
            },
            hasFollowUps: !followUps.isEmpty,
            followUps: followUps.map { followUp in
                LeadPage.FollowUpRow(
                    reason: followUp.reason == .outOfOffice ? "back from time away" : "asked to hear back later",
                    due: time.format(followUp.dueAt), state: followUp.state.rawValue)
            },
            drafts: drafts.prefix(20).map { draft in
                LeadPage.DraftRow(
                    id: draft.id.rawValue, status: draft.status.rawValue, source: draft.source.rawValue, archetype: draft.archetypeID,
                    score: DashboardPage.score(draft.combinedScore), written: time.format(draft.createdAt))
            },
            allDrafts: drafts.count > 20 ? drafts.count : nil, bundle: bundle?.isEmpty == false ? bundle : nil,
            bundleEmpty: bundle?.isEmpty == true)
        return DashboardPage.html("lead", page: view, user: context.user)
    }

    /// The bundle's numbers in words, in a fixed order.
    static func bundleLines(_ stats: [String: Double]) -> [LeadPage.BundleLine] {
        LeadContextBundle.Stats.descriptions.compactMap { key, text in stats[key].map { LeadPage.BundleLine(label: text, value: Int($0)) } }
    }
}
