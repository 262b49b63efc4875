import Foundation
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

// The message-performance report over a loaded workspace (scripts/bench-insights.sh loads one
// with a million messages): the cohort's SQL aggregation, then the whole report (sample
// included), each timed over several runs. Prints one JSON object.
//
//   .build/release/replywright-bench insights --database URL --workspace ID [--runs 3] [--from ISO --to ISO --as-of ISO]
enum InsightsBenchmark {
    static func run(_ arguments: ArraySlice<String>) async throws {
        var database = "sqlite:/tmp/replywright-bench-insights.sqlite"
        var workspace = ""
        var runs = 3
        var from = "2026-01-01T00:00:00Z", to = "2027-01-01T00:00:00Z", asOf = "2027-02-01T00:00:00Z"
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            let value = iterator.next() ?? ""
            switch argument {
            case "--database": database = value
            case "--workspace": workspace = value
            case "--runs": runs = max(1, Int(value) ?? runs)
            case "--from": from = value
            case "--to": to = value
            case "--as-of": asOf = value
            default: throw BenchmarkUsageError("unknown option \(argument)")
            }
        }
        guard !workspace.isEmpty, let start = ISO8601.parse(from), let end = ISO8601.parse(to), let known = ISO8601.parse(asOf) else {
            throw BenchmarkUsageError("--workspace ID is required; --from/--to/--as-of are ISO 8601")
        }
        let parameters = AttributionParameters(from: start, to: end, asOf: known)
        let location = try DatabaseLocation.parse(database)
        try await DatabaseConnector.withStore(location, logger: benchLogger, migrate: false) { store in
            let workspaceID = Identifier<Workspace>(workspace)
            var cellTimes: [Double] = []
            var reportTimes: [Double] = []
            var cells: [ReportCell] = []
            var booked = 0
            var messages = 0
            // Rows loaded with plain SQL (as this benchmark does) have no report keys yet: the first
            // report stores them, as it would after any bulk load; timed apart from the runs.
            let keying = ContinuousClock()
            let keyingStarted = keying.now
            _ = try await store.reportData(parameters, samplePerGroup: 0, in: workspaceID)
            let firstReportSeconds = seconds(keying.now - keyingStarted)
            for _ in 0..<runs {
                let clock = ContinuousClock()
                var started = clock.now
                cells = try await store.reportData(parameters, samplePerGroup: 0, in: workspaceID).cells
                cellTimes.append(seconds(clock.now - started))
                started = clock.now
                let report = try await MessagePerformanceReports(store: store).build(parameters, in: workspaceID)
                reportTimes.append(seconds(clock.now - started))
                booked = report.totals.booked
                messages = report.totals.messages
            }
            let output: [String: Any] = [
                "engine": location.engine.rawValue, "runs": runs, "firstReportSecondsKeying": firstReportSeconds, "cells": cells.count,
                "cohortMessages": messages, "booked": booked,
                "cellsSecondsBest": cellTimes.min() ?? 0, "cellsSecondsMedian": cellTimes.sorted()[cellTimes.count / 2],
                "reportSecondsBest": reportTimes.min() ?? 0, "reportSecondsMedian": reportTimes.sorted()[reportTimes.count / 2],
            ]
            let data = try JSONSerialization.data(withJSONObject: output, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
    }
}
