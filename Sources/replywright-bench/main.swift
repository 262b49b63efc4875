import Foundation
import Logging
import Metrics
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

// Queue throughput: enqueue N probe jobs, then let W workers (each running C jobs at once)
// claim and complete them all. Prints enqueue, drain and end-to-end rates.
//
//   swift run -c release replywright-bench --database sqlite:/tmp/bench.sqlite --jobs 20000 --workers 2
//   swift run -c release replywright-bench --database postgres://postgres@127.0.0.1:5432/bench --workers 2

struct Options {
    var database = "sqlite:/tmp/replywright-bench.sqlite"
    var jobs = 10_000
    var workers = 2
    var concurrency = 4
}

func parseOptions() -> Options {
    var options = Options()
    var arguments = CommandLine.arguments.dropFirst().makeIterator()
    while let argument = arguments.next() {
        let value = arguments.next() ?? ""
        switch argument {
        case "--database": options.database = value
        case "--jobs": options.jobs = Int(value) ?? options.jobs
        case "--workers": options.workers = Int(value) ?? options.workers
        case "--concurrency": options.concurrency = Int(value) ?? options.concurrency
        default:
            FileHandle.standardError.write(Data("unknown option \(argument)\n".utf8))
            exit(2)
        }
    }
    return options
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

let options = parseOptions()
var logger = Logger(label: "bench")
logger.logLevel = .warning
let location = try DatabaseLocation.parse(options.database)
if case .sqlite(let path) = location {
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
}

try await DatabaseConnector.withStore(location, logger: logger) { store in
    // Start from an empty queue (PostgreSQL databases are reused between runs).
    _ = try await store.purgeSucceededJobs(completedBefore: Date().addingTimeInterval(3600), limit: 10_000_000)
    let queue = "bench-\(UUID().uuidString.prefix(8))"
    let clock = ContinuousClock()

    let enqueueStart = clock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        // Producers in parallel, as webhooks would arrive on several connections.
        let producers = max(1, options.workers)
        for producer in 0..<producers {
            group.addTask {
                for index in stride(from: producer, to: options.jobs, by: producers) {
                    _ = try await store.enqueue(NewJob(kind: .probe, queue: queue, idempotencyKey: "\(queue)-\(index)"))
                }
            }
        }
        try await group.waitForAll()
    }
    let enqueueTime = clock.now - enqueueStart

    let drainStart = clock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for worker in 0..<options.workers {
            let jobWorker = JobWorker(
                queue: store, handlers: [ProbeJobHandler()],
                configuration: JobWorkerConfiguration(workerID: "bench-\(worker)", queue: queue, concurrency: options.concurrency),
                metrics: NOOPMetricsHandler.instance, logger: logger)
            for _ in 0..<options.concurrency {
                group.addTask { try await jobWorker.runUntilIdle() }
            }
        }
        try await group.waitForAll()
    }
    let drainTime = clock.now - drainStart
    let stats = try await store.queueStats()
    let total = seconds(enqueueTime) + seconds(drainTime)
    print("""
        engine            \(location.engine.rawValue) (\(location))
        jobs              \(options.jobs)  workers \(options.workers) x concurrency \(options.concurrency)
        enqueue           \(String(format: "%.0f", Double(options.jobs) / seconds(enqueueTime))) jobs/s  (\(String(format: "%.2f", seconds(enqueueTime))) s)
        claim+complete    \(String(format: "%.0f", Double(options.jobs) / seconds(drainTime))) jobs/s  (\(String(format: "%.2f", seconds(drainTime))) s)
        end to end        \(String(format: "%.0f", Double(options.jobs) / total)) jobs/s  (enqueue -> claim -> complete)
        succeeded         \(stats.succeeded), dead \(stats.dead), left \(stats.queued + stats.running)
        """)
}
