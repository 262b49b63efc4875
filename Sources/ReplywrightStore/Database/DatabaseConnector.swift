import Foundation
import Logging
import ReplywrightCore
import ServiceLifecycle

/// Opens the backend named by a `DatabaseLocation`.
public enum DatabaseConnector {
    /// Opens the database; PostgreSQL is checked for reachability first, so an unreachable
    /// server fails here with a one-line `database_unavailable` error.
    /// The backend's `run()` must be running while it is used (add it to the
    /// `ServiceGroup`, or use `withRunning` / `withStore`).
    public static func open(_ location: DatabaseLocation, logger: Logger) async throws -> any DatabaseBackend {
        switch location {
        case .sqlite(let path):
            return try await SQLiteBackend.open(path: path, logger: logger)
        case .postgres(let postgres):
            let backend = try PostgresBackend(location: postgres, logger: logger)
            try await backend.checkReachable()
            return backend
        }
    }

    /// For one-shot work (CLI commands, tests): opens the database, runs its pool while
    /// `body` runs, optionally applies migrations first, then shuts everything down.
    public static func withStore<T: Sendable>(
        _ location: DatabaseLocation, logger: Logger, migrate: Bool = true,
        clock: @escaping @Sendable () -> Date = Date.init,
        _ body: (SQLStore) async throws -> T
    ) async throws -> T {
        let backend = try await open(location, logger: logger)
        return try await withRunning(backend) {
            let store = SQLStore(backend: backend, clock: clock)
            if migrate { try await Migrator(store: store).migrate(logger: logger) }
            return try await body(store)
        }
    }

    /// Runs the backend's service around `body`, then stops it (closing its connections).
    public static func withRunning<T: Sendable>(
        _ backend: any DatabaseBackend, _ body: () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await backend.run() }
            defer { group.cancelAll() }
            return try await body()
        }
    }
}
