import Foundation
import Logging
import ReplywrightCore
import ReplywrightStore

/// Settings shared by every command, resolved in layers: flags, then environment, then
/// defaults. Secrets (the LLM key) are kept but never printed.
struct RuntimeConfiguration: Sendable {
    var database: DatabaseLocation
    var llmBaseURL: String?
    var llmAPIKey: String?
    var model: String?
    var superAdmins: SuperAdminAllowList
    var logLevel: Logger.Level
    var logFormat: LogFormat

    enum LogFormat: String, Sendable { case json, text }

    /// Flags win over the environment, which wins over defaults.
    static func resolve(_ options: GlobalOptions, environment: [String: String]) throws(AppError) -> RuntimeConfiguration {
        func pick(_ flag: String?, _ variable: String) -> String? {
            if let flag, !flag.isEmpty { return flag }
            if let value = environment[variable], !value.isEmpty { return value }
            return nil
        }
        let database = try pick(options.database, "DATABASE_URL").map(DatabaseLocation.parse) ?? .defaultSQLite
        let levelText = pick(options.logLevel, "REPLYWRIGHT_LOG_LEVEL") ?? "info"
        guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
            throw .invalid("log level '\(levelText)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        let formatText = pick(options.logFormat, "REPLYWRIGHT_LOG_FORMAT") ?? "json"
        guard let format = LogFormat(rawValue: formatText.lowercased()) else {
            throw .invalid("log format '\(formatText)' is not one of json, text")
        }
        return RuntimeConfiguration(
            database: database,
            llmBaseURL: pick(options.llmBaseURL, "REPLYWRIGHT_LLM_BASE_URL"),
            llmAPIKey: pick(options.llmAPIKey, "OPENAI_API_KEY"),
            model: pick(options.model, "REPLYWRIGHT_MODEL"),
            superAdmins: SuperAdminAllowList(commaSeparated: environment["REPLYWRIGHT_SUPER_ADMINS"] ?? ""),
            logLevel: level,
            logFormat: format)
    }
}
