import Foundation
import Logging
import NIOCore
import NIOPosix
import ReplywrightCore
import SQLKit
import SQLiteKit
import ServiceLifecycle

/// The embedded engine: one SQLite file in WAL mode.
///
/// SQLite allows one writer at a time, so the backend keeps a single connection and lends it
/// to one task at a time (FIFO). That makes transactions trivially isolated inside the
/// process; `busy_timeout` covers a second process (e.g. `replywright worker`) on the same file.
public final class SQLiteBackend: DatabaseBackend {
    public let engine = DatabaseEngine.sqlite
    public let path: String
    private let connection: SQLiteConnection
    private let database: any SQLDatabase
    private let mutex = AsyncMutex()
    private let logger: Logger

    private init(path: String, connection: SQLiteConnection, logger: Logger) {
        self.path = path
        self.logger = logger
        self.connection = connection
        self.database = connection.sql(queryLogLevel: nil)
    }

    /// Opens (creating if needed) the file and applies the connection settings.
    public static func open(path: String, logger: Logger) async throws -> SQLiteBackend {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            throw AppError(.databaseUnavailable, "cannot open SQLite database \(path): folder \(directory) does not exist")
        }
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        } catch {
            throw AppError(.databaseUnavailable, "cannot open SQLite database \(path): \(error)")
        }
        let backend = SQLiteBackend(path: path, connection: connection, logger: logger)
        // WAL lets readers in other processes proceed during writes; NORMAL sync is durable
        // across process crashes (only an OS crash can lose the last commits).
        do {
            for pragma in [
                "PRAGMA busy_timeout = 10000", "PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL",
                "PRAGMA foreign_keys = ON",
            ] {
                try await backend.database.raw(SQLQueryString(pragma)).run()
            }
        } catch {
            let closing: EventLoopFuture<Void> = connection.close()
            try? await closing.get()
            throw AppError(.databaseUnavailable, "cannot use SQLite database \(path): \(error)")
        }
        return backend
    }

    /// A database another process holds locked past `busy_timeout` (10 s) is `database_unavailable`
    /// (HTTP 503 with `Retry-After`), not an internal error: the caller may retry.
    public func withConnection<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        await mutex.lock()
        do {
            let result = try await body(database)
            await mutex.unlock()
            return result
        } catch let error as SQLiteError where [.busy, .locked].contains(error.reason) {
            await mutex.unlock()
            logger.warning("the SQLite database is locked", metadata: ["error": "\(error)"])
            throw AppError(.databaseUnavailable, "the database is locked by another process; try again shortly")
        } catch {
            await mutex.unlock()
            throw error
        }
    }

    /// Keeps the connection open until graceful shutdown (or cancellation), then closes it
    /// after the last borrower is done.
    public func run() async throws {
        try? await gracefulShutdown()
        await mutex.lock()
        // The future-based close is used on purpose: the async one refuses to run in a
        // cancelled task, and cancellation is exactly how this service is usually stopped.
        let closing: EventLoopFuture<Void> = connection.close()
        try? await closing.get()
        await mutex.unlock()
    }
}
