import Foundation
import Logging
import ReplywrightCore

// Benchmarks for docs/benchmarks.md; never run by the tests.
//
//   swift build -c release --product replywright-bench
//   .build/release/replywright-bench queue [--database URL] [--jobs N] [--workers W] [--concurrency C]
//   .build/release/replywright-bench llm [--calls N] [--concurrent N]
//   .build/release/replywright-bench draft [--latency-ms L] [--runs N]
//   .build/release/replywright-bench uniqueness [--leads N] [--llm-base-url URL --model M]
//   .build/release/replywright-bench overseer [--runs N]
//   .build/release/replywright-bench quality [--corpus PATH] [--show N] [--uniqueness-leads N]
//   .build/release/replywright-bench samples [--file PATH]
//   .build/release/replywright-bench insights --database URL --workspace ID [--runs N]   (for scripts/bench-insights.sh)
//   .build/release/replywright-bench assignments [--units N] [--out PATH]   (for scripts/bench-assignments.sh)
//   .build/release/replywright-bench forms [--database URL] [--sessions N] [--concurrent C] [--latency-ms L] [--failure-rate F] [--events N]
//   .build/release/replywright-bench seed-drafts --database URL [--drafts N]   (for scripts/bench-http.sh)

struct BenchmarkUsageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

let benchLogger: Logger = {
    var logger = Logger(label: "bench")
    logger.logLevel = .warning
    return logger
}()

func seconds(_ duration: Duration) -> Double { duration.timeInterval }

let arguments = CommandLine.arguments.dropFirst()
do {
    switch arguments.first {
    case "queue": try await QueueBenchmark.run(arguments.dropFirst())
    case "llm": try await LLMBenchmark.run(arguments.dropFirst())
    case "draft": try await DraftBenchmark.run(arguments.dropFirst())
    case "uniqueness": try await UniquenessBenchmark.run(arguments.dropFirst())
    case "neardup": try await NearDuplicateBenchmark.run(arguments.dropFirst())
    case "overseer": try await OverseerBenchmark.run(arguments.dropFirst())
    case "quality": try await QualityBenchmark.run(arguments.dropFirst())
    case "samples": try await MailSamples.run(arguments.dropFirst())
    case "seed-drafts": try await HTTPSeed.run(arguments.dropFirst())
    case "insights": try await InsightsBenchmark.run(arguments.dropFirst())
    case "assignments": try FormsBenchmark.assignments(arguments.dropFirst())
    case "forms": try await FormsBenchmark.run(arguments.dropFirst())
    default:
        throw BenchmarkUsageError(
            "usage: replywright-bench queue|llm|draft|uniqueness|neardup|overseer|quality|samples|insights|assignments|forms|seed-drafts [options]")
    }
} catch let error as BenchmarkUsageError {
    FileHandle.standardError.write(Data("\(error.description)\n".utf8))
    exit(2)
} catch {
    // A file that cannot be read, a database that is not there: one line, not a backtrace.
    FileHandle.standardError.write(Data("replywright-bench: \(error.localizedDescription)\n".utf8))
    exit(1)
}
