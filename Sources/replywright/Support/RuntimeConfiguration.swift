import AsyncHTTPClient
import Foundation
import Logging
import ReplywrightCore
import ReplywrightDelivery
import ReplywrightEngine
import ReplywrightLLM
import ReplywrightServer
import ReplywrightStore

/// Settings shared by every command, resolved in layers: flags, then the environment, then
/// the config file, then defaults (see `ConfigurationSources`). Secrets (the LLM key) are kept
/// but never printed.
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
    /// `REPLYWRIGHT_OTLP_ENDPOINT`: where traces go (OTLP/HTTP); `nil`, no tracing.
    var otlpEndpoint: String?
    /// Where the settings came from, for `doctor` and the admin commands' own settings.
    var sources: ConfigurationSources

    enum LogFormat: String, Sendable { case json, text }

    /// Flags win over the environment, which wins over the config file, which wins over
    /// defaults. `defaultLogLevel` is the command's own default (the demo is quieter).
    static func resolve(
        _ options: GlobalOptions, sources: ConfigurationSources, defaultLogLevel: String = "info"
    ) throws(AppError) -> RuntimeConfiguration {
        let flagged = options.flagged
        func pick(_ setting: Setting) -> String? { flagged[setting] ?? sources.text(setting) }
        let database = try pick(.databaseURL).map(DatabaseLocation.parse) ?? .defaultSQLite
        let levelText = pick(.logLevel) ?? defaultLogLevel
        guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
            throw .invalid("log level '\(levelText)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        let formatText = pick(.logFormat) ?? "json"
        guard let format = LogFormat(rawValue: formatText.lowercased()) else {
            throw .invalid("log format '\(formatText)' is not one of json, text")
        }
        let llm = try LLMSettings.resolve(
            baseURL: pick(.llmBaseURL), apiKey: pick(.openAIAPIKey),
            model: pick(.model), api: pick(.llmAPI),
            embeddingModel: pick(.embeddingModel))
        let delivery = try DeliverySettings.resolve(
            smtpURL: pick(.smtpURL), webhookURL: pick(.sendWebhookURL),
            webhookSecret: sources.text(.sendWebhookSecret))
        let otlp = pick(.otlpEndpoint).map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        if let otlp, !(otlp.hasPrefix("http://") || otlp.hasPrefix("https://")) {
            throw .invalid("REPLYWRIGHT_OTLP_ENDPOINT '\(otlp.prefix(80))' must start with http:// or https://")
        }
        let cronLimitText = sources.text(.insightsCronLimit) ?? "\(InsightsSchedule.defaultLimit)"
        guard let cronLimit = Int(cronLimitText), (1...1_000).contains(cronLimit) else {
            throw .invalid("REPLYWRIGHT_INSIGHTS_CRON_LIMIT '\(cronLimitText)' must be a whole number from 1 to 1000")
        }
        func limit(_ setting: Setting, _ fallback: RateLimit?) throws(AppError) -> RateLimit? {
            guard let text = sources.text(setting) else { return fallback }
            return try RateLimit.parse(text)
        }
        let defaults = RateLimits()
        let limits = RateLimits(
            perKey: try limit(.rateLimitKey, defaults.perKey), perIP: try limit(.rateLimitIP, defaults.perIP),
            perUser: try limit(.rateLimitUser, defaults.perUser), perLogin: try limit(.rateLimitLogin, defaults.perLogin),
            perFormStart: try limit(.rateLimitFormStart, defaults.perFormStart))
        return RuntimeConfiguration(
            database: database,
            llm: llm,
            delivery: delivery,
            limits: limits,
            corsOrigins: Set(
                (sources.text(.corsOrigins) ?? "").split(separator: ",")
                    .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }),
            secureCookies: ["1", "true", "yes", "on"].contains((sources.text(.secureCookies) ?? "").lowercased()),
            superAdmins: SuperAdminAllowList(commaSeparated: sources.text(.superAdmins) ?? ""),
            contextBundle: !["off", "false", "0", "no"].contains((sources.text(.contextBundle) ?? "").lowercased()),
            cronSecret: sources.text(.cronSecret),
            insightsCronLimit: cronLimit,
            logLevel: level,
            logFormat: format,
            otlpEndpoint: otlp,
            sources: sources)
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
        case .smtp(let configuration):
            return "SMTP \(configuration.host):\(configuration.port) (\(configuration.security.rawValue)) from \(configuration.from)"
        case .http(let url, _): return "HTTP callback \(url)"
        }
    }
}
