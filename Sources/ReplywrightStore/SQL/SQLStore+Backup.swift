import Foundation
import Logging
import ReplywrightCore
import SQLKit

extension SQLStore {
    /// What an online backup wrote.
    public struct Backup: Sendable {
        public var path: String
        public var bytes: Int
        /// The copy's schema version and SQLite's `integrity_check` of it (`ok`).
        public var schemaVersion: Int
        public var integrity: String
    }

    /// Copies a SQLite database to `path` while it is in use (`VACUUM INTO`: one consistent
    /// snapshot, writers wait only for the copy's read), then opens the copy and checks it.
    /// PostgreSQL has its own tools: `invalid` names them.
    public func backup(to path: String, logger: Logger) async throws -> Backup {
        guard engine == .sqlite else {
            throw AppError.invalid("backup copies SQLite databases; for PostgreSQL use pg_dump (or your provider's snapshots)")
        }
        guard !FileManager.default.fileExists(atPath: path) else {
            throw AppError.invalid("\(path) exists; backup never overwrites a file (choose a new name)")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.isWritableFile(atPath: directory.isEmpty ? "." : directory) else {
            throw AppError.invalid("cannot write into \(directory): no such directory or no permission")
        }
        try await read { db in try await db.raw("VACUUM INTO \(bind: path)").run() }
        let (version, integrity) = try await DatabaseConnector.withStore(.sqlite(path: path), logger: logger, migrate: false) { copy in
            try await copy.read { db in
                let version =
                    try await db.raw("SELECT MAX(version) AS version FROM schema_migrations").first()?
                    .decode(column: "version", as: Int?.self) ?? 0
                let integrity = try await db.raw("PRAGMA integrity_check").first()?.decode(column: "integrity_check", as: String.self) ?? "unknown"
                return (version, integrity)
            }
        }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return Backup(path: path, bytes: bytes, schemaVersion: version, integrity: integrity)
    }
}
