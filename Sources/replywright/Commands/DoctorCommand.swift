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
            let runtime = try await CommandRuntime.make(global)
            let settingFailures = Self.checkSettings(runtime.configuration, flagged: global.flagged)
            let location = runtime.configuration.database
            print("database   \(location)")
            let started = ContinuousClock.now
            let failures = try await DatabaseConnector.withStore(location, logger: runtime.logger, migrate: false) { store in
                var failures: [String] = []
                try await store.ping()
                print("  ok       connected (\(Self.milliseconds(since: started)) ms)")
                let applied = try await Migrator(store: store).appliedVersions()
                let current = applied.max() ?? 0
                if current > Migrator.latestVersion {
                    print("  FAIL     \(Migrator.newerSchema(current).message)")
                    failures.append("schema newer than this build")
                } else if current < Migrator.latestVersion {
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
            let allFailures = settingFailures + failures
            if !allFailures.isEmpty {
                throw AppError(.unavailable, "doctor found problems: \(allFailures.joined(separator: "; "))")
            }
            print("all checks passed")
        }
    }

    /// Where each set setting came from, with its value (secrets never: only that they are
    /// set); keys in the config file that are no setting fail, with the nearest setting.
    static func checkSettings(_ configuration: RuntimeConfiguration, flagged: [Setting: String]) -> [String] {
        let sources = configuration.sources
        print("settings   " + (sources.filePath.map { "flags, then environment, then \($0)" } ?? "flags, then environment (no config file)"))
        for setting in Setting.allCases {
            guard let origin = flagged[setting] != nil ? "flag" : sources.origin(of: setting)?.rawValue else { continue }
            let shown: String
            switch setting {
            case .databaseURL: shown = configuration.database.description
            case .smtpURL: shown = configuration.delivery?.summary ?? "set"
            default: shown = setting.isSecret ? "set (secret, not shown)" : flagged[setting] ?? sources.text(setting) ?? ""
            }
            print("  \(setting.rawValue) from \(origin): \(shown)")
        }
        guard let path = sources.filePath, !sources.unknownFileKeys.isEmpty else { return [] }
        for key in sources.unknownFileKeys {
            let hint = Setting.closest(to: key).map { "; did you mean \($0.key)?" } ?? ""
            print("  FAIL     \(key) in \(path) is not a setting\(hint)")
        }
        return ["\(sources.unknownFileKeys.count) unknown key(s) in \(path)"]
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
            LLMRequest(model: settings.model, messages: [], temperature: 0, context: LLMCallContext(featureID: "doctor"))
        ).coercions
        for coercion in coercions { print("  note     \(coercion)") }
        do {
            let report = try await ProviderCheck().run(gateway, model: settings.model)
            print("  ok       \(report.models.count) model(s) listed\(report.modelListed ? ", including \(settings.model)" : "")")
            if !report.modelListed { print("  note     \(settings.model) is not in the server's model list (some servers serve any name)") }
            let usage = report.usage
            print(
                "  ok       structured output call: \(Int(report.latency.timeInterval * 1000)) ms, "
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
