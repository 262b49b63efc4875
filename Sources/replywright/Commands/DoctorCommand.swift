import ArgumentParser
import Foundation
import ReplywrightCore
import ReplywrightLLM
import ReplywrightStore

/// `replywright doctor`: checks the installation and says what is wrong, exiting non-zero
/// when a check fails.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor", abstract: "Check the database, the job queue and the LLM provider.")

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
                let telemetry: (any AIInteractionRecorder)? = failures.isEmpty ? store : nil
                failures += await Self.checkLLM(runtime, recorder: telemetry)
                return failures
            }
            if !failures.isEmpty {
                throw AppError(.unavailable, "doctor found problems: \(failures.joined(separator: "; "))")
            }
            print("all checks passed")
        }
    }

    /// Lists models and runs one tiny structured call through the gateway (so it is
    /// recorded like any other call); returns the failures.
    static func checkLLM(_ runtime: CommandRuntime, recorder: (any AIInteractionRecorder)?) async -> [String] {
        guard let settings = runtime.configuration.llm else {
            print("llm        not configured: the rules tier answers everything")
            return []
        }
        print("llm        \(settings.summary)")
        var configuration = LLMGatewayConfiguration()
        configuration.retry = RetryPolicy(baseDelay: .milliseconds(500), maxDelay: .seconds(2), maxAttempts: 2)
        let gateway = LLMGateway(
            provider: settings.makeClient(), configuration: configuration, recorder: recorder, metrics: runtime.metrics,
            logger: runtime.logger)
        let coercions = gateway.catalog.capabilities(for: settings.model).coerce(
            LLMRequest(model: settings.model, messages: [], temperature: 0, context: LLMCallContext(featureID: "doctor"))).coercions
        for coercion in coercions { print("  note     \(coercion)") }
        do {
            let report = try await ProviderCheck().run(gateway, model: settings.model)
            print("  ok       \(report.models.count) model(s) listed\(report.modelListed ? ", including \(settings.model)" : "")")
            if !report.modelListed { print("  note     \(settings.model) is not in the server's model list (some servers serve any name)") }
            let usage = report.usage
            print("  ok       structured output call: \(Int(report.latency.timeInterval * 1000)) ms, "
                + "\(usage.inputTokens) input (\(usage.cachedInputTokens) cached), \(usage.outputTokens) output "
                + "(\(usage.reasoningTokens) reasoning) tokens\(report.repaired ? ", valid after one repair" : "")")
            return []
        } catch let error as LLMError {
            print("  FAIL     \(error.code.rawValue): \(error.message)")
            return ["LLM provider: \(error.message)"]
        } catch {
            print("  FAIL     \(type(of: error))")
            return ["LLM provider: \(type(of: error))"]
        }
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> Int {
        Int((ContinuousClock.now - start).timeInterval * 1000)
    }
}
