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
/// SQLite allows one writer at a time, so the backend keeps a single connection for every
/// statement and transaction and lends it to one task at a time (FIFO). That makes
/// transactions trivially isolated inside the process; `busy_timeout` covers a second process
/// (e.g. `replywright worker`) on the same file. The busiest reads (`SQLStore.rows`: every
/// dashboard page's session, the inbox) go to a few read-only connections instead, which WAL
/// lets run beside the writer and each other, each seeing what was committed when it started.
public final class SQLiteBackend: DatabaseBackend {
    public let engine = DatabaseEngine.sqlite
    public let path: String
    private let connection: SQLiteConnection
    private let database: any SQLDatabase
    private let mutex = AsyncMutex()
    private let readers: [SQLiteConnection]
    private let readerDatabases: [any SQLDatabase]
    private let readerPool: LendingPool<Int>
    private let logger: Logger

    private init(path: String, connection: SQLiteConnection, readers: [SQLiteConnection], logger: Logger) {
        self.path = path
        self.logger = logger
        self.connection = connection
        self.database = DirectSQLDatabase(connection, sql: connection.sql(queryLogLevel: nil))
        self.readers = readers
        self.readerDatabases = readers.map { DirectSQLDatabase($0, sql: $0.sql(queryLogLevel: nil)) }
        self.readerPool = LendingPool(Array(readers.indices))
    }

    /// How many read-only connections a backend opens: one per core, two to four.
    static let readerCount = min(4, max(2, System.coreCount))

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
        var readers: [SQLiteConnection] = []
        // WAL lets readers (here and in other processes) proceed during writes; NORMAL sync is
        // durable across process crashes (only an OS crash can lose the last commits).
        do {
            for pragma in [
                "PRAGMA busy_timeout = 10000", "PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL",
                "PRAGMA foreign_keys = ON",
            ] {
                _ = try await connection.query(pragma)
            }
            for _ in 0..<readerCount {
                let reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
                readers.append(reader)
                for pragma in ["PRAGMA busy_timeout = 10000", "PRAGMA query_only = ON"] { _ = try await reader.query(pragma) }
            }
        } catch {
            for opened in [connection] + readers {
                let closing: EventLoopFuture<Void> = opened.close()
                try? await closing.get()
            }
            throw AppError(.databaseUnavailable, "cannot use SQLite database \(path): \(error)")
        }
        return SQLiteBackend(path: path, connection: connection, readers: readers, logger: logger)
    }

    /// A database another process holds locked past `busy_timeout` (10 s) is `database_unavailable`
    /// (HTTP 503 with `Retry-After`), not an internal error: the caller may retry.
    public func withConnection<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        await mutex.lock()
        do {
            let result = try await lockedAsUnavailable { try await body(database) }
            await mutex.unlock()
            return result
        } catch {
            await mutex.unlock()
            throw error
        }
    }

    /// One of the read-only connections: a statement that writes fails with SQLite's readonly error.
    public func withReadConnection<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let index = await readerPool.take()
        do {
            let result = try await lockedAsUnavailable { try await body(readerDatabases[index]) }
            await readerPool.give(index)
            return result
        } catch {
            await readerPool.give(index)
            throw error
        }
    }

    private func lockedAsUnavailable<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as SQLiteError where [.busy, .locked].contains(error.reason) {
            logger.warning("the SQLite database is locked", metadata: ["error": "\(error)"])
            throw AppError(.databaseUnavailable, "the database is locked by another process; try again shortly")
        }
    }

    /// Keeps the connection open until graceful shutdown (or cancellation), then closes it
    /// after the last borrower is done.
    public func run() async throws {
        try? await gracefulShutdown()
        await mutex.lock()
        // The future-based close is used on purpose: the async one refuses to run in a
        // cancelled task, and cancellation is exactly how this service is usually stopped.
        for _ in readers { _ = await readerPool.take() }
        for opened in [connection] + readers {
            let closing: EventLoopFuture<Void> = opened.close()
            try? await closing.get()
        }
        await mutex.unlock()
    }
}
