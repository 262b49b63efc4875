import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

/// The drafts inbox and a draft's page: review, edit, approve, reject, send, refine, and
/// writing a new draft for a lead.
struct InboxController {
    let store: any DraftStore & LeadStore & MessageStore & PolicyStore & DeliveryStore & TenancyStore
    let drafting: ReplyDrafter
    let refining: RefinePipeline
    let review: DraftReview

    static let pageSize = 50

    func register(on pages: RouterGroup<DashboardRequestContext>) {
        pages.get("/drafts", use: inbox)
        pages.get("/drafts/:id", use: draftPage)
        pages.post("/drafts/:id/:action", use: draftAction)
        pages.post("/leads/:id/regenerate", use: regenerate)
    }

    /// The inbox's tabs: which statuses each shows.
    static let tabs: [(id: String, label: String, statuses: Set<Draft.Status>)] = [
        ("pending", "To review", [.pending]), ("approved", "Approved", [.approved, .edited]), ("sent", "Sent", [.sent]),
        ("rejected", "Rejected", [.rejected]), ("blocked", "Blocked", [.blocked]), ("superseded", "Superseded", [.superseded]),
    ]

    /// The inbox's query from the URL (`tab`, `q`, `intent`, `source`, `channel`, `needs`, `order`, `page`);
    /// anything unknown is ignored, not an error.
    static func query(_ request: Request) -> (InboxQuery, tab: String, page: Int) {
        let tab = tabs.first { $0.id == request.query("tab") } ?? tabs[0]
        let page = DashboardPage.page(request)
        let query = InboxQuery(
            statuses: tab.statuses, search: String((request.query("q") ?? "").prefix(200)),
            intent: request.query("intent").flatMap(ReplyIntent.init(rawValue:)),
            source: request.query("source").flatMap(DecisionSource.init(rawValue:)),
            channel: request.query("channel").flatMap(Channel.init(rawValue:)), needsAnswerOnly: request.query("needs") == "on",
            order: request.query("order").flatMap(InboxQuery.Order.init(rawValue:)) ?? .waited,
            limit: pageSize, offset: (page - 1) * pageSize)
        return (query, tab.id, page)
    }

    @Sendable func inbox(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let (query, tab, page) = Self.query(request)
        let result = try await store.inbox(query, in: context.workspaceID)
        let now = Date()
        let rows = result.entries.map { entry in
            DashboardHTML.InboxRow(
                id: entry.draft.id.rawValue, leadName: entry.draft.leadName, leadEmail: entry.draft.leadEmail,
                snippet: entry.snippet ?? "", intent: DashboardHTML.spaced(entry.draft.intent.rawValue),
                channel: entry.channel?.rawValue ?? "", source: entry.draft.source.rawValue,
                score: DashboardPage.score(entry.draft.combinedScore), status: Self.statusWords(entry.draft.status),
                waited: DashboardTime.waited(since: entry.waitingSince, now: now), needsAnswer: entry.needsAnswer)
        }
        // The filters as they are, for the form, the tabs' links and paging.
        var kept: [(String, String)] = []
        if !query.search.isEmpty { kept.append(("q", query.search)) }
        if let intent = query.intent { kept.append(("intent", intent.rawValue)) }
        if let source = query.source { kept.append(("source", source.rawValue)) }
        if let channel = query.channel { kept.append(("channel", channel.rawValue)) }
        if query.needsAnswerOnly { kept.append(("needs", "on")) }
        if query.order != .waited { kept.append(("order", query.order.rawValue)) }
        func link(tab: String, page: Int = 1) -> String {
            let pairs = [("tab", tab)] + kept + (page > 1 ? [("page", String(page))] : [])
            return "/drafts?" + pairs.map { "\($0.0)=\(DashboardPage.query($0.1))" }.joined(separator: "&")
        }
        func choices<T: RawRepresentable>(_ all: [T], _ selected: T?) -> String where T.RawValue == String {
            DashboardHTML.options(all.map(\.rawValue), selected: selected?.rawValue)
        }
        let view = InboxView(
            rows: DashboardHTML.inboxRows(rows), hasDrafts: !rows.isEmpty, total: Self.count(result),
            plural: result.total == 1 && !result.totalIsMore ? "" : "s", tab: tab, filtered: !kept.isEmpty,
            tabs: DashboardHTML.tabs(Self.tabs.map { (label: $0.label, href: link(tab: $0.id), current: $0.id == tab) }),
            search: query.search, intents: choices(ReplyIntent.allCases, query.intent),
            sources: choices(DecisionSource.allCases, query.source), channels: choices(Channel.allCases, query.channel),
            needs: query.needsAnswerOnly, newest: query.order == .newest,
            previousPage: page > 1 ? link(tab: tab, page: page - 1) : nil, nextPage: result.hasMore ? link(tab: tab, page: page + 1) : nil)
        return DashboardPage.html("inbox", page: view, user: context.user)
    }

