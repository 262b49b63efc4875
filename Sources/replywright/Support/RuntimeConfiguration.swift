import Foundation
import Logging
import ReplywrightCore
import ReplywrightLLM
import ReplywrightStore

/// Settings shared by every command, resolved in layers: flags, then environment, then
/// defaults. Secrets (the LLM key) are kept but never printed.
struct RuntimeConfiguration: Sendable {
    var database: DatabaseLocation
    /// `nil`: no LLM configured; the rules tier answers everything.
    var llm: LLMSettings?
    var superAdmins: SuperAdminAllowList
    /// `REPLYWRIGHT_CONTEXT_BUNDLE=off` is the kill-switch for knowledge and memory in prompts.
    var contextBundle: Bool
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
        let llm = try LLMSettings.resolve(
            baseURL: pick(options.llmBaseURL, "REPLYWRIGHT_LLM_BASE_URL"), apiKey: pick(options.llmAPIKey, "OPENAI_API_KEY"),
            model: pick(options.model, "REPLYWRIGHT_MODEL"), api: pick(options.llmAPI, "REPLYWRIGHT_LLM_API"),
            embeddingModel: pick(options.embeddingModel, "REPLYWRIGHT_EMBEDDING_MODEL"))
        return RuntimeConfiguration(
            database: database,
            llm: llm,
            superAdmins: SuperAdminAllowList(commaSeparated: environment["REPLYWRIGHT_SUPER_ADMINS"] ?? ""),
            contextBundle: !["off", "false", "0", "no"].contains((environment["REPLYWRIGHT_CONTEXT_BUNDLE"] ?? "").lowercased()),
            logLevel: level,
            logFormat: format)
    }
}

/// Which model provider to use. Configured by a base URL (any OpenAI-compatible server) or by
/// an API key alone (OpenAI itself).
struct LLMSettings: Sendable, Equatable {
    enum API: String, Sendable { case responses, chat }

    var endpoint: OpenAIEndpoint
    var api: API
    var model: String
    /// `nil`: draft relevance is scored by lexical overlap, not embeddings.
    var embeddingModel: String?

    static let defaultModel = "gpt-5.2"

    /// `nil` when neither a base URL nor a key is given.
    static func resolve(
        baseURL: String?, apiKey: String?, model: String?, api: String?, embeddingModel: String? = nil
    ) throws(AppError) -> LLMSettings? {
        guard baseURL != nil || apiKey != nil else { return nil }
        let base = baseURL ?? "https://api.openai.com/v1"
        guard let url = URL(string: base), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw .invalid("LLM base URL '\(base)' is not an http(s) URL (e.g. http://127.0.0.1:8080/v1)")
        }
        let endpoint = OpenAIEndpoint(baseURL: base, apiKey: apiKey)
        let chosen: API
        if let api {
            guard let parsed = API(rawValue: api.lowercased()) else { throw .invalid("LLM API '\(api)' is not one of responses, chat") }
            chosen = parsed
        } else {
            chosen = endpoint.host == "api.openai.com" ? .responses : .chat
        }
        return LLMSettings(endpoint: endpoint, api: chosen, model: model ?? defaultModel, embeddingModel: embeddingModel)
    }

    /// The wire client for these settings.
    func makeClient() -> any LLMProvider {
        switch api {
        case .responses: return ResponsesClient(endpoint: endpoint)
        case .chat: return ChatCompletionsClient(endpoint: endpoint)
        }
    }

    /// For logs and `doctor`: never the key.
    var summary: String {
        "\(api.rawValue) API at \(endpoint.baseURL), model \(model)" + (embeddingModel.map { ", embeddings \($0)" } ?? "")
    }
}
