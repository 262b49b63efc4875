import AsyncHTTPClient
import Foundation
import Logging
import ReplywrightCore
import ReplywrightDelivery
import ReplywrightEngine
import ReplywrightLLM
import ReplywrightServer
import ReplywrightStore

/// Settings shared by every command, resolved in layers: flags, then environment, then
/// defaults. Secrets (the LLM key) are kept but never printed.
struct RuntimeConfiguration: Sendable {
    var database: DatabaseLocation
    /// `nil`: no LLM configured; the rules tier answers everything.
    var llm: LLMSettings?
    /// `nil`: sends are recorded only (the team delivers through its own platform).
    var delivery: DeliverySettings?
    var limits: RateLimits
    var corsOrigins: Set<String>
    /// Dashboard cookies carry `Secure` (serve over TLS, or behind a TLS proxy).
    var secureCookies: Bool
    var superAdmins: SuperAdminAllowList
    /// `REPLYWRIGHT_CONTEXT_BUNDLE=off` is the kill-switch for knowledge and memory in prompts.
    var contextBundle: Bool
    /// `CRON_SECRET`: enables the cron endpoints.
    var cronSecret: String?
    /// `REPLYWRIGHT_INSIGHTS_CRON_LIMIT`: workspaces per cron call.
    var insightsCronLimit: Int
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
        let delivery = try DeliverySettings.resolve(
            smtpURL: pick(options.smtpURL, "REPLYWRIGHT_SMTP_URL"), webhookURL: pick(options.sendWebhookURL, "REPLYWRIGHT_SEND_WEBHOOK_URL"),
            webhookSecret: environment["REPLYWRIGHT_SEND_WEBHOOK_SECRET"])
        let cronLimitText = environment["REPLYWRIGHT_INSIGHTS_CRON_LIMIT"] ?? "\(InsightsSchedule.defaultLimit)"
        guard let cronLimit = Int(cronLimitText), (1...1_000).contains(cronLimit) else {
            throw .invalid("REPLYWRIGHT_INSIGHTS_CRON_LIMIT '\(cronLimitText)' must be a whole number from 1 to 1000")
        }
        let defaults = RateLimits()
        let limits = RateLimits(
            perKey: try environment["REPLYWRIGHT_RATE_LIMIT_KEY"].map(RateLimit.parse) ?? defaults.perKey,
            perIP: try environment["REPLYWRIGHT_RATE_LIMIT_IP"].map(RateLimit.parse) ?? defaults.perIP,
            perUser: try environment["REPLYWRIGHT_RATE_LIMIT_USER"].map(RateLimit.parse) ?? defaults.perUser,
            perLogin: try environment["REPLYWRIGHT_RATE_LIMIT_LOGIN"].map(RateLimit.parse) ?? defaults.perLogin,
            perFormStart: try environment["REPLYWRIGHT_RATE_LIMIT_FORM_START"].map(RateLimit.parse) ?? defaults.perFormStart)
        return RuntimeConfiguration(
            database: database,
            llm: llm,
            delivery: delivery,
            limits: limits,
            corsOrigins: Set((environment["REPLYWRIGHT_CORS_ORIGINS"] ?? "").split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }),
            secureCookies: ["1", "true", "yes", "on"].contains((environment["REPLYWRIGHT_SECURE_COOKIES"] ?? "").lowercased()),
            superAdmins: SuperAdminAllowList(commaSeparated: environment["REPLYWRIGHT_SUPER_ADMINS"] ?? ""),
            contextBundle: !["off", "false", "0", "no"].contains((environment["REPLYWRIGHT_CONTEXT_BUNDLE"] ?? "").lowercased()),
            cronSecret: environment["CRON_SECRET"].flatMap { $0.isEmpty ? nil : $0 },
            insightsCronLimit: cronLimit,
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
    func makeClient(http: HTTPClient = .llm) -> any LLMProvider {
        switch api {
        case .responses: return ResponsesClient(endpoint: endpoint, http: http)
        case .chat: return ChatCompletionsClient(endpoint: endpoint, http: http)
        }
    }

    /// For logs and `doctor`: never the key.
    var summary: String {
        "\(api.rawValue) API at \(endpoint.baseURL), model \(model)" + (embeddingModel.map { ", embeddings \($0)" } ?? "")
    }
}

/// How sent drafts leave: SMTP or a signed HTTP callback (one of them), or not at all.
enum DeliverySettings: Sendable {
    case smtp(SMTPConfiguration)
    case http(url: String, secret: String)

    static func resolve(smtpURL: String?, webhookURL: String?, webhookSecret: String?) throws(AppError) -> DeliverySettings? {
        switch (smtpURL, webhookURL) {
        case (nil, nil): return nil
        case (.some, .some): throw .invalid("choose one way to deliver: --smtp-url or --send-webhook-url, not both")
        case (let smtp?, nil): return .smtp(try SMTPConfiguration.parse(smtp))
        case (nil, let url?):
            guard let secret = webhookSecret, !secret.isEmpty else {
                throw .invalid("--send-webhook-url needs REPLYWRIGHT_SEND_WEBHOOK_SECRET (the key the platform verifies signatures with)")
            }
            _ = try HTTPCallbackTransport(url: url, secret: secret)  // validates both
            return .http(url: url, secret: secret)
        }
    }

    func makeTransport() throws -> any OutboundTransport {
        switch self {
        case .smtp(let configuration): return SMTPTransport(configuration: configuration)
        case .http(let url, let secret): return try HTTPCallbackTransport(url: url, secret: secret)
        }
    }

    /// For logs and `doctor`: never a password or secret.
    var summary: String {
        switch self {
        case .smtp(let configuration): return "SMTP \(configuration.host):\(configuration.port) (\(configuration.security.rawValue)) from \(configuration.from)"
        case .http(let url, _): return "HTTP callback \(url)"
        }
    }
}
