import ArgumentParser
import Foundation
import ReplywrightCore
import ReplywrightStore

/// `replywright doctor`: checks the installation and says what is wrong, exiting non-zero
/// when a check fails. (The LLM provider checks arrive with the LLM layer.)
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "doctor", abstract: "Check the database and the job queue.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await reportingErrors {
            let runtime = try CommandRuntime.make(global)
            let location = runtime.configuration.database
            print("database   \(location)")
            let started = ContinuousClock.now
            let failures = try await DatabaseConnector.withStore(location, logger: runtime.logger, migrate: false) { store in
                var failures: [String] = []
                try await store.ping()
                print("  ok       connected (\(Self.milliseconds(since: started)) ms)")
                let applied = try await Migrator(store: store).appliedVersions()
                let current = applied.max() ?? 0
                if current < Migrator.latestVersion {
                    print("  FAIL     schema at version \(current), this build needs \(Migrator.latestVersion): run `replywright migrate`")
                    failures.append("schema out of date")
                } else {
                    print("  ok       schema at version \(current)")
                    let stats = try await store.queueStats()
                    print("queue      \(stats.ready) ready, \(stats.running) running, \(stats.dead) dead, \(stats.succeeded) succeeded")
                    if stats.dead > 0 { print("  note     \(stats.dead) job(s) in the dead letters need attention") }
                }
                return failures
            }
            let llm = runtime.configuration.llmBaseURL ?? (runtime.configuration.llmAPIKey == nil ? nil : "https://api.openai.com/v1")
            print("llm        \(llm ?? "not configured: the rules tier answers everything")")
            if !failures.isEmpty {
                throw AppError(.unavailable, "doctor found problems: \(failures.joined(separator: "; "))")
            }
            print("all checks passed")
        }
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> Int {
        Int((ContinuousClock.now - start).timeInterval * 1000)
    }
}
