import Foundation
import ReplywrightCore

/// `replywright-bench neardup --texts FILE --queries FILE --out FILE`: builds a
/// `NearDuplicateIndex` over the texts (one per line), asks it for each query's best LSH
/// candidate, prints the build time and queries per second, and writes each answer as a JSON
/// line (`{"query", "candidate", "jaccard"}`) for scripts/bench-neardup.py to compare with
/// datasketch's MinHashLSH.
enum NearDuplicateBenchmark {
    static func run(_ arguments: ArraySlice<String>) async throws {
        var textsPath = "", queriesPath = "", outPath = ""
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            let value = iterator.next() ?? ""
            switch argument {
            case "--texts": textsPath = value
            case "--queries": queriesPath = value
            case "--out": outPath = value
            default: throw BenchmarkUsageError("unknown option \(argument)")
            }
        }
        guard !textsPath.isEmpty, !queriesPath.isEmpty, !outPath.isEmpty else {
            throw BenchmarkUsageError("neardup needs --texts, --queries and --out")
        }
        let texts = try String(contentsOfFile: textsPath, encoding: .utf8).split(separator: "\n").map(String.init)
        let queries = try String(contentsOfFile: queriesPath, encoding: .utf8).split(separator: "\n").map(String.init)

        let buildStarted = ContinuousClock.now
        var index = NearDuplicateIndex()
        for text in texts { index.insert(text) }
        let build = ContinuousClock.now - buildStarted

        let queryStarted = ContinuousClock.now
        var answers: [(Int, Double)?] = []
        answers.reserveCapacity(queries.count)
        for query in queries { answers.append(index.bestCandidate(MinHashSignature(query))) }
        let querying = ContinuousClock.now - queryStarted

        var lines = ""
        for (number, answer) in answers.enumerated() {
            lines += "{\"query\":\(number),\"candidate\":\(answer.map { String($0.0) } ?? "null"),\"jaccard\":\(answer?.1 ?? 0)}\n"
        }
        try lines.write(toFile: outPath, atomically: true, encoding: .utf8)
        let seconds = querying.timeInterval
        print(
            "swift  build \(String(format: "%.2f", build.timeInterval)) s for \(texts.count) texts; "
                + "\(queries.count) queries in \(String(format: "%.3f", seconds)) s = \(Int(Double(queries.count) / seconds)) queries/s")
    }
}
