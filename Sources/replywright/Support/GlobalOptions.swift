import ArgumentParser

/// Options every command accepts; each also reads an environment variable (flags win).
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .customLong("config"),
        help: "JSON config file: settings below flags and the environment (env REPLYWRIGHT_CONFIG; see docs/configuration.md).")
    var configPath: String?

    @Option(help: "Database: sqlite:PATH or postgres://user:pass@host:port/db (env DATABASE_URL; default sqlite:replywright.sqlite).")
    var database: String?

    @Option(name: .customLong("llm-base-url"), help: "OpenAI-compatible API base URL (env REPLYWRIGHT_LLM_BASE_URL).")
    var llmBaseURL: String?

    @Option(name: .customLong("llm-api-key"), help: "LLM API key (env OPENAI_API_KEY). Never printed.")
    var llmAPIKey: String?

    @Option(help: "Default model (env REPLYWRIGHT_MODEL; default gpt-5.2).")
    var model: String?

    @Option(
        name: .customLong("embedding-model"),
        help: "Embedding model for draft relevance scoring (env REPLYWRIGHT_EMBEDDING_MODEL; default none: lexical overlap).")
    var embeddingModel: String?

    @Option(
        name: .customLong("llm-api"),
        help: "responses|chat: which OpenAI API to speak (env REPLYWRIGHT_LLM_API; default responses for api.openai.com, chat for other servers).")
    var llmAPI: String?

    @Option(
        name: .customLong("smtp-url"),
        help:
            "Deliver sent drafts by SMTP: smtp://user:pass@host:587?from=team@example.com (env REPLYWRIGHT_SMTP_URL; smtps:// for TLS, starttls=required|off)."
    )
    var smtpURL: String?

    @Option(
        name: .customLong("send-webhook-url"),
        help:
            "Deliver sent drafts by a signed HTTP POST to the sending platform (env REPLYWRIGHT_SEND_WEBHOOK_URL; secret in REPLYWRIGHT_SEND_WEBHOOK_SECRET)."
    )
    var sendWebhookURL: String?

    @Option(name: .customLong("log-level"), help: "trace|debug|info|notice|warning|error|critical (env REPLYWRIGHT_LOG_LEVEL; default info).")
    var logLevel: String?

    @Option(name: .customLong("log-format"), help: "json|text (env REPLYWRIGHT_LOG_FORMAT; default json). Logs go to stderr.")
    var logFormat: String?

    /// The settings given as flags (they win over every other source).
    var flagged: [Setting: String] {
        let given: [Setting: String?] = [
            .databaseURL: database, .llmBaseURL: llmBaseURL, .openAIAPIKey: llmAPIKey, .model: model, .embeddingModel: embeddingModel,
            .llmAPI: llmAPI, .smtpURL: smtpURL, .sendWebhookURL: sendWebhookURL, .logLevel: logLevel, .logFormat: logFormat,
        ]
        return given.compactMapValues { $0.flatMap { $0.isEmpty ? nil : $0 } }
    }
}
