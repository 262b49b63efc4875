import Foundation
import Metrics
import ReplywrightCore
import ReplywrightEngine
import ReplywrightLLM
import ReplywrightStore
import ReplywrightTesting

// Forms (C5): experiment assignments in-process; the next-step decision through the rules tier
// and through a fake model that thinks for --latency-ms with --failure-rate of its calls failing
// (500); event ingest into SQLite.
//
//   .build/release/replywright-bench assignments [--units N] [--out PATH]   (scripts/bench-assignments.sh)
//   .build/release/replywright-bench forms [--database URL] [--sessions N] [--concurrent C] [--latency-ms L] [--failure-rate F] [--events N]
enum FormsBenchmark {
    /// Assignments per second over `units` ids; with `--out`, writes `unit,variant` lines for the
    /// GrowthBook comparison.
    static func assignments(_ arguments: ArraySlice<String>) throws {
        var units = 2_000_000
        var out: String?
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            let value = iterator.next() ?? ""
            switch argument {
            case "--units": units = Int(value) ?? units
            case "--out": out = value
            default: throw BenchmarkUsageError("unknown option \(argument)")
            }
        }
        let experiment = Experiment(
            id: "bench", workspaceID: "w", formID: "f", key: "signup_flow", seed: "bench-seed", coverage: 0.9,
            variants: [.init(id: "static", weight: 0.5), .init(id: "adaptive", weight: 0.3), .init(id: "short", weight: 0.2)],
            status: .running, createdAt: Date())
        let ids = (0..<units).map { "user-\($0)" }
        var counts = [String: Int]()
        let clock = ContinuousClock()
        let started = clock.now
        var variants = [String?]()
        variants.reserveCapacity(units)
        for id in ids { variants.append(experiment.assignment(unit: id).variant) }
        let elapsed = seconds(clock.now - started)
        for variant in variants { counts[variant ?? "none", default: 0] += 1 }
        print(String(format: "swift assignments  %d in %.3f s: %.0f per second", units, elapsed, Double(units) / elapsed))
        print("swift split        " + counts.keys.sorted().map { "\($0) \(counts[$0]!)" }.joined(separator: ", "))
        if let out {
            var text = ""
            text.reserveCapacity(units * 20)
            for (id, variant) in zip(ids, variants) { text += "\(id),\(variant ?? "")\n" }
            try text.write(toFile: out, atomically: true, encoding: .utf8)
        }
    }

    static func run(_ arguments: ArraySlice<String>) async throws {
        var database = "sqlite:/tmp/replywright-bench-forms.sqlite"
        var sessions = 200
        var latencyMs = 500
        var failureRate = 0.03
        var events = 50_000
        var concurrent = 20
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            let value = iterator.next() ?? ""
            switch argument {
            case "--database": database = value
            case "--sessions": sessions = Int(value) ?? sessions
            case "--latency-ms": latencyMs = Int(value) ?? latencyMs
            case "--failure-rate": failureRate = Double(value) ?? failureRate
            case "--events": events = Int(value) ?? events
            case "--concurrent": concurrent = Int(value) ?? concurrent
            default: throw BenchmarkUsageError("unknown option \(argument)")
            }
        }
        let location = try DatabaseLocation.parse(database)
        if case .sqlite(let path) = location {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        try await DatabaseConnector.withStore(location, logger: benchLogger) { store in
            let workspace = try await store.createWorkspace(name: "Forms bench \(UUID().uuidString.prefix(6))")
            let telemetry = AITelemetry(recorder: store, metrics: NOOPMetricsHandler.instance)
            let answers: [String: JSONValue] = ["email": "bench@example.com", "first_name": "Bench", "company": "Bench Co"]

            // 1. The rules tier: the decision alone, and a whole step submission (store included).
            let staticForm = try await publish(store, workspace.id, slug: "bench-static-\(UUID().uuidString.prefix(6).lowercased())", adaptive: false)
            let rules = FormSessions(
                store: store,
                cascade: NextStepCascade(store: store, llm: nil, configuration: DraftingConfiguration(), telemetry: telemetry, logger: benchLogger))
            let cascade = NextStepCascade(store: store, llm: nil, configuration: DraftingConfiguration(), telemetry: telemetry, logger: benchLogger)
            var decisions: [Duration] = [], submissions: [Duration] = []
            let clock = ContinuousClock()
            for _ in 0..<sessions {
                let session = try await rules.start(slug: staticForm.slug, unit: nil).session
                var started = clock.now
                _ = try await cascade.next(
                    after: "contact", answers: answers, definition: staticForm.definition, adaptive: false, events: [],
                    stepStartedAt: session.stepStartedAt, session: session.id, in: workspace.id)
                decisions.append(clock.now - started)
                started = clock.now
                _ = try await rules.submit(session.id, token: session.token, step: "contact", answers: answers)
                submissions.append(clock.now - started)
            }
            print("rules decision     \(sessions) sessions: median \(ms(decisions, 0.5)) ms, p95 \(ms(decisions, 0.95)) ms")
            print("rules step submit  median \(ms(submissions, 0.5)) ms, p95 \(ms(submissions, 0.95)) ms (checks, cascade, store)")

            // 2. The model tier through the gateway (retries and breaker as configured by default).
            let server = FakeOpenAIServer()
            server.latency = .milliseconds(latencyMs)
            let valid = """
                {"reasoning":"short","confidence":0.8,"step":"team","cta":"next","fields":[{"id":"role","kind":"select","required":true,"placeholder":null,"default":null,"options":null}]}
                """
            // Spread evenly: call k fails when the running failure count falls behind the rate.
            var failures = 0
            for call in 0..<(sessions * 3) {
                if Double(failures) < failureRate * Double(call + 1) - 0.5 {
                    failures += 1
                    server.enqueue(.status(500))
                } else {
                    server.enqueue(.toolCall(name: "propose_next_step", arguments: valid))
                }
            }
            let adaptiveForm = try await publish(
                store, workspace.id, slug: "bench-adaptive-\(UUID().uuidString.prefix(6).lowercased())", adaptive: true)
            try await server.run { endpoint in
                var configuration = LLMGatewayConfiguration()
                configuration.cache = nil  // every decision asks the model
                let gateway = LLMGateway(
                    provider: ChatCompletionsClient(endpoint: endpoint), configuration: configuration, recorder: store,
                    metrics: NOOPMetricsHandler.instance, logger: benchLogger)
                let adaptive = FormSessions(
                    store: store,
                    cascade: NextStepCascade(
                        store: store, llm: gateway, configuration: DraftingConfiguration(model: "gpt-4.1-mini"), telemetry: telemetry,
                        logger: benchLogger))
                let results = try await withThrowingTaskGroup(of: (Duration, DecisionSource?).self) { group in
                    var results: [(Duration, DecisionSource?)] = []
                    var launched = 0
                    func launch() {
                        group.addTask {
                            let session = try await adaptive.start(slug: adaptiveForm.slug, unit: UUID().uuidString).session
                            let started = ContinuousClock.now
                            _ = try await adaptive.submit(session.id, token: session.token, step: "contact", answers: answers)
                            let source = try await store.formDecisions(session.id).first?.source
                            return (ContinuousClock.now - started, source)
                        }
                        launched += 1
                    }
                    for _ in 0..<min(concurrent, sessions) { launch() }
                    while let result = try await group.next() {
                        results.append(result)
                        if launched < sessions { launch() }
                    }
                    return results
                }
                let latencies = results.map(\.0)
                let fallbacks = results.filter { $0.1 == .fallback }.count
                print(
                    "model decision     \(sessions) sessions, \(concurrent) at a time, fake model \(latencyMs) ms, \(String(format: "%.1f", failureRate * 100)) % of calls fail (\(failures) scripted)"
                )
                print(
                    "                   step submit median \(ms(latencies, 0.5)) ms, p95 \(ms(latencies, 0.95)) ms; fallback \(fallbacks) of \(sessions) (\(String(format: "%.1f", Double(fallbacks) * 100 / Double(sessions))) %); \(server.received.count) calls"
                )
            }

            // 3. Event ingest: batches of 50 (the script's size) over 100 sessions.
            var ids: [(Identifier<FormSession>, String)] = []
            for _ in 0..<100 {
                let s = try await rules.start(slug: staticForm.slug, unit: nil).session
                ids.append((s.id, s.token))
            }
            let batch = (0..<50).map { RawFormEvent(type: $0 % 5 == 0 ? "focus" : "input", field: "email", step: nil, t: Double($0 * 120)) }
            let batches = max(1, events / 50)
            let ingestStart = clock.now
            for index in 0..<batches {
                let (id, token) = ids[index % ids.count]
                _ = try await rules.record(batch, session: id, token: token)
            }
            let ingest = seconds(clock.now - ingestStart)
            print(
                String(
                    format: "event ingest       %d events in %d batches of 50: %.0f events/s (%@)", batches * 50, batches,
                    Double(batches * 50) / ingest,
                    store.engine == .sqlite ? "SQLite" : "PostgreSQL"))
        }
    }

    static func publish(_ store: SQLStore, _ workspaceID: Identifier<Workspace>, slug: String, adaptive: Bool) async throws -> FormRecord {
        let catalog = FormCatalog(store: store)
        let form = try await catalog.create(.example(slug: slug), in: workspaceID)
        _ = try await catalog.publish(form.id, in: workspaceID)
        if adaptive {
            _ = try await catalog.createExperiment(
                .init(
                    formId: form.id.rawValue, key: "bench_\(UUID().uuidString.prefix(6).lowercased())",
                    variants: [.init(id: "static", weight: 0), .init(id: "adaptive", weight: 1)]),
                in: workspaceID)
        }
        return form
    }

    static func ms(_ samples: [Duration], _ fraction: Double) -> String {
        let sorted = samples.sorted()
        guard !sorted.isEmpty else { return "–" }
        return String(format: "%.2f", seconds(sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]) * 1000)
    }
}
