import Foundation
import Logging
import ReplywrightCore
import ReplywrightLLM
import ReplywrightStore
import Testing

@testable import replywright

@Suite("Configuration layering and JSON logs")
struct ConfigurationAndLoggingTests {
    /// Resolves as a command does: flags, environment (with `_FILE`), the config file, defaults.
    static func resolve(
        _ arguments: [String] = [], environment: [String: String] = [:], file: String? = nil
    ) async throws -> RuntimeConfiguration {
        var path: String?
        if let file {
            path = try temporaryFile(file, suffix: ".json")
        }
        let options = try GlobalOptions.parse(arguments)
        let sources = try await ConfigurationSources.load(configPath: path ?? options.configPath, environment: environment)
        return try RuntimeConfiguration.resolve(options, sources: sources)
    }

    static func temporaryFile(_ contents: String, suffix: String = ".txt") throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rw-config-\(UUID().uuidString)\(suffix)").path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func flagsBeatEnvironmentBeatDefaults() async throws {
        let defaults = try await Self.resolve()
        #expect(defaults.database == .sqlite(path: "replywright.sqlite"))
        #expect(defaults.logLevel == .info && defaults.logFormat == .json)
        #expect(defaults.llm == nil, "no base URL and no key: the rules tier")
        #expect(defaults.contextBundle)
        #expect(defaults.limits.perLogin == RateLimit(count: 10, seconds: 3600))
        let limits = try await Self.resolve(environment: ["REPLYWRIGHT_RATE_LIMIT_LOGIN": "5/min", "REPLYWRIGHT_RATE_LIMIT_USER": "off"]).limits
        #expect(limits.perLogin == RateLimit(count: 5, seconds: 60) && limits.perUser == nil && limits.perKey != nil)
        #expect(try await !Self.resolve(environment: ["REPLYWRIGHT_CONTEXT_BUNDLE": "OFF"]).contextBundle, "the kill-switch")

        let environment = [
            "DATABASE_URL": "sqlite:/tmp/env.sqlite", "OPENAI_API_KEY": "sk-env", "REPLYWRIGHT_MODEL": "gpt-env",
            "REPLYWRIGHT_SUPER_ADMINS": "Boss@Example.com",
        ]
        let fromEnvironment = try await Self.resolve(environment: environment)
        #expect(fromEnvironment.database == .sqlite(path: "/tmp/env.sqlite"))
        let openAI = try #require(fromEnvironment.llm)
        #expect(openAI.endpoint == OpenAIEndpoint(baseURL: "https://api.openai.com/v1", apiKey: "sk-env"))
        #expect(openAI.model == "gpt-env" && openAI.api == .responses, "OpenAI itself gets the Responses API")
        #expect(fromEnvironment.superAdmins.contains("boss@example.com"))

        let fromFlags = try await Self.resolve(["--database", "postgres://u:secret@db:5433/rw", "--model", "gpt-flag"], environment: environment)
        #expect(fromFlags.llm?.model == "gpt-flag" && fromFlags.llm?.endpoint.apiKey == "sk-env")

