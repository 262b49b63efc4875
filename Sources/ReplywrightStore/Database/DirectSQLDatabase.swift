import Logging
import NIOCore
import SQLKit

/// SQLKit's database for one driver connection, with the connection itself in reach:
/// `SQLStore.rows(_:)` sends the hottest reads to PostgresNIO or SQLiteNIO directly (on
/// PostgreSQL through the backend's prepared `statements`).
struct DirectSQLDatabase<Connection: Sendable>: SQLDatabase {
    let connection: Connection
    let statements: PostgresStatements?
    private let sql: any SQLDatabase

    init(_ connection: Connection, sql: any SQLDatabase, statements: PostgresStatements? = nil) {
        self.connection = connection
        self.sql = sql
        self.statements = statements
    }

    var logger: Logger { sql.logger }
    var eventLoop: any EventLoop { sql.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { sql.version }
    var dialect: any SQLDialect { sql.dialect }
    var queryLogLevel: Logger.Level? { sql.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        sql.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await sql.execute(sql: query, onRow)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }
}
