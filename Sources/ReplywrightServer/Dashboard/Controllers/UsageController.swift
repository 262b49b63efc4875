import Foundation
import Hummingbird
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

/// AI usage: calls, tokens, cost and latency per day and per feature, cost per booked meeting,
/// and the same as CSV.
struct UsageController {
    let store: any AIInteractionStore & ReportStore

    func register(on pages: RouterGroup<DashboardRequestContext>) {
        pages.get("/usage", use: usagePage)
        pages.get("/usage.csv", use: usageCSV)
    }

    func usageReport(_ request: Request, workspaceID: Identifier<Workspace>, zone: TimeZone) async throws -> (AIUsageReport, days: Int) {
        let days = min(max(request.query("days").flatMap { Int($0) } ?? 30, 1), 90)
        let now = Date()
        let since = now.addingTimeInterval(-Double(days - 1) * 86_400)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let start = calendar.startOfDay(for: since)
        let rows = try await store.aiUsage(in: workspaceID, since: start, until: now, limit: 100_000)
        return (AIUsageReport.build(rows, from: start, to: now, timeZone: zone), days)
    }

    @Sendable func usagePage(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let (report, days) = try await usageReport(request, workspaceID: context.workspaceID, zone: context.user.time.zone)
        func money(_ value: Double) -> String { Self.money(value) }
        let sources = DecisionSource.allCases
        let callsChart = SVGChart.stackedBars(
            title: "Decisions per day by source", categories: report.days,
            series: sources.map { source in
                SVGChart.Series(
                    name: source.rawValue, style: source.rawValue,
                    values: report.days.map { Double(report.perDay[$0]?.bySource[source] ?? 0) })
            },
            format: { String(Int($0.rounded())) })
        let costChart = SVGChart.stackedBars(
            title: "Cost per day (USD)", categories: report.days,
            series: [SVGChart.Series(name: "cost", style: "cost", values: report.days.map { report.perDay[$0]?.costUSD ?? 0 })],
            format: money)
        let overall = report.overall
        // Cost per booked meeting: the period's AI cost over the bookings credited to messages sent in it.
        let now = Date()
        let cells = try await store.reportData(
            AttributionParameters(from: now.addingTimeInterval(-Double(days) * 86_400), to: now, asOf: now), samplePerGroup: 0,
            in: context.workspaceID
        ).cells
        let booked = cells.filter { $0.crossChannel == .booked }.reduce(0) { $0 + $1.count }
        let view = Page(
            booked: booked, perBooking: booked > 0 ? money(overall.costUSD / Double(booked)) : "no bookings yet", days: days,
            plural: days == 1 ? "" : "s", ranges: [7, 30, 90].map { Page.Range(days: $0, current: $0 == days) },
            calls: overall.calls, tokens: overall.tokens, cost: money(overall.costUSD), p50: overall.p50LatencyMs,
            p95: overall.p95LatencyMs, hasRows: overall.calls > 0, callsChart: callsChart, costChart: costChart,
            groups: report.byFeature.map { group in
                let t = group.totals
                return Page.Group(
                    feature: group.featureID, model: group.model, calls: t.calls, tokens: t.tokens, cost: money(t.costUSD),
                    p50: t.p50LatencyMs, p95: t.p95LatencyMs, mix: sources.map { String(t.bySource[$0] ?? 0) }.joined(separator: " / "))
            })
        return DashboardPage.html("usage", page: view, user: context.user)
    }

    /// The AI usage page (`usage.mustache`); the charts are SVG built (and escaped) in Swift.
    struct Page: Sendable {
        struct Range: Sendable {
            var days: Int
            var current: Bool
        }

        struct Group: Sendable {
            var feature, model: String
            var calls, tokens: Int
            var cost: String
            var p50, p95: Int
            /// Calls by decision source, "llm / cache / rules / fallback".
            var mix: String
        }

        var booked: Int
        var perBooking: String
        var days: Int
        var plural: String
        var ranges: [Range]
        var calls, tokens: Int
        var cost: String
        var p50, p95: Int
        var hasRows: Bool
        var callsChart, costChart: String
        var groups: [Group]
    }

    /// "$0", "$0.0042", "$0.042", "$4.20": enough digits to tell small costs apart, no more.
    static func money(_ value: Double) -> String {
        guard value != 0 else { return "$0" }
        let digits = abs(value) < 0.01 ? 4 : abs(value) < 1 ? 3 : 2
        return "$" + DashboardHTML.fixed(value, digits: digits)
    }

    @Sendable func usageCSV(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let (report, days) = try await usageReport(request, workspaceID: context.workspaceID, zone: context.user.time.zone)
        return Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"ai-usage-\(days)d.csv\""],
            body: .init(byteBuffer: ByteBuffer(string: report.csv)))
    }
}
