import ArgumentParser
import Foundation
import Logging
import Metrics
import Prometheus
import ReplywrightCore
import ReplywrightStore

/// What a running command has: its configuration, logger and metrics registry.
struct CommandRuntime: Sendable {
    let configuration: RuntimeConfiguration
    let logger: Logger
    let prometheus: PrometheusCollectorRegistry
    let metrics: PrometheusMetricsFactory

    /// Resolves configuration (flags, environment, config file, defaults) and bootstraps
    /// logging (once per process).
    static func make(
        _ options: GlobalOptions, label: String = "replywright", defaultLogLevel: String = "info"
    ) async throws(AppError) -> CommandRuntime {
        let sources = try await ConfigurationSources.load(configPath: options.configPath, environment: ProcessInfo.processInfo.environment)
        let configuration = try RuntimeConfiguration.resolve(options, sources: sources, defaultLogLevel: defaultLogLevel)
        LoggingBootstrap.once(level: configuration.logLevel, format: configuration.logFormat)
        let registry = PrometheusCollectorRegistry()
        let logger = Logger(label: label)
        if let path = sources.filePath, !sources.unknownFileKeys.isEmpty {
            logger.warning(
                "config file has keys that are no setting (ignored; `replywright doctor` suggests the nearest)",
                metadata: ["file": "\(path)", "keys": "\(sources.unknownFileKeys.joined(separator: ", "))"])
        }
        return CommandRuntime(
            configuration: configuration, logger: logger, prometheus: registry,
            metrics: PrometheusMetricsFactory(registry: registry))
    }

    /// A name for this process in leases and logs: host, pid and a random suffix.
    static func nodeID() -> String {
        "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(UInt16.random(in: .min ... .max))"
    }
}

enum LoggingBootstrap {
    nonisolated(unsafe) private static var done = false
    private static let lock = NSLock()

    static func once(level: Logger.Level, format: RuntimeConfiguration.LogFormat) {
        lock.lock()
        defer { lock.unlock() }
        guard !done else { return }
        done = true
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level, format: format) }
    }
}

/// Runs a command body and turns failures into one clear line on stderr and exit code 1,
/// never a stack trace.
func reportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as AppError {
        printError(error.message)
        throw ExitCode.failure
    } catch let error as ExitCode {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch {
        printError("unexpected error (\(type(of: error))): \(String(describing: error).prefix(300))")
        throw ExitCode.failure
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("replywright: \(message)\n".utf8))
}

/// Prints one JSON object on stdout (sorted keys, one line): the output of admin commands.
func printJSON(_ object: [String: Any]) {
    if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) {
        writeStdout(String(decoding: data, as: UTF8.self))
    }
}

/// Writes a line to stdout unbuffered, so a script reading a pipe sees it at once (the
/// demo and serve commands keep running after printing).
func writeStdout(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