    /// The inbox (`inbox.mustache`). The rows, tabs and filter options are HTML built (and
    /// escaped) in Swift: the busiest page, where Mustache's per-row lookups were most of its cost.
    struct InboxView: Sendable {
        var rows: String
        var hasDrafts: Bool
        /// "1,000", or "More than 1,000".
        var total, plural, tab: String
        var filtered: Bool
        var tabs, search, intents, sources, channels: String
        var needs, newest: Bool
        var previousPage, nextPage: String?
    }

    /// A draft's page (`draft.mustache`).
    struct DraftPage: Sendable {
        struct Candidate: Sendable {
            var index, words: Int
            var combined: String
            var violations: Int
            var hasViolations, winner: Bool
            var archetype, text: String?
            /// Waiting for review and not the draft's text already: "use this one".
            var pickable: Bool
        }

        struct Scores: Sendable { var coverage, voice, scope, uniqueness, relevance: String }
        /// The message the draft answers.
        struct Answers: Sendable {
            var when, channel, subject: String
            var hasSubject: Bool
            var snippet: String
            /// Not the lead's latest message (a newer one arrived).
            var older: Bool
        }

        var id, leadId, leadName, leadEmail, intent, archetype, source, score, status: String
        var needsAnswer, superseded: Bool
        var body, written: String
        var editable, approvable, sendable: Bool
        var messages: [DashboardTimeline.Row]
        var candidates: [Candidate]
        var scores: Scores
        var modes, nudges: [DashboardPage.Option]
        var answers: Answers?
        /// Why nothing may be sent to this lead (opted out, a blocked domain), while the draft waits.
        var refusal: String?
        var disposition, delivery: String?
        /// Sent with no transport configured: recorded, not delivered.
        var notDelivered: Bool
        var notice, problem: String?
        /// A refine result to apply with one click.
        var refined, refinedSource, refinedScore: String?
    }

    /// "1,000", or "More than 1,000" when the count stopped there.
    static func count(_ page: InboxPage) -> String {
        let number = DashboardHTML.grouped(page.total)
        return page.totalIsMore ? "More than \(number)" : number
    }

    @Sendable func draftPage(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        try await renderDraft(Identifier(try context.parameters.require("id")), context: context, notice: request.query("notice"))
    }

    /// The draft's page. `typed`: the editor's text when an action was refused (shown instead of
    /// the stored text, so nothing typed is lost).
    func renderDraft(
        _ id: Identifier<Draft>, context: DashboardRequestContext, notice: String? = nil, problem: String? = nil,
        status: HTTPResponse.Status = .ok, typed: String? = nil, refined: RefinePipeline.Result? = nil
    ) async throws -> Response {
        let workspaceID = context.workspaceID
        let time = context.user.time
        let draft = try await store.draft(id, in: workspaceID)
        let lead = try await store.lead(draft.leadID, in: workspaceID)
        let messages = try await store.messages(leadID: lead.id, in: workspaceID)
        let delivery = try await store.delivery(for: draft.id, in: workspaceID)
        let latestInbound = messages.last { $0.direction == .inbound }
        let answers = draft.triggerMessageID.flatMap { id in messages.first { $0.id == id } } ?? latestInbound
        let winner = draft.candidateStats.enumerated().max { $0.element["combined"] ?? 0 < $1.element["combined"] ?? 0 }?.offset
        let waiting = Draft.Status.waitingForReview.contains(draft.status)
        let refusal = HardGates.refusal(for: lead, policy: try await store.policySettings(in: workspaceID))
        let choice = { (value: String) in DashboardPage.Option(value: value, label: DashboardHTML.spaced(value), selected: false) }
        let view = DraftPage(
            id: draft.id.rawValue, leadId: lead.id.rawValue, leadName: lead.displayName, leadEmail: lead.email,
            intent: DashboardHTML.spaced(draft.intent.rawValue), archetype: draft.archetypeID, source: draft.source.rawValue,
            score: DashboardPage.score(draft.combinedScore), status: Self.statusWords(draft.status),
            needsAnswer: draft.needsAnswer && waiting, superseded: draft.status == .superseded, body: typed ?? draft.body,
            written: time.format(draft.createdAt), editable: waiting, approvable: draft.status == .pending && refusal == nil,
            sendable: waiting && refusal == nil,
            messages: try await DashboardTimeline.rows(messages, store: store, in: workspaceID, time: time),
            candidates: draft.candidateStats.enumerated().map { index, stats in
                let archetype = Int(stats["archetype"] ?? -1)
                let text = draft.candidates.indices.contains(index) ? draft.candidates[index] : nil
                return DraftPage.Candidate(
                    index: index + 1, words: Int(stats["words"] ?? 0), combined: DashboardPage.score(stats["combined"]),
                    violations: Int(stats["scope_violations"] ?? 0), hasViolations: (stats["scope_violations"] ?? 0) > 0,
                    winner: index == winner,
                    archetype: ArchetypeCatalog.standard.indices.contains(archetype) ? ArchetypeCatalog.standard[archetype].name : nil,
                    text: text, pickable: waiting && text != nil && text != draft.body)
            },
            scores: DraftPage.Scores(
                coverage: DashboardPage.score(draft.scores.coverage), voice: DashboardPage.score(draft.scores.voice),
                scope: DashboardPage.score(draft.scores.scope), uniqueness: DashboardPage.score(draft.scores.uniqueness),
                relevance: DashboardPage.score(draft.scores.relevance)),
            modes: RefineMode.allCases.map { choice($0.rawValue) }, nudges: RefineNudge.allCases.map { choice($0.rawValue) },
            answers: answers.map { answers in
                DraftPage.Answers(
                    when: time.format(answers.occurredAt), channel: answers.channel.rawValue, subject: answers.subject ?? "",
                    hasSubject: answers.subject?.isEmpty == false, snippet: String(answers.visibleText.prefix(280)),
                    older: answers.id != latestInbound?.id)
            },
            refusal: waiting ? refusal : nil, disposition: draft.disposition.map { DashboardHTML.spaced($0.rawValue.lowercased()) },
            delivery: delivery.map { DashboardHTML.spaced($0.state.rawValue) },
            notDelivered: draft.status == .sent && delivery == nil && !review.delivers, notice: notice, problem: problem,
            refined: refined?.text, refinedSource: refined?.source.rawValue, refinedScore: refined.map { DashboardPage.score($0.combinedScore) })
        return DashboardPage.html("draft", page: view, status: status, user: context.user)
    }

