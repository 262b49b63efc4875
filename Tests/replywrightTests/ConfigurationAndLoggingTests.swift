import Foundation
import Logging
import ReplywrightCore
import ReplywrightLLM
import ReplywrightStore
import Testing
@testable import replywright

@Suite("Configuration layering and JSON logs")
struct ConfigurationAndLoggingTests {
    @Test func flagsBeatEnvironmentBeatDefaults() throws {
        let defaults = try RuntimeConfiguration.resolve(GlobalOptions.parse([]), environment: [:])
        #expect(defaults.database == .sqlite(path: "replywright.sqlite"))
        #expect(defaults.logLevel == .info && defaults.logFormat == .json)
        #expect(defaults.llm == nil, "no base URL and no key: the rules tier")
        #expect(defaults.contextBundle)
        #expect(defaults.limits.perLogin == RateLimit(count: 10, seconds: 3600))
        let limits = try RuntimeConfiguration.resolve(
            GlobalOptions.parse([]), environment: ["REPLYWRIGHT_RATE_LIMIT_LOGIN": "5/min", "REPLYWRIGHT_RATE_LIMIT_USER": "off"]).limits
        #expect(limits.perLogin == RateLimit(count: 5, seconds: 60) && limits.perUser == nil && limits.perKey != nil)
        #expect(try !RuntimeConfiguration.resolve(GlobalOptions.parse([]), environment: ["REPLYWRIGHT_CONTEXT_BUNDLE": "OFF"]).contextBundle,
                "the kill-switch")

        let environment = ["DATABASE_URL": "sqlite:/tmp/env.sqlite", "OPENAI_API_KEY": "sk-env", "REPLYWRIGHT_MODEL": "gpt-env",
                           "REPLYWRIGHT_SUPER_ADMINS": "Boss@Example.com"]
        let fromEnvironment = try RuntimeConfiguration.resolve(GlobalOptions.parse([]), environment: environment)
        #expect(fromEnvironment.database == .sqlite(path: "/tmp/env.sqlite"))
        let openAI = try #require(fromEnvironment.llm)
        #expect(openAI.endpoint == OpenAIEndpoint(baseURL: "https://api.openai.com/v1", apiKey: "sk-env"))
        #expect(openAI.model == "gpt-env" && openAI.api == .responses, "OpenAI itself gets the Responses API")
        #expect(fromEnvironment.superAdmins.contains("boss@example.com"))

        let fromFlags = try RuntimeConfiguration.resolve(
            GlobalOptions.parse(["--database", "postgres://u:secret@db:5433/rw", "--model", "gpt-flag"]), environment: environment)
        #expect(fromFlags.llm?.model == "gpt-flag" && fromFlags.llm?.endpoint.apiKey == "sk-env")

        let local = try RuntimeConfiguration.resolve(
            GlobalOptions.parse(["--llm-base-url", "http://127.0.0.1:8080/v1/", "--model", "smollm2"]), environment: [:])
        #expect(local.llm == LLMSettings(endpoint: OpenAIEndpoint(baseURL: "http://127.0.0.1:8080/v1", apiKey: nil), api: .chat, model: "smollm2"),
                "other servers speak Chat Completions, no key needed")
        #expect(fromFlags.database.description == "postgres://u:***@db:5433/rw", "the password never prints")
    }

    @Test func badValuesAreClearErrors() {
        #expect(throws: AppError.self) { try RuntimeConfiguration.resolve(GlobalOptions.parse(["--database", "mysql://x"]), environment: [:]) }
        #expect(throws: AppError.self) { try RuntimeConfiguration.resolve(GlobalOptions.parse(["--log-level", "loud"]), environment: [:]) }
        #expect(throws: AppError.self) { try RuntimeConfiguration.resolve(GlobalOptions.parse(["--llm-base-url", "localhost:8080"]), environment: [:]) }
        #expect(throws: AppError.self) {
            try RuntimeConfiguration.resolve(GlobalOptions.parse(["--llm-api-key", "k", "--llm-api", "soap"]), environment: [:])
        }
        #expect(throws: AppError.self) { try DatabaseLocation.parse("postgres://h/db?sslmode=maybe") }
    }

    @Test func logLinesAreJSONWithMetadata() throws {
        final class Lines: @unchecked Sendable {
            let lock = NSLock()
            var values: [String] = []
        }
        let lines = Lines()
        var handler = JSONLogHandler(label: "replywright.http", level: .info, format: .json) { line in
            lines.lock.withLock { lines.values.append(line) }
        }
        handler[metadataKey: "request_id"] = "req-1"
        let logger = Logger(label: "replywright.http") { _ in handler }
        logger.debug("hidden")
        logger.info("request", metadata: ["status": "202"])
        let captured = lines.lock.withLock { lines.values }
        #expect(captured.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(captured[0].utf8)) as? [String: Any])
        #expect(object["msg"] as? String == "request" && object["level"] as? String == "info")
        #expect(object["request_id"] as? String == "req-1" && object["status"] as? String == "202")
        #expect(object["ts"] is String && object["label"] as? String == "replywright.http")
    }
}
