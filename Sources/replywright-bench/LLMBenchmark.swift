import Foundation
import Metrics
import ReplywrightCore
import ReplywrightLLM
import ReplywrightTesting

// LLM client overhead: calls against the in-process fake OpenAI server, which answers at
// once, so the time is the client's (JSON encoding, HTTP, decoding) plus the fake server's
// own handling on the same 2 cores. Then N concurrent calls through the gateway.
//
//   .build/release/replywright-bench llm --calls 2000 --concurrent 500
enum LLMBenchmark {
    static func run(_ arguments: ArraySlice<String>) async throws {
        var calls = 2000
        var concurrent = 500
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            let value = iterator.next() ?? ""
            switch argument {
            case "--calls": calls = Int(value) ?? calls
            case "--concurrent": concurrent = Int(value) ?? concurrent
            default: throw BenchmarkUsageError("unknown option \(argument)")
            }
        }
        let server = FakeOpenAIServer()
        let threadsBefore = threadCount()
        try await server.run { endpoint in
            let client = ChatCompletionsClient(endpoint: endpoint)
            let gateway = LLMGateway(provider: client, recorder: nil, metrics: NOOPMetricsHandler.instance, logger: benchLogger)
            let request = LLMRequest(
                model: "gpt-4.1-mini", messages: [.system("You write short replies."), .user("Thanks, Tuesday at 3pm works for me.")],
                temperature: 0.7, maxOutputTokens: 200, context: LLMCallContext(featureID: "bench"))

            for _ in 0..<50 { _ = try await client.generate(request) }  // warm up connections
            let direct = try await timeSequential(calls) { _ = try await client.generate(request) }
            let viaGateway = try await timeSequential(calls) { _ = try await gateway.generate(request) }

            let clock = ContinuousClock()
            let started = clock.now
            var peakThreads = threadCount()
            let completed = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<concurrent {
                    group.addTask { (try? await gateway.generate(request)) != nil }
                }
                var ok = 0
                for try await success in group {
                    if success { ok += 1 }
                    peakThreads = max(peakThreads, threadCount())
                }
                return ok
            }
            let elapsed = clock.now - started
            print(
                """
                sequential calls  \(calls) each, zero-latency fake server on 127.0.0.1
                  client          median \(ms(direct.median)) ms, p95 \(ms(direct.p95)) ms, p99 \(ms(direct.p99)) ms
                  gateway         median \(ms(viaGateway.median)) ms, p95 \(ms(viaGateway.p95)) ms, p99 \(ms(viaGateway.p99)) ms
                concurrent        \(completed) of \(concurrent) calls completed in \(String(format: "%.2f", seconds(elapsed))) s
                threads           \(threadsBefore) before, \(peakThreads) at most during the concurrent run
                """)
        }
    }

    struct Percentiles {
        var median: Duration
        var p95: Duration
        var p99: Duration
    }

    static func timeSequential(_ count: Int, _ call: () async throws -> Void) async throws -> Percentiles {
        let clock = ContinuousClock()
        var samples: [Duration] = []
        samples.reserveCapacity(count)
        for _ in 0..<count {
            let started = clock.now
            try await call()
            samples.append(clock.now - started)
        }
        samples.sort()
        func at(_ fraction: Double) -> Duration { samples[min(samples.count - 1, Int(Double(samples.count) * fraction))] }
        return Percentiles(median: at(0.5), p95: at(0.95), p99: at(0.99))
    }

    static func ms(_ duration: Duration) -> String { String(format: "%.3f", seconds(duration) * 1000) }

    /// Threads of this process, from /proc (Linux).
    static func threadCount() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Threads:") })
        else { return -1 }
        return Int(line.dropFirst("Threads:".count).trimmingCharacters(in: .whitespaces)) ?? -1
    }
}
