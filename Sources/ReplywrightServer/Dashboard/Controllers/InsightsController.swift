import Foundation
import HTTPTypes
import Hummingbird
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

/// Insights (everyone: aggregates and charts; admins: the sample's snippets and the synthesis'
/// evidence), with the report builder, the CSV and the question box.
struct InsightsController {
    let store: any ReportStore & LeadStore
    /// Reports' synthesis and questions (C4).
    let insights: InsightsSchedule

    func register(on pages: RouterGroup<DashboardRequestContext>) {
        pages.get("/insights", use: insightsPage)
        pages.post("/insights/reports", use: createReport)
        pages.get("/insights/reports/:id", use: reportCSV)
        pages.post("/insights/reports/:id/synthesis", use: writeSynthesis)
        pages.post("/insights/reports/:id/ask", use: askReport)
    }

    var reports: MessagePerformanceReports { MessagePerformanceReports(store: store) }

    struct ReportForm: Decodable {
        var from, to, attributionDays, maturityDays: String?
    }

    struct QuestionForm: Decodable {
        var question: String?
    }

    @Sendable func insightsPage(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = context.user
        let chosen = request.uri.queryParameters["report"].map(String.init)
        return try await renderInsights(user: user, reportID: chosen, notice: request.query("notice"))
    }

    func renderInsights(
        user: DashboardUser, reportID: String?, notice: String? = nil, problem: String? = nil, answer: InsightSynthesis? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let workspaceID = user.session.workspaceID
        let all = try await reports.list(in: workspaceID, limit: 30)
        let now = Date()
        let zone = user.time.zone
        let selectedID = reportID ?? all.first?.stored.id.rawValue
        var shown: ReportView?
        if let selected = all.first(where: { $0.stored.id.rawValue == selectedID }) {
            shown = reportView(selected.stored, selected.report, user: user, zone: zone, answer: answer)
        } else if reportID != nil {
            return DashboardPage.message(
                status: .notFound, heading: "No such report", text: "That report does not exist in this workspace.",
                back: "/insights", user: user)
        }
        let reach = try await store.leadReach(in: workspaceID, since: now.addingTimeInterval(-30 * 86_400))
        let view = Page(
            reach: Page.Reach(reach),
            defaultFrom: DashboardHTML.day(now.addingTimeInterval(-77 * 86_400), in: zone),
            defaultTo: DashboardHTML.day(now.addingTimeInterval(-21 * 86_400), in: zone),
            reports: all.map { stored, report in
                Page.Listed(
                    id: stored.id.rawValue, when: user.time.format(stored.createdAt), range: Self.range(report.parameters, zone),
                    selected: stored.id.rawValue == selectedID, by: stored.createdBy ?? "")
            },
            hasReports: !all.isEmpty, notice: notice, problem: problem, report: shown)
        return DashboardPage.html("insights", page: view, status: status, user: user)
    }

    /// The insights page (`insights.mustache`): the stored reports and the one shown.
    struct Page: Sendable {
        struct Listed: Sendable {
            var id, when, range: String
            var selected: Bool
            var by: String
        }

        /// Who can still be written to: bounced addresses and opt-outs, over all leads.
        struct Reach: Sendable {
            var leads, undeliverable, undeliverableRecently, optedOut: String
            var hasBounces: Bool

            init(_ reach: LeadReach) {
                leads = DashboardHTML.grouped(reach.leads)
                undeliverable = DashboardHTML.grouped(reach.undeliverable)
                undeliverableRecently = DashboardHTML.grouped(reach.undeliverableSince)
                optedOut = DashboardHTML.grouped(reach.optedOut)
                hasBounces = reach.undeliverable > 0
            }
        }

        var reach: Reach
        var defaultFrom, defaultTo: String
        var reports: [Listed]
        var hasReports: Bool
        var notice, problem: String?
        var report: ReportView?
    }

    /// One report: totals, charts (SVG built in Swift), segments, comparisons, the synthesis.
    struct ReportView: Sendable {
        struct Reason: Sendable {
            var reason: String
            var count: Int
        }

        struct Segment: Sendable {
            var sender, channel: String
            var booked, notBooked, pending: Int
            var rate, interval: String
        }

        struct Comparison: Sendable { var sender, difference, interval, verdict: String }
        struct Evidence: Sendable { var snippet, outcome: String }
        struct Finding: Sendable {
            var hasEvidence: Bool
            var kind: String
            var works: Bool
            var claim: String
            /// The sampled messages behind the claim (admins only).
            var evidence: [Evidence]
            var evidenceCount: Int
        }

