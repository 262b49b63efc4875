import Foundation
import Metrics
import ReplywrightCore
import ReplywrightLLM
import ReplywrightTesting
import Testing

/// The gateway over a real client and the fake server: retries and their timing, deadlines,
/// the breaker, the cache, usage and cost, and telemetry rows.
@Suite("LLM gateway")
struct GatewayTests {
    static let secret = "Call me at 555-0199 about the Zanzibar deal"

    func gateway(
        _ endpoint: OpenAIEndpoint, clock: ManualLLMClock, recorder: MemoryInteractionRecorder, logs: CapturedLogs = CapturedLogs(),
        attempts: Int = 3, breaker: CircuitBreakerPolicy = CircuitBreakerPolicy()
    ) -> LLMGateway {
        LLMGateway(
            provider: ChatCompletionsClient(endpoint: endpoint),
            configuration: LLMGatewayConfiguration(
                retry: RetryPolicy(baseDelay: .milliseconds(500), maxDelay: .seconds(8), maxAttempts: attempts), breaker: breaker),
            recorder: recorder, metrics: NOOPMetricsHandler.instance, logger: logs.logger(), clock: clock.clock)
    }

    func request(_ model: String = "gpt-4.1-mini", deadline: Date? = nil, cacheable: Bool = false) -> LLMRequest {
        LLMRequest(
            model: model, messages: [.user(Self.secret)], temperature: 0.3, maxOutputTokens: 40, deadline: deadline,
            context: LLMCallContext(
                workspaceID: Identifier("ws-1"), featureID: "draft.strategy",
                promptKey: "draft.strategy.email", promptVersion: 1),
            cacheable: cacheable)
    }

    @Test func retriesRetryableFailuresWithJitteredBackoffAndRetryAfter() async throws {
        let server = FakeOpenAIServer()
        server.enqueue(.status(503), .status(429, retryAfter: "3"), .reply("done"))
        let clock = ManualLLMClock()
        let recorder = MemoryInteractionRecorder()
        try await server.run { endpoint in
            let response = try await gateway(endpoint, clock: clock, recorder: recorder).generate(request())
            #expect(response.text == "done")
        }
        // Full jitter at 0.5: half of 500 ms after the first failure; after the second the
        // server's Retry-After (3 s) beats half of 1 s.
        #expect(clock.sleeps == [.milliseconds(250), .seconds(3)])
        #expect(server.received.count == 3)
        let row = try #require(recorder.interactions.first)
        #expect(recorder.interactions.count == 1, "one row per call, retries folded in")
        #expect(row.attempts == 3 && row.status == .ok && row.source == .llm)
        #expect(row.metadata["retry_wait_ms"] == 3250)
    }

    @Test func permanentFailuresAreNotRetried() async throws {
        let server = FakeOpenAIServer()
        server.enqueue(.status(400, message: "bad schema"), .status(401))
        let clock = ManualLLMClock()
        let recorder = MemoryInteractionRecorder()
        try await server.run { endpoint in
            let gateway = gateway(endpoint, clock: clock, recorder: recorder)
            let bad = try await #require(throws: LLMError.self) { try await gateway.generate(request()) }
            #expect(bad.code == .badRequest)
            let key = try await #require(throws: LLMError.self) { try await gateway.generate(request()) }
            #expect(key.code == .unauthorized)
        }
        #expect(server.received.count == 2 && clock.sleeps.isEmpty)
        #expect(recorder.interactions.map(\.errorCode) == ["llm_bad_request", "llm_unauthorized"])
        #expect(recorder.interactions.allSatisfy { $0.status == .error && $0.attempts == 1 })
    }

