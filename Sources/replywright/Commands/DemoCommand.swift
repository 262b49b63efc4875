import ArgumentParser
import Foundation
import Logging
import ReplywrightCore
import ReplywrightEngine
import ReplywrightServer
import ReplywrightStore
import ServiceLifecycle

/// `replywright demo`: seeds (or refreshes) a demo workspace, drafts its conversations and
/// serves the dashboard and API, printing the URL, login and a one-time API key.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Create or refresh a demo workspace, draft its conversations and serve it.",
        discussion: "Works offline with no API key: without an LLM the rules tier drafts.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 8080
    @Flag(name: .customLong("no-serve"), help: "Seed and draft, then exit.") var noServe = false
    @Flag(help: "Print one JSON object (ids, login, one-time API key, URL) instead of text.") var json = false

    func run() async throws {
        try await reportingErrors {
            if !noServe {
                try PortCheck.requireFree(host: host, port: port)
                try ReplywrightHTTP.checkAssets()
            }
            // Quiet by default, so the summary is the last thing on the screen (`--log-level info` for more).
            let runtime = try await CommandRuntime.make(global, defaultLogLevel: "warning")
            let (seeded, summary) = try await DatabaseConnector.withStore(runtime.configuration.database, logger: runtime.logger) {
                try await seedAndDraft($0, runtime)
            }
            if noServe {
                report(seeded, summary, url: nil, database: runtime.configuration.database)
                return
            }
            let (servingBackend, servingStore) = try await openMigratedStore(runtime)
            let parts = try NodeServices.parts(store: servingStore, runtime: runtime)
            let app = ReplywrightHTTP.buildApplication(
                NodeServices.serverDependencies(store: servingStore, parts: parts, runtime: runtime),
                host: host, port: port,
                onServerRunning: { port in
                    report(seeded, summary, url: "http://\(host):\(port)", database: runtime.configuration.database)
                })
            let services: [any Service] =
                [servingBackend] + parts.services
                + NodeServices.background(store: servingStore, parts: parts, runtime: runtime, options: WorkerOptions())
                + [app]
            try await NodeServices.run(services, runtime: runtime)
        }
    }

    /// What drafting the demo's conversations produced.
    struct DemoDraftStats {
        var drafts: Int
        var sources: [String: Int]
        var archetypes: Int
        var largestArchetypeShare: Double
        var seconds: Double
        /// Drafts the overseer blocked (nothing may be sent to the lead, or the gate refused).
        var blocked: Int
    }

    /// Seeds the workspace and runs the draft jobs it queued to completion.
    private func seedAndDraft(_ store: SQLStore, _ runtime: CommandRuntime) async throws -> (DemoSeeder.Result, DemoDraftStats) {
        let seeded = try await DemoSeeder(store: store, passwordHasher: BcryptPasswordHasher()).seed()
        let parts = try NodeServices.parts(store: store, runtime: runtime)
        let worker = JobWorker(
            queue: store, handlers: parts.handlers(store: store), configuration: JobWorkerConfiguration(workerID: "demo-\(CommandRuntime.nodeID())"),
            metrics: runtime.metrics, logger: Logger(label: "replywright.worker"))
        let started = ContinuousClock.now
        do {
            try await worker.runUntilIdle()
        } catch {
            await parts.close()
            throw error
        }
        let elapsed = ContinuousClock.now - started
        await parts.close()
        let drafts = try await store.pendingDrafts(in: seeded.workspace.id, limit: 500)
        let blocked = try await store.draftSummaries(in: seeded.workspace.id, statuses: [.blocked], leadID: nil, limit: 500, offset: 0).count
        let perArchetype = Dictionary(grouping: drafts, by: \.archetypeID).mapValues(\.count)
        let summary = DemoDraftStats(
            drafts: drafts.count, sources: Dictionary(grouping: drafts, by: \.source.rawValue).mapValues(\.count),
            archetypes: perArchetype.count,
            largestArchetypeShare: drafts.isEmpty ? 0 : Double(perArchetype.values.max() ?? 0) / Double(drafts.count),
            seconds: elapsed.timeInterval, blocked: blocked)
        return (seeded, summary)
    }

    private func report(_ seeded: DemoSeeder.Result, _ summary: DemoDraftStats, url: String?, database: DatabaseLocation) {
        if json {
            var object: [String: Any] = [
                "workspaceId": seeded.workspace.id.rawValue, "workspaceName": seeded.workspace.name,
                "login": ["email": seeded.adminEmail, "password": seeded.adminPassword],
                "apiKey": seeded.apiKey.secret, "apiKeyPrefix": seeded.apiKey.key.prefix,
                "leads": seeded.leadCount, "messages": seeded.messageCount, "draftJobs": seeded.draftJobIDs.map(\.rawValue),
                "database": database.description,
                "drafts": [
                    "pending": summary.drafts, "sources": summary.sources, "archetypes": summary.archetypes,
                    "largestArchetypeShare": summary.largestArchetypeShare, "seconds": summary.seconds, "blocked": summary.blocked,
                ] as [String: Any],
            ]
            if let url { object["url"] = url }
            if let form = seeded.formPath { object["form"] = form }
            printJSON(object)
        } else {
            writeStdout(
                """
                Replywright demo ready (\(database))
                  workspace  \(seeded.workspace.name) (\(seeded.workspace.id))
                  leads      \(seeded.leadCount) with \(seeded.messageCount) messages; \(seeded.draftJobIDs.count) draft jobs run
                  drafts     \(summary.drafts) waiting for review (\(summary.sources.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))), \
                \(summary.blocked) blocked by the overseer, written in \(String(format: "%.2f", summary.seconds)) s
                  variety    \(summary.archetypes) reply shapes (archetypes) used; the most common one wrote \(Int((summary.largestArchetypeShare * 100).rounded())) % of the drafts
                  login      \(seeded.adminEmail) / \(seeded.adminPassword)
                  API key    \(seeded.apiKey.secret)   (shown once; stored hashed)
                """)
            if let url {
                writeStdout(
                    """
                      URL        \(url)
                    \(seeded.formPath.map { "  form       \(url)\($0)   (half of its visitors in the adaptive variant)\n" } ?? "")\
                    Try: curl -H 'Authorization: Bearer \(seeded.apiKey.secret)' \(url)/v1/leads
                    Press Ctrl-C to stop.
                    """)
            }
        }
    }
}
