import Foundation
import Logging
import ReplywrightCore
import SQLKit

/// Applies pending migrations, recording each in `schema_migrations`.
///
/// Safe to run from several nodes at once: on PostgreSQL a transaction-scoped advisory lock
/// serialises migrators; on SQLite the write transaction (`BEGIN IMMEDIATE`) does the same.
public struct Migrator: Sendable {
    let store: SQLStore

    public init(store: SQLStore) { self.store = store }

    /// The versions applied so far, oldest first.
    public func appliedVersions() async throws -> [Int] {
        try await store.read { db in
            try await ensureTable(db)
            return try await db.raw("SELECT version FROM schema_migrations ORDER BY version").all()
                .map { try $0.decode(column: "version", as: Int.self) }
        }
    }

    /// Applies every pending migration; returns the versions applied now.
    @discardableResult
    public func migrate(logger: Logger) async throws -> [Int] {
        let types = ColumnTypes(store.engine)
        return try await store.transaction { tx in
            let db = tx.requireConnection
            if store.engine == .postgres {
                // Any constant works; it only has to be the same for every Replywright node.
                try await db.raw("SELECT pg_advisory_xact_lock(7172635401)").run()
            }
            try await ensureTable(db)
            let applied = Set(
                try await db.raw("SELECT version FROM schema_migrations").all()
                    .map { try $0.decode(column: "version", as: Int.self) })
            if let newest = applied.max(), newest > Self.latestVersion {
                throw Self.newerSchema(newest)
            }
            var newlyApplied: [Int] = []
            for migration in Migration.all where !applied.contains(migration.version) {
                for statement in migration.statements(types) {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                try await db.raw(
                    """
                    INSERT INTO schema_migrations (version, name, applied_at)
                    VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: Date()))
                    """
                ).run()
                logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
                newlyApplied.append(migration.version)
            }
            return newlyApplied
        }
    }

    /// The newest version this build knows.
    public static var latestVersion: Int { Migration.all.map(\.version).max() ?? 0 }

    /// What an older binary says on a database a newer one migrated: it refuses to run rather
    /// than read and write tables whose meaning it does not know.
    public static func newerSchema(_ version: Int) -> AppError {
        AppError(
            .unavailable,
            "the database is at schema version \(version), newer than this build knows (\(latestVersion)): "
                + "run the Replywright version that migrated it, or restore a backup taken before that upgrade")
    }

    private func ensureTable(_ db: any SQLDatabase) async throws {
        let types = ColumnTypes(store.engine)
        try await db.raw(
            SQLQueryString(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at \(unsafeRaw: types.timestamp) NOT NULL
                )
                """)
        ).run()
    }
}
