import Foundation

/// The numbers of one AI telemetry row that the usage report needs.
public struct AIUsageRow: Sendable, Hashable {
    public var featureID: String
    public var model: String?
    public var source: DecisionSource
    public var tokens: Int
    public var costUSD: Double
    public var latencyMs: Int
    public var createdAt: Date

    public init(featureID: String, model: String?, source: DecisionSource, tokens: Int, costUSD: Double, latencyMs: Int, createdAt: Date) {
        self.featureID = featureID
        self.model = model
        self.source = source
        self.tokens = tokens
        self.costUSD = costUSD
        self.latencyMs = latencyMs
        self.createdAt = createdAt
    }
}

/// AI usage and cost by day, feature and model, with latency percentiles and the mix of
/// decision sources (llm / cache / rules / fallback). Pure: rows in, report out.
public struct AIUsageReport: Sendable, Equatable {
    public struct Totals: Sendable, Equatable {
        public var calls = 0
        public var tokens = 0
        public var costUSD = 0.0
        public var p50LatencyMs = 0
        public var p95LatencyMs = 0
        public var bySource: [DecisionSource: Int] = [:]
    }

    public struct Group: Sendable, Equatable {
        /// `yyyy-MM-dd` in the report's time zone.
        public var day: String
        public var featureID: String
        /// "rules" when no model was involved.
        public var model: String
        public var totals: Totals
    }

    public var days: [String]
    public var perDay: [String: Totals]
    /// By day, feature and model; sorted by day, then feature, then model.
    public var groups: [Group]
    /// By feature and model over the whole period.
    public var byFeature: [Group]
    public var overall: Totals

    public static func build(_ rows: [AIUsageRow], from start: Date, to end: Date, timeZone: TimeZone) -> AIUsageReport {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        func day(_ date: Date) -> String {
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        }
        var days: [String] = []
        var cursor = calendar.startOfDay(for: start)
        while cursor <= end {
            days.append(day(cursor))
            guard let next = calendar.date(byAdding: .day, value: 1, to: cursor) else { break }
            cursor = next
        }
        func totals(_ rows: some Collection<AIUsageRow>) -> Totals {
            var result = Totals()
            result.calls = rows.count
            result.tokens = rows.reduce(0) { $0 + $1.tokens }
            result.costUSD = rows.reduce(0) { $0 + $1.costUSD }
            let latencies = rows.map(\.latencyMs).sorted()
            result.p50LatencyMs = percentile(latencies, 0.5)
            result.p95LatencyMs = percentile(latencies, 0.95)
            for row in rows { result.bySource[row.source, default: 0] += 1 }
            return result
        }
        let inRange = rows.filter { $0.createdAt >= start && $0.createdAt <= end }
        let byDay = Dictionary(grouping: inRange) { day($0.createdAt) }
        let grouped = Dictionary(grouping: inRange) { [day($0.createdAt), $0.featureID, $0.model ?? "rules"] }
        let byFeature = Dictionary(grouping: inRange) { [$0.featureID, $0.model ?? "rules"] }
        return AIUsageReport(
            days: days, perDay: byDay.mapValues { totals($0) },
            groups: grouped.map { Group(day: $0.key[0], featureID: $0.key[1], model: $0.key[2], totals: totals($0.value)) }
                .sorted { ($0.day, $0.featureID, $0.model) < ($1.day, $1.featureID, $1.model) },
            byFeature: byFeature.map { Group(day: "", featureID: $0.key[0], model: $0.key[1], totals: totals($0.value)) }
                .sorted { ($0.featureID, $0.model) < ($1.featureID, $1.model) },
            overall: totals(inRange))
    }

    /// Nearest-rank percentile of sorted values (0 for none).
    static func percentile(_ sorted: [Int], _ p: Double) -> Int {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    /// One line per day, feature and model, with a header; fields quoted where needed.
    public var csv: String {
        func field(_ text: String) -> String {
            text.contains(where: { ",\"\n\r".contains($0) }) || text.hasPrefix("=") || text.hasPrefix("+") || text.hasPrefix("-")
                || text.hasPrefix("@")
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        var lines = ["day,feature,model,calls,tokens,cost_usd,p50_latency_ms,p95_latency_ms,llm,cache,rules,fallback"]
        for group in groups {
            let t = group.totals
            lines.append(
                [
                    group.day, field(group.featureID), field(group.model), String(t.calls), String(t.tokens),
                    String(format: "%.6f", t.costUSD), String(t.p50LatencyMs), String(t.p95LatencyMs),
                    String(t.bySource[.llm] ?? 0), String(t.bySource[.cache] ?? 0), String(t.bySource[.rules] ?? 0),
                    String(t.bySource[.fallback] ?? 0),
                ].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
