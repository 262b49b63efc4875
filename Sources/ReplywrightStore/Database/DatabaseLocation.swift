import Foundation
import ReplywrightCore

/// Which database to use, parsed from `--database` / `DATABASE_URL`:
/// `sqlite:PATH` (the embedded default) or `postgres://user:pass@host:port/db?sslmode=…`.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    public static let defaultSQLite = DatabaseLocation.sqlite(path: "replywright.sqlite")

    public static func parse(_ raw: String) throws(AppError) -> DatabaseLocation {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            guard !path.isEmpty else { throw .invalid("database URL 'sqlite:' needs a file path, e.g. sqlite:replywright.sqlite") }
            return .sqlite(path: path)
        }
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            return .postgres(try PostgresLocation(url: text))
        }
        throw .invalid("unsupported database URL (expected sqlite:PATH or postgres://user@host:port/database)")
    }

    public var engine: DatabaseEngine {
        switch self {
        case .sqlite: return .sqlite
        case .postgres: return .postgres
        }
    }

    /// Safe to print and log: the password is never shown.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let location): return location.redacted
        }
    }
}

/// The parts of a PostgreSQL URL.
public struct PostgresLocation: Sendable, Equatable {
    public enum TLSMode: String, Sendable { case disable, prefer, require }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String?
    public var tls: TLSMode

    public init(url: String) throws(AppError) {
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
            throw .invalid("PostgreSQL URL is malformed (expected postgres://user:password@host:port/database)")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.username = components.user.map { $0.removingPercentEncoding ?? $0 } ?? "postgres"
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        self.database = path.isEmpty ? nil : path
        let mode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        switch mode {
        case "disable": self.tls = .disable
        case "prefer", "allow": self.tls = .prefer
        case "require", "verify-ca", "verify-full": self.tls = .require
        default: throw .invalid("PostgreSQL URL: unknown sslmode '\(mode)' (expected disable, prefer or require)")
        }
    }

    public var redacted: String {
        let auth = password == nil ? username : "\(username):***"
        return "postgres://\(auth)@\(host):\(port)/\(database ?? "")"
    }
}

/// The two SQL engines the store runs on.
public enum DatabaseEngine: String, Sendable, CaseIterable {
    case sqlite
    case postgres
}