        struct Answer: Sendable {
            var question, text: String
            var findings: [Finding]
            var source: String
        }

        var id, cohort, range: String
        var messages, booked, notBooked, pending: Int
        var rate: String
        var unattributedBookings, unattributedMessages: Int
        var reasons: [Reason]
        var senderChart, channelChart, archetypeChart, speedChart, weeklyChart: String
        var segments: [Segment]
        var comparisons: [Comparison]
        var hasSynthesis, canSynthesize, isAdmin: Bool
        var synthesisSource: String?
        var findings: [Finding]?
        var noFindings: Bool
        var answer: Answer?
    }

    private func reportView(
        _ stored: StoredReport, _ report: MessagePerformanceReport, user: DashboardUser, zone: TimeZone, answer: InsightSynthesis?
    ) -> ReportView {
        func bars(_ rows: [MessagePerformanceReport.Row], label: (MessagePerformanceReport.Row) -> String) -> [SVGChart.RateBar] {
            rows.map { SVGChart.RateBar(label: label($0), rate: $0.bookedRate, interval: $0.interval, decided: $0.decided) }
        }
        let snippets = Dictionary(report.sample.messages.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func findings(_ synthesis: InsightSynthesis) -> [ReportView.Finding] {
            synthesis.findings.map { finding in
                let evidence = user.isAdmin ? finding.evidence.compactMap { snippets[$0] } : []
                return ReportView.Finding(
                    hasEvidence: !evidence.isEmpty, kind: finding.kind == .works ? "works" : "does not work", works: finding.kind == .works,
                    claim: finding.claim, evidence: evidence.map { ReportView.Evidence(snippet: $0.snippet, outcome: Self.outcome($0.outcome)) },
                    evidenceCount: finding.evidence.count)
            }
        }
        let synthesis = stored.synthesis.flatMap { try? InsightsAnalyst.decode($0) }
        return ReportView(
            id: stored.id.rawValue, cohort: report.cohort, range: Self.range(report.parameters, zone), messages: report.totals.messages,
            booked: report.totals.booked, notBooked: report.totals.notBooked, pending: report.totals.pending,
            rate: report.totals.bookedRate.map(SVGChart.percent) ?? "–", unattributedBookings: report.unattributed.bookings,
            unattributedMessages: report.unattributed.messages,
            reasons: report.unattributed.reasons.sorted { $0.key < $1.key }.map {
                ReportView.Reason(reason: DashboardHTML.spaced($0.key), count: $0.value)
            },
            senderChart: SVGChart.rateBars(title: "Booked rate by sender", bars: bars(report.bySender) { Self.sender($0.sender) }),
            channelChart: SVGChart.rateBars(title: "Booked rate by channel", bars: bars(report.byChannel) { $0.channel?.rawValue ?? "" }),
            archetypeChart: SVGChart.rateBars(title: "Booked rate by archetype", bars: bars(report.byArchetype) { $0.key ?? "" }),
            speedChart: SVGChart.rateBars(title: "Booked rate by reply speed", bars: bars(report.byReplySpeed) { Self.speed($0.key) }),
            weeklyChart: SVGChart.rateBars(title: "Booked rate by week sent", bars: bars(report.weekly) { "week of \($0.key ?? "")" }),
            segments: report.segments.map { row in
                ReportView.Segment(
                    sender: Self.sender(row.sender), channel: row.channel?.rawValue ?? "", booked: row.booked, notBooked: row.notBooked,
                    pending: row.pending, rate: row.bookedRate.map(SVGChart.percent) ?? "–",
                    interval: row.interval.map { "\(SVGChart.percent($0[0])) – \(SVGChart.percent($0[1]))" } ?? "–")
            },
            comparisons: report.comparisons.map { item in
                ReportView.Comparison(
                    sender: Self.sender(item.sender),
                    difference: item.difference.map { String(format: "%+.1f points", $0 * 100) } ?? "–",
                    interval: item.interval.map { String(format: "%+.1f to %+.1f points", $0[0] * 100, $0[1] * 100) } ?? "–",
                    verdict: item.difference == nil ? "not enough data" : item.significant ? "a real difference" : "could be chance")
            },
            hasSynthesis: synthesis != nil, canSynthesize: user.isAdmin, isAdmin: user.isAdmin,
            synthesisSource: synthesis.map {
                $0.source == .llm
                    ? "written by \($0.model ?? "the model"), every claim checked against the report"
                    : "statistics only (no model configured, or its answer did not check out)"
            },
            findings: synthesis.map(findings), noFindings: synthesis?.findings.isEmpty == true,
            answer: answer.map { answer in
                ReportView.Answer(
                    question: answer.question ?? "", text: answer.answer ?? "", findings: findings(answer),
                    source: answer.source == .llm ? "the model, from this report only" : "the report's tables (no model)")
            })
    }

    @Sendable func createReport(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = context.user
        let zone = user.time.zone
        let form = try await request.form(ReportForm.self, context: context)
        guard let from = DashboardHTML.parseDay(form.from ?? "", in: zone),
            let to = DashboardHTML.parseDay(form.to ?? "", in: zone)
        else {
            return try await renderInsights(user: user, reportID: nil, problem: "Choose a first and a last day (YYYY-MM-DD).", status: .badRequest)
        }
        let attribution = Int(form.attributionDays ?? "") ?? AttributionParameters.defaultAttributionDays
        let maturity = Int(form.maturityDays ?? "") ?? AttributionParameters.defaultMaturityDays
        do {
            let (stored, _) = try await reports.create(
                AttributionParameters(
                    from: from, to: to.addingTimeInterval(86_400), asOf: Date(), attributionDays: attribution, maturityDays: maturity),
                createdBy: user.session.email, in: user.session.workspaceID)
            return DashboardPage.redirect("/insights?report=\(stored.id.rawValue)")
        } catch let error as AppError where error.code == .invalidRequest {
            return try await renderInsights(user: user, reportID: nil, problem: Self.plain(error.message), status: .badRequest)
        }
    }

    @Sendable func reportCSV(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = context.user
        var id = try context.parameters.require("id")
        guard id.hasSuffix(".csv") else { return DashboardPage.redirect("/insights?report=\(id)") }
        id.removeLast(4)
        let (stored, report) = try await reports.report(Identifier(id), in: user.session.workspaceID)
        return Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"report-\(stored.id.rawValue).csv\""],
            body: .init(byteBuffer: ByteBuffer(string: report.csv())))
    }

    @Sendable func writeSynthesis(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = try context.admin()
        let id = try context.parameters.require("id")
        _ = try await insights.analyst.synthesize(Identifier(id), in: user.session.workspaceID)
        return DashboardPage.redirect("/insights?report=\(id)", notice: "Synthesis written.")
    }

    @Sendable func askReport(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = context.user
        let id = try context.parameters.require("id")
        do {
            let answer = try await insights.analyst.ask(
                try await request.form(QuestionForm.self, context: context).question ?? "", about: Identifier(id), in: user.session.workspaceID)
            return try await renderInsights(user: user, reportID: id, answer: answer)
        } catch let error as AppError where error.code == .invalidRequest {
            return try await renderInsights(user: user, reportID: id, problem: "Ask a question of 3 to 500 characters.", status: .badRequest)
        }
    }

    static func range(_ parameters: AttributionParameters, _ zone: TimeZone) -> String {
        "\(DashboardHTML.day(parameters.from, in: zone)) to \(DashboardHTML.day(parameters.to.addingTimeInterval(-1), in: zone))"
    }

    static func sender(_ sender: SenderSegment?) -> String {
        switch sender {
        case .setter: "Setter"
        case .aiApproved: "AI, approved"
        case .aiEdited: "AI, edited"
        case .aiAutoSent: "AI, auto-sent"
        case nil: ""
        }
    }

    static func speed(_ key: String?) -> String {
        switch key.flatMap(ReplySpeed.init(rawValue:)) {
        case .under5Minutes: "under 5 minutes"
        case .under1Hour: "under an hour"
        case .under24Hours: "under a day"
        case .later: "a day or more"
        case .unprompted: "unprompted"
        case nil: key ?? ""
        }
    }

    static func outcome(_ outcome: MessageOutcome) -> String {
        switch outcome {
        case .booked: "booked"
        case .notBooked: "not booked"
        case .pending: "pending"
        case .unattributed: "unattributed"
        }
    }

    /// An API-style message ("attributionDays: 1 to 90") in plain words.
    static func plain(_ message: String) -> String {
        message.replacingOccurrences(of: "attributionDays:", with: "The attribution window must be")
            .replacingOccurrences(of: "maturityDays:", with: "The maturity wait must be")
            .replacingOccurrences(of: "from must be before to", with: "The first day must come before the last day.")
    }
}