    static func statusWords(_ status: Draft.Status) -> String {
        switch status {
        case .pending: "waiting for review"
        case .approved: "approved, not sent yet"
        case .edited: "edited, not sent yet"
        case .sent: "sent"
        case .rejected: "rejected"
        case .blocked: "blocked by the overseer"
        case .superseded: "superseded"
        }
    }

    /// The review form: the editor's text goes with every button.
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
        let notice: String
        do {
            switch action {
            case "edit":
                let outcome = try await review.edit(id, body: form.body ?? "", in: workspaceID)
                let score = DashboardPage.score(outcome.draft.combinedScore)
                notice = outcome.edited ? "Edit saved and rescored (score \(score)). Approve or send when ready." : "No change to save."
                return DashboardPage.redirect("/drafts/\(id)", notice: notice)
            case "approve":
                let outcome = try await review.approve(id, body: form.body, in: workspaceID)
                notice = outcome.edited ? "Approved with your edit." : "Approved."
            case "send":
                let outcome = try await review.send(id, body: form.body, in: workspaceID, user: context.user.session.userID)
                notice =
                    (outcome.edited ? "Sent with your edit." : "Sent.")
                    + (review.delivers ? "" : " Recorded only: this install delivers nothing itself, so send it from your sending platform.")
            case "reject":
                _ = try await store.review(id, in: workspaceID, action: .reject, by: .setter)
                notice = "Rejected."
            case "refine":
                // The editor's text as it is, not the stored one.
                var text = try await store.draft(id, in: workspaceID).body
                if let body = form.body { text = DraftReview.normalized(body) }
                guard let mode = form.mode.flatMap(RefineMode.init(rawValue:)) else { throw AppError.invalid("choose how to refine the text") }
                let nudge = form.nudge.flatMap(RefineNudge.init(rawValue:))
                let refined = try await refining.refine(text, mode: mode, nudge: nudge, in: workspaceID, logger: context.logger)
                return try await renderDraft(id, context: context, typed: text, refined: refined)
            default:
                throw AppError(.notFound, "no such action")
            }
        } catch let error as AppError where [.conflict, .invalidRequest].contains(error.code) {
            // The draft's page again, with the reason and the editor's text as it was.
            return try await renderDraft(
                id, context: context, problem: DashboardPage.plainWords(error.message, labels: [("body:", "the draft's text:")]),
                status: error.code == .conflict ? .conflict : .badRequest, typed: form.body)
        }
        return try await next(after: id, context: context, notice: notice)
    }

    /// After a decision, the next draft waiting in the inbox (or the inbox when none is left).
    func next(after id: Identifier<Draft>, context: DashboardRequestContext, notice: String) async throws -> Response {
        let waiting = try await store.inbox(InboxQuery(limit: 2), in: context.workspaceID).entries.map(\.draft)
        guard let next = waiting.first(where: { $0.id != id }) else {
            return DashboardPage.redirect("/drafts", notice: notice + " The inbox is empty.")
        }
        return DashboardPage.redirect("/drafts/\(next.id)", notice: notice + " Next draft:")
    }

    @Sendable func regenerate(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let draft = try await drafting.regenerate(
            for: Identifier(try context.parameters.require("id")), in: context.workspaceID,
            logger: context.logger)
        return DashboardPage.redirect("/drafts/\(draft.id)", notice: "New draft written.")
    }
}

// The busiest page: answered without `Mirror` (every name `inbox.mustache` reads).
extension InboxController.InboxView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "rows": rows
        case "hasDrafts": hasDrafts
        case "total": total
        case "plural": plural
        case "tab": tab
        case "filtered": filtered
        case "tabs": tabs
        case "search": search
        case "intents": intents
        case "sources": sources
        case "channels": channels
        case "needs": needs
        case "newest": newest
        case "previousPage": previousPage
        case "nextPage": nextPage
        default: nil
        }
    }
}