    @Test func noRetryThatWouldOverrunTheDeadline() async throws {
        let server = FakeOpenAIServer()
        // Retry-After 600 s against a 300 s deadline: waiting would overrun it. (The deadline is
        // also the HTTP call's real time limit: at 30 s, a fresh-clone run with every suite and
        // the browser test at once once timed the first attempt out, and its retry got "ok".)
        server.enqueue(.status(503, retryAfter: "600"))
        let clock = ManualLLMClock()
        let recorder = MemoryInteractionRecorder()
        try await server.run { endpoint in
            let error = try await #require(throws: LLMError.self) {
                try await gateway(endpoint, clock: clock, recorder: recorder).generate(request(deadline: clock.now.addingTimeInterval(300)))
            }
            #expect(error.code == .serverError, "the last real error, not a made-up one")
        }
        #expect(server.received.count == 1 && clock.sleeps.isEmpty)
    }

    /// A hung call that may be retried gets half the time left, so the retry still fits in the
    /// caller's deadline (real time: the deadline is the HTTP call's limit).
    @Test func aHungAttemptLeavesTimeForTheRetry() async throws {
        let server = FakeOpenAIServer()
        server.enqueue(.hang(.seconds(30)), .reply("done"))
        let recorder = MemoryInteractionRecorder()
        try await server.run { endpoint in
            let gateway = LLMGateway(
                provider: ChatCompletionsClient(endpoint: endpoint), configuration: LLMGatewayConfiguration(), recorder: recorder,
                metrics: NOOPMetricsHandler.instance, logger: CapturedLogs().logger(), clock: .system)
            let started = ContinuousClock.now
            let response = try await gateway.generate(request(deadline: Date().addingTimeInterval(8)))
            let elapsed = ContinuousClock.now - started
            #expect(response.text == "done")
            #expect(elapsed >= .seconds(3.5) && elapsed < .seconds(8), "cut at half of the 8 s, then answered: \(elapsed)")
        }
        #expect(server.received.count == 2 && recorder.interactions.first?.attempts == 2)
    }

    @Test func breakerOpensAfterHalfOfTenCallsFailAndRecoversThroughItsTrials() async throws {
        let server = FakeOpenAIServer()
        for _ in 0..<5 { server.enqueue(.reply("ok")) }
        for _ in 0..<5 { server.enqueue(.status(500)) }
        let clock = ManualLLMClock()
        let recorder = MemoryInteractionRecorder()
        try await server.run { endpoint in
            let gateway = gateway(endpoint, clock: clock, recorder: recorder, attempts: 1)
            let key = gateway.breakerKey(model: "gpt-4.1-mini")
            for _ in 0..<10 { _ = try? await gateway.generate(request()) }
            #expect(server.received.count == 10)
            guard case .open = gateway.breakers.phase(of: key) else {
                Issue.record("5 of 10 failed: the breaker should be open")
                return
            }
            let refused = try await #require(throws: LLMError.self) { try await gateway.generate(request()) }
            #expect(refused.code == .circuitOpen && server.received.count == 10, "an open breaker does not call the provider")
            #expect(recorder.interactions.last?.attempts == 0)

            // Another model on the same provider has its own breaker.
            _ = try await gateway.generate(request("gpt-4o"))

            clock.advance(by: .seconds(31))
            _ = try await gateway.generate(request())
            #expect(gateway.breakers.phase(of: key) == .halfOpen(admitted: 1, succeeded: 1, failed: 0))
            _ = try await gateway.generate(request())
            #expect(gateway.breakers.phase(of: key) == .closed, "two good trials of three close it: the third cannot reopen it")
        }
    }

    /// The breaker's changes are visible in the metrics: open 1 while open, back to 0 when the
    /// trials close it, each transition counted.
    @Test func breakerChangesAreMetrics() async throws {
        let server = FakeOpenAIServer()
        for _ in 0..<10 { server.enqueue(.status(500)) }
        let clock = ManualLLMClock()
        let metrics = GaugeRecorder()
        try await server.run { endpoint in
            let gateway = LLMGateway(
                provider: ChatCompletionsClient(endpoint: endpoint),
                configuration: LLMGatewayConfiguration(retry: RetryPolicy(baseDelay: .milliseconds(1), maxDelay: .milliseconds(1), maxAttempts: 1)),
                recorder: nil, metrics: metrics, logger: CapturedLogs().logger(), clock: clock.clock)
            let key = gateway.breakerKey(model: "gpt-4.1-mini")
            for _ in 0..<10 { _ = try? await gateway.generate(request()) }
            #expect(metrics.gauge("replywright_llm_breaker_open", ["breaker": key]) == 1)
            #expect(metrics.counter("replywright_llm_breaker_transitions_total", ["breaker": key, "to": "open"]) == 1)
            clock.advance(by: .seconds(31))
            for _ in 1...3 { _ = try await gateway.generate(request()) }
            #expect(metrics.gauge("replywright_llm_breaker_open", ["breaker": key]) == 0)
            #expect(metrics.counter("replywright_llm_breaker_transitions_total", ["breaker": key, "to": "half_open"]) == 1)
            #expect(metrics.counter("replywright_llm_breaker_transitions_total", ["breaker": key, "to": "closed"]) == 1)
        }
    }

    @Test func breakerStateTransitions() {
        var policy = CircuitBreakerPolicy()
        policy.openDuration = .seconds(10)
        var state = CircuitBreakerState()
        let start = Date(timeIntervalSince1970: 1_000)
        for index in 0..<9 { state.record(failed: index < 8, now: start, policy: policy) }
        #expect(state.phase == .closed, "fewer than 10 calls: no verdict yet")
        state.record(failed: false, now: start, policy: policy)
        #expect(state.phase == .open(until: start.addingTimeInterval(10)), "8 of 10 failed")
        let early = state.admit(now: start.addingTimeInterval(9), policy: policy)
        #expect(!early)
        var admitted: [Bool] = []
        for _ in 0..<4 { admitted.append(state.admit(now: start.addingTimeInterval(10), policy: policy)) }
        #expect(admitted == [true, true, true, false], "only 3 trial calls")
        state.record(failed: true, now: start.addingTimeInterval(11), policy: policy)
        #expect(state.phase == .halfOpen(admitted: 3, succeeded: 0, failed: 1), "one failed trial of three decides nothing")
        state.record(failed: true, now: start.addingTimeInterval(11), policy: policy)
        #expect(state.phase == .open(until: start.addingTimeInterval(21)), "two failed trials reopen it")

        // A flaky provider (one trial of three fails) gets its calls back.
        let firstTrials = [
            state.admit(now: start.addingTimeInterval(21), policy: policy), state.admit(now: start.addingTimeInterval(21), policy: policy),
        ]
        #expect(firstTrials == [true, true])
        state.record(failed: true, now: start.addingTimeInterval(22), policy: policy)
        state.record(failed: false, now: start.addingTimeInterval(22), policy: policy)
        #expect(state.phase == .halfOpen(admitted: 2, succeeded: 1, failed: 1))
        let third = state.admit(now: start.addingTimeInterval(22), policy: policy)
        #expect(third)
        state.record(failed: false, now: start.addingTimeInterval(22), policy: policy)
        #expect(state.phase == .closed, "two good trials of three close it")

        // Slow successes count against the window like failures: 19 good, then mostly slow.
        var slow = CircuitBreakerState()
        for _ in 0..<10 { slow.record(failed: false, now: start, policy: policy) }
        for _ in 0..<9 { slow.record(failed: true, now: start, policy: policy) }
        #expect(slow.phase == .closed, "9 of 19")
        slow.record(failed: true, now: start, policy: policy)
        #expect(slow.phase != .closed, "10 of 20")
    }

    @Test func cacheServesIdenticalOptInRequestsAndRecordsTheHit() async throws {
        let server = FakeOpenAIServer()
        server.enqueue(.reply("first answer"), .reply("second answer"))
        let clock = ManualLLMClock()
        let recorder = MemoryInteractionRecorder()
        try await server.run { endpoint in
            let gateway = gateway(endpoint, clock: clock, recorder: recorder)
            let first = try await gateway.generate(request(cacheable: true))
            let again = try await gateway.generate(request(cacheable: true))
            #expect(first.text == "first answer" && again.text == first.text && again.fromCache && !first.fromCache, "the hit says it is one")
            let uncached = try await gateway.generate(request())
            #expect(uncached.text == "second answer", "requests that do not opt in always call the model")
        }
        #expect(server.received.count == 2)
        #expect(recorder.interactions.map(\.source) == [.llm, .cache, .llm])
        let hit = recorder.interactions[1]
        #expect(hit.costUSD == 0 && hit.inputTokens == 0 && hit.attempts == 0)
    }

    @Test func usageCostAndTelemetryRow() async throws {
        let server = FakeOpenAIServer()
        server.enqueue(.reply("fine", usage: .init(input: 2000, cachedInput: 1000, output: 500, reasoning: 200)))
        let clock = ManualLLMClock()
        let recorder = MemoryInteractionRecorder()
        try await server.run { endpoint in
            var call = request("gpt-5.2")
            call.reasoningEffort = .extraHigh
            _ = try await gateway(endpoint, clock: clock, recorder: recorder).generate(call)
        }
        let row = try #require(recorder.interactions.first)
        #expect(row.workspaceID == Identifier("ws-1") && row.featureID == "draft.strategy")
        #expect(row.promptKey == "draft.strategy.email" && row.promptVersion == 1)
        #expect(row.model == "gpt-5.2" && row.reasoningEffort == "extra_high" && row.provider?.hasPrefix("chat-completions@") == true)
        #expect(row.inputTokens == 2000 && row.cachedInputTokens == 1000 && row.outputTokens == 500 && row.reasoningTokens == 200)
        // gpt-5.2: 1000 × $1.75 + 1000 × $0.175 + 500 × $14, per million.
        #expect(abs(row.costUSD - 0.008925) < 1e-12)
        #expect(row.metadata["coercions"] == 1, "the temperature was dropped for a reasoning model")
        #expect(server.received[0].body.field("temperature") == nil)
    }

    @Test func telemetryAndLogsNeverContainThePrompt() async throws {
        let server = FakeOpenAIServer()
        server.enqueue(.status(500, message: "upstream exploded"), .reply("not json"), .reply("{\"intent\": 3}"), .status(400))
        let clock = ManualLLMClock()
        let recorder = MemoryInteractionRecorder()
        let logs = CapturedLogs()
        let schema = JSONSchema(
            name: "a",
            schema: [
                "type": "object", "additionalProperties": false, "required": ["intent"], "properties": ["intent": ["type": "string"]],
            ])
        try await server.run { endpoint in
            let gateway = gateway(endpoint, clock: clock, recorder: recorder, logs: logs)
            _ = try? await gateway.generateStructured(request(), schema: schema)
            _ = try? await gateway.generate(request())
        }
        #expect(recorder.interactions.count == 3)
        let encoded = String(decoding: try JSONEncoder().encode(recorder.interactions), as: UTF8.self)
        #expect(!logs.all.isEmpty, "the failures were logged")
        for fragment in ["555-0199", "Zanzibar", "Call me"] {
            #expect(!encoded.contains(fragment), "telemetry rows hold no message text")
            #expect(!logs.all.contains { $0.contains(fragment) }, "log lines hold no message text")
        }
    }

    @Test func streamsAreRecordedAndRespectTheBreaker() async throws {
        let server = FakeOpenAIServer()
        server.enqueue(.reply("one two three", usage: .init(input: 9, cachedInput: 0, output: 3, reasoning: 0)), .status(503))
        let clock = ManualLLMClock()
        let recorder = MemoryInteractionRecorder()
        var policy = CircuitBreakerPolicy()
        policy.minimumCalls = 2
        try await server.run { endpoint in
            let gateway = gateway(endpoint, clock: clock, recorder: recorder, breaker: policy)
            var text = ""
            for try await event in gateway.stream(request()) {
                if case .textDelta(let delta) = event { text += delta }
            }
            #expect(text == "one two three")
            await #expect(throws: LLMError.self) { for try await _ in gateway.stream(request()) {} }
            // 1 of 2 calls failed (the minimum here is 2): open. The next stream must not
            // reach the server at all.
            let refused = await #expect(throws: LLMError.self) { for try await _ in gateway.stream(request()) {} }
            #expect(refused?.code == .circuitOpen)
        }
        #expect(server.received.count == 2)
        #expect(recorder.interactions.map(\.outputTokens) == [3, 0, 0])
        #expect(recorder.interactions.map(\.errorCode) == [nil, "llm_server_error", "llm_circuit_open"])
    }
}

