import ArgumentParser
import Foundation
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

/// `replywright report`: builds and stores a message-performance report, printing it as JSON
/// (or CSV).
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Build a message-performance report (which messages booked meetings).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Workspace id.") var workspace: String
    @Option(help: "Count messages sent from this instant (ISO 8601).") var from: String
    @Option(help: "… up to this instant, excluded (ISO 8601).") var to: String
    @Option(name: .customLong("as-of"), help: "What the report may know (ISO 8601; default now).") var asOf: String?
    @Option(name: .customLong("attribution-days")) var attributionDays = AttributionParameters.defaultAttributionDays
    @Option(name: .customLong("maturity-days")) var maturityDays = AttributionParameters.defaultMaturityDays
    @Flag(help: "Print CSV instead of JSON.") var csv = false

    func run() async throws {
        try await reportingErrors {
            func date(_ text: String, _ name: String) throws -> Date {
                guard let date = ISO8601.parse(text) else { throw AppError.invalid("--\(name): '\(text)' is not an ISO 8601 date-time") }
                return date
            }
            let parameters = AttributionParameters(
                from: try date(from, "from"), to: try date(to, "to"), asOf: try asOf.map { try date($0, "as-of") } ?? Date(),
                attributionDays: attributionDays, maturityDays: maturityDays)
            let runtime = try await CommandRuntime.make(global)
            let (stored, report) = try await DatabaseConnector.withStore(runtime.configuration.database, logger: runtime.logger) { store in
                try await MessagePerformanceReports(store: store).create(parameters, createdBy: "cli", in: Identifier(workspace))
            }
            if csv {
                FileHandle.standardOutput.write(Data(report.csv().utf8))
            } else {
                printError("stored as report \(stored.id.rawValue)")
                writeStdout(stored.body)
            }
        }
    }
}
