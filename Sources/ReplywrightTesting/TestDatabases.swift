import Foundation
import Logging
import PostgresNIO
import ReplywrightCore
import ReplywrightStore

/// Fresh, migrated databases for tests, on every engine available here.
///
/// SQLite always runs (a new temporary file per test). PostgreSQL runs when
/// `REPLYWRIGHT_TEST_POSTGRES_URL` names a server (CI starts one); each test then gets its
/// own new database, dropped afterwards. Without it the PostgreSQL cases are skipped, and
/// the skip is printed once so nobody mistakes it for a pass.
public enum TestDatabases {
    public static let postgresURLVariable = "REPLYWRIGHT_TEST_POSTGRES_URL"

    /// The engines to parameterise storage tests over.
    public static let engines: [DatabaseEngine] = {
        if postgresAdminLocation != nil { return [.sqlite, .postgres] }
        print("note: PostgreSQL tests skipped: set \(postgresURLVariable)=postgres://user@127.0.0.1:PORT/postgres to run them (.ci/run does)")
        return [.sqlite]
    }()

    public static var postgresAdminLocation: PostgresLocation? {
        guard let raw = ProcessInfo.processInfo.environment[postgresURLVariable], !raw.isEmpty,
            case .postgres(let location)? = try? DatabaseLocation.parse(raw)
        else { return nil }
        return location
    }

    public static let logger: Logger = {
        var logger = Logger(label: "replywright.test")
        logger.logLevel = .warning
        return logger
    }()

    /// A new, empty database on `engine` (not yet migrated) and a function that removes it.
    public static func makeLocation(_ engine: DatabaseEngine) async throws -> (DatabaseLocation, cleanup: @Sendable () async -> Void) {
        let name = "rw_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased())"
        switch engine {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let path = directory.appendingPathComponent("test.sqlite").path
            return (.sqlite(path: path), { try? FileManager.default.removeItem(at: directory) })
        case .postgres:
            guard let admin = postgresAdminLocation else {
                throw AppError(.unavailable, "\(postgresURLVariable) is not set")
            }
            try await adminQuery(admin, "CREATE DATABASE \(name)")
            var location = admin
            location.database = name
            return (.postgres(location), { try? await adminQuery(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") })
        }
    }

    /// Runs `body` with a fresh, migrated store on `engine`, then deletes the database.
    public static func withStore<T: Sendable>(
        _ engine: DatabaseEngine, clock: TestClock? = nil, _ body: (SQLStore) async throws -> T
    ) async throws -> T {
        let (location, cleanup) = try await makeLocation(engine)
        do {
            let result = try await DatabaseConnector.withStore(
                location, logger: logger, migrate: true, clock: clock?.function ?? Date.init, body)
            await cleanup()
            return result
        } catch {
            await cleanup()
            throw error
        }
    }

    /// A fresh database's location (not opened: for tests that run the binary on it), removed
    /// after `body` whether it succeeds or throws.
    public static func withLocation<T: Sendable>(_ engine: DatabaseEngine, _ body: (DatabaseLocation) async throws -> T) async throws -> T {
        let (location, cleanup) = try await makeLocation(engine)
        do {
            let result = try await body(location)
            await cleanup()
            return result
        } catch {
            await cleanup()
            throw error
        }
    }

    static func adminQuery(_ admin: PostgresLocation, _ sql: String) async throws {
        let configuration = PostgresConnection.Configuration(
            host: admin.host, port: admin.port, username: admin.username, password: admin.password,
            database: admin.database, tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
