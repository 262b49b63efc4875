import Logging
import NIOSSL
import PostgresKit
import PostgresNIO
import ReplywrightCore
import ReplywrightNetwork
import SQLKit
import ServiceLifecycle
import Synchronization
import _ConnectionPoolModule

/// PostgreSQL through PostgresNIO's connection pool. Several Replywright nodes can share one
/// server; the job queue claims with `FOR UPDATE SKIP LOCKED`.
///
public final class PostgresBackend: DatabaseBackend {
    public let engine = DatabaseEngine.postgres
    public let location: PostgresLocation
    let client: PostgresClient
    /// `SQLStore.rows(_:)`'s prepared statements on the pool's connections.
    let statements = PostgresStatements()
    private let logger: Logger
    private let started = Gate()

    /// How long a request waits for a pooled connection before it is `database_unavailable`.
    let leaseTimeout: Duration

    public init(location: PostgresLocation, maxConnections: Int = 20, leaseTimeout: Duration = .seconds(5), logger: Logger) throws {
        self.location = location
        self.logger = logger
        self.leaseTimeout = leaseTimeout
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.username,
            password: location.password, database: location.database, tls: try Self.tls(location.tls))
        configuration.options.maximumConnections = maxConnections
        configuration.options.minimumConnections = 0
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
    }

    private static func tls(_ mode: PostgresLocation.TLSMode) throws -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: return .disable
        case .prefer: return .prefer(.makeClientConfiguration())
        case .require: return .require(.makeClientConfiguration())
        }
    }

    /// Connects once, outside the pool, so that an unreachable server is reported at once
    /// with a clear reason instead of the pool retrying quietly.
    public func checkReachable(timeout: Duration = .seconds(10)) async throws {
        let configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.username,
            password: location.password, database: location.database,
            tls: location.tls == .require ? .require(try .init(configuration: .makeClientConfiguration())) : .disable)
        do {
            let connection = try await withThrowingTaskGroup(of: PostgresConnection.self) { group in
                group.addTask { try await PostgresConnection.connect(configuration: configuration, id: 0, logger: self.logger) }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    throw AppError(.databaseUnavailable, "timed out after \(timeout)")
                }
                let first = try await group.next()!
                group.cancelAll()
                return first
            }
            try await connection.close()
        } catch let error as AppError {
            throw AppError(.databaseUnavailable, "cannot connect to \(location.redacted): \(error.message)")
        } catch let error as PSQLError {
            logger.debug("PostgreSQL connection failed", metadata: ["error": "\(String(describing: error).prefix(500))"])
            throw AppError(.databaseUnavailable, "cannot connect to \(location.redacted): \(Self.describe(error))")
        } catch {
            logger.debug("PostgreSQL connection failed", metadata: ["error": "\(String(describing: error).prefix(500))"])
            let words = ConnectionFailure.classify(error).map { "\($0.code): \($0.sentence)" } ?? "the connection failed"
            throw AppError(.databaseUnavailable, "cannot connect to \(location.redacted): \(words)")
        }
    }

    /// The server's own message (a wrong password, an unknown database), else the connection's
    /// failure in words (`connection_refused: …`), else PostgresNIO's code.
    static func describe(_ error: PSQLError) -> String {
        if let message = error.serverInfo?[.message] { return message }
        if let underlying = error.underlying, let (code, sentence) = ConnectionFailure.classify(underlying) { return "\(code): \(sentence)" }
        return String(describing: error.code)
    }

    public func withConnection<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        // Services start concurrently; without this a caller racing `run()` makes PostgresNIO
        // log "run() hasn't been called yet" (it would wait for the pool all the same).
        await started.wait()
        do {
            return try await withLease(body)
        } catch let error as PSQLError where Self.lostConnection.contains(error.code) {
            // The server went away mid-request (a restart, an outage): `database_unavailable`
            // (HTTP 503 with `Retry-After`), not an internal error; the pool reconnects by itself.
            logger.warning("PostgreSQL connection lost", metadata: ["error_code": "\(error.code)"])
            throw Self.unavailable
        } catch let error as _ConnectionPoolModule.ConnectionPoolError where error != .requestCancelled {
            // The pool cannot create connections (the server is down): it fails fast until one works.
            logger.warning("PostgreSQL unreachable", metadata: ["error": "\(error)"])
            throw Self.unavailable
        }
    }

    static let unavailable = AppError(.databaseUnavailable, "the database cannot be reached right now; try again shortly")

    /// `body` on a pooled connection, waiting at most `leaseTimeout` for one: while the server
    /// is down the pool keeps trying to connect and a request would otherwise wait with it.
    /// Once `body` has its connection it runs to the end, however long it takes.
    private func withLease<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await withoutActuallyEscaping(body) { body in
            // The group ends before this function returns, so `body` does not outlive the call.
            let work = UncheckedSendable(body)
            let leased = LeaseFlag()
            return try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask {
                    try await self.client.withConnection { connection in
                        leased.set()
                        return try await work.value(
                            DirectSQLDatabase(connection, sql: connection.sql(queryLogLevel: nil), statements: self.statements))
                    }
                }
                group.addTask {
                    try await Task.sleep(for: self.leaseTimeout)
                    if !leased.isSet {
                        self.logger.warning("no PostgreSQL connection in time", metadata: ["timeout": "\(self.leaseTimeout)"])
                        throw Self.unavailable
                    }
                    return nil
                }
                while let result = try await group.next() {
                    if let value = result {
                        group.cancelAll()
                        return value
                    }
                }
                throw CancellationError()
            }
        }
    }

    static let lostConnection: [PSQLError.Code] = [
        .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown, .poolClosed,
    ]

    public func run() async throws {
        started.open()
        await client.run()
    }
}

/// A one-way gate: `wait()` returns once `open()` has been called.
final class Gate: Sendable {
    private struct State {
        var isOpen = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    func open() {
        let waiters = state.withLock { state in
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func wait() async {
        if state.withLock({ $0.isOpen }) { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let isOpen = state.withLock { state in
                if !state.isOpen { state.waiters.append(continuation) }
                return state.isOpen
            }
            if isOpen { continuation.resume() }
        }
    }
}

/// A value the compiler cannot prove `Sendable`, handed to a child task that is awaited before
/// its owner returns (`PostgresBackend.withLease`).
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Whether a request got its connection.
private final class LeaseFlag: Sendable {
    private let state = Mutex(false)
    func set() { state.withLock { $0 = true } }
    var isSet: Bool { state.withLock { $0 } }
}