        let local = try await Self.resolve(["--llm-base-url", "http://127.0.0.1:8080/v1/", "--model", "smollm2"])
        #expect(
            local.llm == LLMSettings(endpoint: OpenAIEndpoint(baseURL: "http://127.0.0.1:8080/v1", apiKey: nil), api: .chat, model: "smollm2"),
            "other servers speak Chat Completions, no key needed")
        #expect(fromFlags.database.description == "postgres://u:***@db:5433/rw", "the password never prints")
    }

    @Test func theConfigFileSitsBelowTheEnvironment() async throws {
        let file = """
            {"database": {"url": "sqlite:/tmp/from-file.sqlite"},
             "openai": {"api": {"key": "sk-file"}},
             "replywright": {"model": "gpt-file", "log": {"level": "debug"}, "secure": {"cookies": true},
                             "insights": {"cron": {"limit": 7}}, "rate": {"limit": {"login": "3/min"}},
                             "cors": {"origins": "https://a.example, https://b.example"}}}
            """
        let fromFile = try await Self.resolve(file: file)
        #expect(fromFile.database == .sqlite(path: "/tmp/from-file.sqlite"))
        #expect(fromFile.llm?.endpoint.apiKey == "sk-file" && fromFile.llm?.model == "gpt-file")
        #expect(fromFile.logLevel == .debug && fromFile.secureCookies, "a JSON true is a yes")
        #expect(fromFile.insightsCronLimit == 7, "a JSON number is read as the number it is")
        #expect(fromFile.limits.perLogin == RateLimit(count: 3, seconds: 60))
        #expect(fromFile.corsOrigins == ["https://a.example", "https://b.example"])
        #expect(fromFile.sources.origin(of: .model) == .file && fromFile.sources.unknownFileKeys.isEmpty)

        let environmentWins = try await Self.resolve(environment: ["REPLYWRIGHT_MODEL": "gpt-env"], file: file)
        #expect(environmentWins.llm?.model == "gpt-env" && environmentWins.llm?.endpoint.apiKey == "sk-file")
        #expect(environmentWins.sources.origin(of: .model) == .environment)
        let flagWins = try await Self.resolve(
            ["--model", "gpt-flag", "--log-level", "error"], environment: ["REPLYWRIGHT_MODEL": "gpt-env"], file: file)
        #expect(flagWins.llm?.model == "gpt-flag" && flagWins.logLevel == .error)

        let viaVariable = try await Self.resolve(environment: ["REPLYWRIGHT_CONFIG": try Self.temporaryFile(file, suffix: ".json")])
        #expect(viaVariable.llm?.model == "gpt-file", "REPLYWRIGHT_CONFIG names the file too")

        let typo = try await Self.resolve(file: #"{"replywright": {"modle": "gpt-typo", "model": "gpt-ok"}, "Database": {"URL": "x"}}"#)
        #expect(typo.sources.unknownFileKeys == ["Database.URL", "replywright.modle"], "keys are matched exactly, as the library reads them")
        #expect(Setting.closest(to: "replywright.modle") == .model && Setting.closest(to: "nothing.like.it") == nil)
        #expect(typo.llm == nil, "a model alone configures no provider; the misspelt key changed nothing")
    }

    /// Every variable in the README's configuration table is a setting (so the file and
    /// `NAME_FILE` reach it too), and the example file in docs/ names only settings.
    @Test func theReadmeTableAndTheExampleFileMatchTheSettings() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## Configuration").dropFirst().first?.components(separatedBy: "\n## ").first)
        let variables = Set(section.matches(of: /^\|[^|]*\| `([A-Z_]+)` \|/.anchorsMatchLineEndings()).map { String($0.output.1) })
        #expect(variables.count >= 20, "\(variables)")
        #expect(variables == Set(Setting.allCases.map(\.rawValue)), "README rows and settings differ")
        let example = try await ConfigurationSources.load(
            configPath: root.appendingPathComponent("docs/replywright.example.json").path, environment: [:])
        #expect(example.unknownFileKeys.isEmpty, "\(example.unknownFileKeys)")
        #expect(try RuntimeConfiguration.resolve(GlobalOptions.parse([]), sources: example).llm?.embeddingModel == "text-embedding-3-small")
    }

    @Test func settingsAreReadFromFilesNamedByUnderscoreFile() async throws {
        let keyFile = try Self.temporaryFile("sk-from-secret-file\n")
        let fromFile = try await Self.resolve(environment: ["OPENAI_API_KEY_FILE": keyFile, "CRON_SECRET_FILE": try Self.temporaryFile("c")])
        #expect(fromFile.llm?.endpoint.apiKey == "sk-from-secret-file", "the trailing line break is not part of the key")
        #expect(fromFile.cronSecret == "c" && fromFile.sources.origin(of: .openAIAPIKey) == .environment)

        await #expect(throws: AppError.self) {
            try await Self.resolve(environment: ["OPENAI_API_KEY_FILE": keyFile, "OPENAI_API_KEY": "sk-too"])
        }
        do {
            _ = try await Self.resolve(environment: ["DATABASE_URL_FILE": "/nonexistent/db-url"])
            Issue.record("a missing secret file must fail")
        } catch let error as AppError {
            #expect(error.message == "DATABASE_URL_FILE: /nonexistent/db-url cannot be read (no such file)")
        }
    }

    @Test func badValuesAreClearErrors() async throws {
        for arguments in [
            ["--database", "mysql://x"], ["--log-level", "loud"], ["--llm-base-url", "localhost:8080"],
            ["--llm-api-key", "k", "--llm-api", "soap"], ["--config", "/nonexistent/replywright.json"],
        ] {
            await #expect(throws: AppError.self, "\(arguments)") { try await Self.resolve(arguments) }
        }
        #expect(throws: AppError.self) { try DatabaseLocation.parse("postgres://h/db?sslmode=maybe") }
        for broken in ["{not json", "[1, 2]", #"{"replywright": {"insights": {"cron": {"limit": 0}}}}"#] {
            await #expect(throws: AppError.self, "\(broken)") { try await Self.resolve(file: broken) }
        }
        do {
            _ = try await Self.resolve(file: "{not json")
        } catch let error as AppError {
            #expect(error.message.contains("is not a JSON object"), "\(error.message)")
        }
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
