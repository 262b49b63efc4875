import Foundation
import ReplywrightCore
import Testing

@Suite("AI usage report")
struct AIUsageReportTests {
    static let start = ISO8601DateFormatter().date(from: "2026-11-18T00:00:00Z")!

    static func row(
        _ feature: String, _ model: String?, _ source: DecisionSource, latency: Int, cost: Double = 0, tokens: Int = 0,
        day: Int, hour: Int = 10
    ) -> AIUsageRow {
        AIUsageRow(
            featureID: feature, model: model, source: source, tokens: tokens, costUSD: cost, latencyMs: latency,
            createdAt: start.addingTimeInterval(Double(day * 86_400 + hour * 3_600)))
    }

    @Test func groupsByDayFeatureAndModelWithPercentiles() {
        let rows =
            (1...20).map { Self.row("draft.variant", "gpt-5.2", .llm, latency: $0 * 10, cost: 0.01, tokens: 100, day: 0) }
            + [
                Self.row("draft.rules", nil, .rules, latency: 2, day: 1), Self.row("draft.variant", "gpt-5.2", .cache, latency: 1, day: 1),
                Self.row("draft.variant", "gpt-5.2", .fallback, latency: 5, day: 2, hour: 23),
            ]
        let report = AIUsageReport.build(
            rows, from: Self.start, to: Self.start.addingTimeInterval(3 * 86_400 - 1), timeZone: TimeZone(identifier: "UTC")!)
        #expect(report.days == ["2026-11-18", "2026-11-19", "2026-11-20"])
        let first = report.perDay["2026-11-18"]!
        #expect(first.calls == 20 && first.tokens == 2000 && abs(first.costUSD - 0.2) < 1e-9)
        #expect(first.p50LatencyMs == 100 && first.p95LatencyMs == 190, "nearest rank of 10…200")
        #expect(report.overall.bySource == [.llm: 20, .rules: 1, .cache: 1, .fallback: 1])
        #expect(report.byFeature.map { "\($0.featureID) \($0.model) \($0.totals.calls)" } == ["draft.rules rules 1", "draft.variant gpt-5.2 22"])
        #expect(report.groups.count == 4)
    }

    @Test func daysFollowTheWorkspacesTimeZone() {
        // 23:00 UTC on the 20th is already the 21st in Berlin.
        let rows = [Self.row("draft.rules", nil, .rules, latency: 1, day: 2, hour: 23)]
        let berlin = AIUsageReport.build(
            rows, from: Self.start, to: Self.start.addingTimeInterval(4 * 86_400), timeZone: TimeZone(identifier: "Europe/Berlin")!)
        #expect(berlin.perDay.keys.sorted() == ["2026-11-21"])
    }

    @Test func csvQuotesWhatSpreadsheetsWouldRun() {
        let rows = [Self.row("=cmd()", "model, \"x\"", .llm, latency: 3, cost: 0.5, tokens: 7, day: 0)]
        let csv = AIUsageReport.build(rows, from: Self.start, to: Self.start.addingTimeInterval(86_400), timeZone: TimeZone(identifier: "UTC")!).csv
        let lines = csv.split(separator: "\n")
        #expect(lines.first == "day,feature,model,calls,tokens,cost_usd,p50_latency_ms,p95_latency_ms,llm,cache,rules,fallback")
        #expect(lines.last == #"2026-11-18,"=cmd()","model, ""x""",1,7,0.500000,3,3,1,0,0,0"#)
    }
}
