import ArgumentParser

/// `replywright`: the reply engine's single executable.
@main
struct Replywright: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replywright",
        abstract: "Self-hostable AI reply engine for outbound-sales teams.",
        subcommands: [
            DemoCommand.self, ServeCommand.self, WorkerCommand.self, MigrateCommand.self, DoctorCommand.self,
            AdminCommand.self, ImportCommand.self, ReportCommand.self, BackupCommand.self,
        ])
}
