import SQLKit
import ServiceLifecycle

/// A source of SQL connections for one database. Concrete backends (SQLite, PostgreSQL)
/// differ only in how they hand out connections; all SQL is written once, in `SQLStore`.
///
/// A backend is a `Service`: `run()` must be running (in the process's `ServiceGroup`, or via
/// `DatabaseConnector.withRunning`) while it is used, and it closes its connections when
/// `run()` ends. `run()` may be called once.
public protocol DatabaseBackend: Service {
    var engine: DatabaseEngine { get }

    /// Runs `body` with a connection that no other task uses meanwhile, so a transaction
    /// begun on it stays private to `body`.
    func withConnection<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T

    /// Runs `body`, which only reads, with a connection that may be a read-only one (SQLite's
    /// readers beside its one writer); by default the same as `withConnection`.
    func withReadConnection<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T
}

extension DatabaseBackend {
    public func withReadConnection<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await withConnection(body)
    }
}
