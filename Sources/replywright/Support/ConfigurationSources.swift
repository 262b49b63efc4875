import Configuration
import Foundation
import ReplywrightCore

/// Every setting the commands read, named by its environment variable. In a config file the
/// same setting is the dotted lower-case form swift-configuration maps that name to
/// (`DATABASE_URL` → `database.url`, nested as `{"database": {"url": …}}`), and any of them
/// can be read from a file named by `NAME_FILE` (the container-secrets convention).
enum Setting: String, CaseIterable, Sendable {
    case databaseURL = "DATABASE_URL"
    case llmBaseURL = "REPLYWRIGHT_LLM_BASE_URL"
    case openAIAPIKey = "OPENAI_API_KEY"
    case llmAPI = "REPLYWRIGHT_LLM_API"
    case model = "REPLYWRIGHT_MODEL"
    case embeddingModel = "REPLYWRIGHT_EMBEDDING_MODEL"
    case smtpURL = "REPLYWRIGHT_SMTP_URL"
    case sendWebhookURL = "REPLYWRIGHT_SEND_WEBHOOK_URL"
    case sendWebhookSecret = "REPLYWRIGHT_SEND_WEBHOOK_SECRET"
    case logLevel = "REPLYWRIGHT_LOG_LEVEL"
    case logFormat = "REPLYWRIGHT_LOG_FORMAT"
    case superAdmins = "REPLYWRIGHT_SUPER_ADMINS"
    case userPassword = "REPLYWRIGHT_USER_PASSWORD"
    case contextBundle = "REPLYWRIGHT_CONTEXT_BUNDLE"
    case rateLimitKey = "REPLYWRIGHT_RATE_LIMIT_KEY"
    case rateLimitIP = "REPLYWRIGHT_RATE_LIMIT_IP"
    case rateLimitUser = "REPLYWRIGHT_RATE_LIMIT_USER"
    case rateLimitLogin = "REPLYWRIGHT_RATE_LIMIT_LOGIN"
    case rateLimitFormStart = "REPLYWRIGHT_RATE_LIMIT_FORM_START"
    case corsOrigins = "REPLYWRIGHT_CORS_ORIGINS"
    case secureCookies = "REPLYWRIGHT_SECURE_COOKIES"
    case cronSecret = "CRON_SECRET"
    case insightsCronLimit = "REPLYWRIGHT_INSIGHTS_CRON_LIMIT"
    case otlpEndpoint = "REPLYWRIGHT_OTLP_ENDPOINT"

    /// The key in a config file.
    var key: String { rawValue.lowercased().replacingOccurrences(of: "_", with: ".") }

    /// Never printed: `doctor` shows only that it is set. (Database and SMTP URLs can carry a
    /// password; both have a redacted form of their own that is printed instead.)
    var isSecret: Bool {
        switch self {
        case .databaseURL, .openAIAPIKey, .smtpURL, .sendWebhookSecret, .userPassword, .cronSecret: return true
        default: return false
        }
    }

    static let byKey: [String: Setting] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.key, $0) })

    /// The setting whose key is within three edits of `key` (a typo's likely meaning).
    static func closest(to key: String) -> Setting? {
        EditDistance.nearest(to: key, in: allCases.map(\.key), maximum: 3, limit: 1).first.flatMap { byKey[$0] }
    }
}

/// Where settings come from, below the command's own flags: the environment (with `NAME_FILE`
/// read into `NAME`), then the config file (`--config PATH` or `REPLYWRIGHT_CONFIG`), read
/// through swift-configuration. Defaults live with the code that parses each setting.
struct ConfigurationSources: Sendable {
    /// Where a setting's value was found.
    enum Origin: String, Sendable { case environment, file }

    static let pathVariable = "REPLYWRIGHT_CONFIG"

    let reader: ConfigReader
    /// The config file read, if any.
    let filePath: String?
    /// Keys in the file that are no setting (a typo is otherwise silently ignored).
    let unknownFileKeys: [String]
    private let environmentNames: Set<String>
    private let fileKeys: Set<String>

    /// No environment, no file: every setting at its default.
    static let empty = ConfigurationSources(
        reader: ConfigReader(providers: []), filePath: nil, unknownFileKeys: [], environmentNames: [], fileKeys: [])

