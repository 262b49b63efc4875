import ArgumentParser
import ReplywrightStore

/// `replywright migrate`: applies pending schema migrations and prints what it did.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply pending database migrations.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await reportingErrors {
            let runtime = try await CommandRuntime.make(global)
            let (applied, all) = try await DatabaseConnector.withStore(
                runtime.configuration.database, logger: runtime.logger, migrate: false
            ) { store in
                let migrator = Migrator(store: store)
                let applied = try await migrator.migrate(logger: runtime.logger)
                return (applied, try await migrator.appliedVersions())
            }
            printJSON([
                "database": runtime.configuration.database.description, "applied": applied,
                "version": all.max() ?? 0, "latest": Migrator.latestVersion,
            ])
        }
    }
}
