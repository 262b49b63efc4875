import Foundation
import Logging
import Metrics
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

// Queue throughput, measured two ways on the same store:
//
// 1. Phases: enqueue N probe jobs (producers in parallel), then let W workers (each running
//    C jobs at once) claim and complete them all. End to end = N / (enqueue + drain time).
// 2. Pipelined: producers and running workers (`JobWorker.run()`, as `serve` runs them) at
//    the same time, as webhooks arrive while workers drain. Throughput = N / time until the
//    last job has completed.
//
//   .build/release/replywright-bench queue --jobs 10000 --workers 2
//   .build/release/replywright-bench queue --database postgres://postgres@127.0.0.1:5432/bench --workers 2
enum QueueBenchmark {
    struct Options {
        var database = "sqlite:/tmp/replywright-bench.sqlite"
        var jobs = 10_000
        var workers = 2
        var concurrency = 8

        init(_ arguments: ArraySlice<String>) throws {
            var iterator = arguments.makeIterator()
            while let argument = iterator.next() {
                let value = iterator.next() ?? ""
                switch argument {
                case "--database": database = value
                case "--jobs": jobs = Int(value) ?? jobs
                case "--workers": workers = Int(value) ?? workers
                case "--concurrency": concurrency = Int(value) ?? concurrency
                default: throw BenchmarkUsageError("unknown option \(argument)")
                }
            }
        }
    }

    static func run(_ arguments: ArraySlice<String>) async throws {
        let options = try Options(arguments)
        let location = try DatabaseLocation.parse(options.database)
        if case .sqlite(let path) = location {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        try await DatabaseConnector.withStore(location, logger: benchLogger) { store in
            // Start from an empty queue (PostgreSQL databases are reused between runs).
            _ = try await store.purgeSucceededJobs(completedBefore: Date().addingTimeInterval(3600), limit: 10_000_000)
            let clock = ContinuousClock()
            let producers = max(1, options.workers)

            // 1. Phases.
            let phasedQueue = "bench-\(UUID().uuidString.prefix(8))"
            let enqueueStart = clock.now
            try await produce(options.jobs, into: phasedQueue, store: store, producers: producers)
            let enqueueTime = clock.now - enqueueStart
            let drainStart = clock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in makeWorkers(options, queue: phasedQueue, store: store) {
                    group.addTask { try await worker.runUntilIdle() }
                }
                try await group.waitForAll()
            }
            let drainTime = clock.now - drainStart

            // 2. Pipelined: the clock stops when the queue reports every job succeeded.
            let pipelinedQueue = "bench-\(UUID().uuidString.prefix(8))"
            let before = try await store.queueStats().succeeded
            let pipelineStart = clock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in makeWorkers(options, queue: pipelinedQueue, store: store) {
                    group.addTask { try await worker.run() }
                }
                try await produce(options.jobs, into: pipelinedQueue, store: store, producers: producers)
                while try await store.queueStats().succeeded - before < options.jobs {
                    try await Task.sleep(for: .milliseconds(100))
                }
                group.cancelAll()
            }
            let pipelineTime = clock.now - pipelineStart

            let stats = try await store.queueStats()
            print(
                """
                engine            \(location.engine.rawValue) (\(location))
                jobs              \(options.jobs) per run, workers \(options.workers) x concurrency \(options.concurrency), \(producers) producers
                phases
                  enqueue         \(rate(options.jobs, enqueueTime))
                  claim+complete  \(rate(options.jobs, drainTime))
                  end to end      \(rate(options.jobs, enqueueTime + drainTime))
                pipelined         \(rate(options.jobs, pipelineTime))  (enqueue, claim, complete at once)
                succeeded         \(stats.succeeded), dead \(stats.dead), left \(stats.queued + stats.running)
                """)
        }
    }

    /// Enqueues `count` probe jobs from `producers` concurrent tasks.
    static func produce(_ count: Int, into queue: String, store: any JobQueue, producers: Int) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for producer in 0..<producers {
                group.addTask {
                    for index in stride(from: producer, to: count, by: producers) {
                        _ = try await store.enqueue(NewJob(kind: .probe, queue: queue, idempotencyKey: "\(queue)-\(index)"))
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    static func makeWorkers(_ options: Options, queue: String, store: any JobQueue) -> [JobWorker] {
        (0..<options.workers).map { worker in
            JobWorker(
                queue: store, handlers: [ProbeJobHandler()],
                configuration: JobWorkerConfiguration(workerID: "bench-\(worker)", queue: queue, concurrency: options.concurrency),
                metrics: NOOPMetricsHandler.instance, logger: benchLogger)
        }
    }

    static func rate(_ count: Int, _ duration: Duration) -> String {
        String(format: "%5.0f jobs/s  (%.2f s)", Double(count) / seconds(duration), seconds(duration))
    }
}