/// Keeps the last gauge value and the count of each counter, by label and dimensions.
final class GaugeRecorder: MetricsFactory, @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Double] = [:]

    private static func key(_ label: String, _ dimensions: [(String, String)]) -> String {
        label + dimensions.sorted { $0.0 < $1.0 }.map { "|\($0.0)=\($0.1)" }.joined()
    }
    func gauge(_ label: String, _ dimensions: [String: String]) -> Double? {
        lock.withLock { values[Self.key(label, dimensions.map { ($0.key, $0.value) })] }
    }
    func counter(_ label: String, _ dimensions: [String: String]) -> Double? { gauge(label, dimensions) }

    private final class Handler: RecorderHandler, CounterHandler, @unchecked Sendable {
        let key: String
        unowned let owner: GaugeRecorder
        init(key: String, owner: GaugeRecorder) { (self.key, self.owner) = (key, owner) }
        func record(_ value: Int64) { record(Double(value)) }
        func record(_ value: Double) { owner.lock.withLock { owner.values[key] = value } }
        func increment(by amount: Int64) { owner.lock.withLock { owner.values[key, default: 0] += Double(amount) } }
        func reset() { owner.lock.withLock { owner.values[key] = 0 } }
    }
    private final class Ignored: TimerHandler, FloatingPointCounterHandler, @unchecked Sendable {
        func recordNanoseconds(_ duration: Int64) {}
        func increment(by amount: Double) {}
        func reset() {}
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        Handler(key: Self.key(label, dimensions), owner: self)
    }
    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler { Ignored() }
    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        Handler(key: Self.key(label, dimensions), owner: self)
    }
    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler { Ignored() }
    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}
}