    /// Reads the environment and the config file. A config file that was asked for but is
    /// missing, unreadable or not a JSON object is an error naming it; so is a `NAME_FILE`
    /// that cannot be read or a setting given both ways.
    static func load(configPath flag: String?, environment: [String: String]) async throws(AppError) -> ConfigurationSources {
        let resolved = try environmentReadingFiles(environment)
        let path = [flag, environment[pathVariable]].compactMap { $0 }.first { !$0.isEmpty }
        var providers: [any ConfigProvider] = [
            EnvironmentVariablesProvider(
                environmentVariables: resolved, secretsSpecifier: .specific(Set(Setting.allCases.filter(\.isSecret).map(\.rawValue))))
        ]
        var fileKeys: Set<String> = []
        if let path {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw .invalid("config file \(path) cannot be read (\(Self.reason(path)))")
            }
            fileKeys = try flattenedKeys(of: data, path: path)
            do {
                providers.append(try await FileProvider<JSONSnapshot>(filePath: .init(path)))
            } catch {
                throw .invalid("config file \(path) is not valid JSON for settings (\(String(describing: error).prefix(200)))")
            }
        }
        let names = Set(resolved.compactMap { $0.value.isEmpty ? nil : $0.key })
        return ConfigurationSources(
            reader: ConfigReader(providers: providers), filePath: path,
            unknownFileKeys: fileKeys.filter { Setting.byKey[$0] == nil }.sorted(), environmentNames: names, fileKeys: fileKeys)
    }

    /// The setting's value as text (a number or boolean in the file as written), `nil` when
    /// it is not set or empty.
    func text(_ setting: Setting) -> String? {
        let key = ConfigKey(setting.key)
        let secret = setting.isSecret
        let value =
            reader.string(forKey: key, isSecret: secret)
            ?? reader.int(forKey: key, isSecret: secret).map(String.init)
            ?? reader.double(forKey: key, isSecret: secret).map { "\($0)" }
            ?? reader.bool(forKey: key, isSecret: secret).map { "\($0)" }
        guard let value, !value.isEmpty else { return nil }
        return value
    }

    /// Where the setting's value comes from (the environment wins over the file), `nil` when unset.
    func origin(of setting: Setting) -> Origin? {
        if environmentNames.contains(setting.rawValue) { return .environment }
        if fileKeys.contains(setting.key) { return .file }
        return nil
    }

    /// The environment with each `NAME_FILE` of a setting read into `NAME` (one trailing line
    /// break dropped, as `echo` and editors leave one).
    static func environmentReadingFiles(_ environment: [String: String]) throws(AppError) -> [String: String] {
        var resolved = environment
        for setting in Setting.allCases {
            let fileVariable = setting.rawValue + "_FILE"
            guard let path = environment[fileVariable], !path.isEmpty else { continue }
            if let direct = environment[setting.rawValue], !direct.isEmpty {
                throw .invalid("set \(setting.rawValue) or \(fileVariable), not both")
            }
            let contents: String
            do {
                contents = try String(contentsOf: URL(fileURLWithPath: path), encoding: .utf8)
            } catch {
                throw .invalid("\(fileVariable): \(path) cannot be read (\(Self.reason(path)))")
            }
            var value = Substring(contents)
            if value.hasSuffix("\n") { value = value.dropLast() }
            if value.hasSuffix("\r") { value = value.dropLast() }
            resolved[setting.rawValue] = String(value)
            resolved[fileVariable] = nil
        }
        return resolved
    }

    /// The dotted keys of a JSON object's leaves (`{"database": {"url": …}}` → `database.url`).
    static func flattenedKeys(of data: Data, path: String) throws(AppError) -> Set<String> {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw .invalid("config file \(path) is not a JSON object (e.g. {\"database\": {\"url\": \"sqlite:replywright.sqlite\"}})")
        }
        var keys: Set<String> = []
        func walk(_ value: Any, _ prefix: String) {
            if let nested = value as? [String: Any], !nested.isEmpty {
                for (name, child) in nested { walk(child, prefix.isEmpty ? name : "\(prefix).\(name)") }
            } else {
                keys.insert(prefix)
            }
        }
        walk(object, "")
        keys.remove("")
        return keys
    }

    private static func reason(_ path: String) -> String {
        FileManager.default.fileExists(atPath: path) ? "not readable as UTF-8 text by this user" : "no such file"
    }
}
