import ArgumentParser
import Foundation
import ReplywrightCore
import ReplywrightStore

/// `replywright backup PATH`: an online copy of the SQLite database, checked after writing.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Copy the SQLite database to PATH while Replywright runs, and check the copy.",
        discussion: "Safe while serve and workers are running: the copy is one consistent snapshot. PostgreSQL: use pg_dump.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Where to write the copy (a new file).") var path: String

    func run() async throws {
        try await reportingErrors {
            let runtime = try await CommandRuntime.make(global)
            let started = ContinuousClock.now
            let backup = try await DatabaseConnector.withStore(runtime.configuration.database, logger: runtime.logger, migrate: false) {
                try await $0.backup(to: path, logger: runtime.logger)
            }
            guard backup.integrity == "ok" else {
                throw AppError(.internalError, "the copy at \(path) failed SQLite's integrity check (\(backup.integrity)); keep the original")
            }
            printJSON([
                "path": backup.path, "bytes": backup.bytes, "schemaVersion": backup.schemaVersion, "integrity": backup.integrity,
                "milliseconds": Int((ContinuousClock.now - started).timeInterval * 1000),
            ])
        }
    }
}
