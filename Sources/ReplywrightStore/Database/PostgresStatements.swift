import Logging
import PostgresNIO
import Synchronization

/// Server-side prepared statements for `SQLStore.rows(_:)`, per pooled connection and SQL text.
///
/// An unnamed statement is parsed and planned by PostgreSQL on every call: on the inbox page
/// (the session, the page, its count) that was two fifths of PostgreSQL's time. A prepared one is
/// parsed once per connection and, after a few runs, planned once too (PostgreSQL's generic plan
/// when it costs no more than the custom ones). PostgresNIO prepares a `PostgresPreparedStatement`
/// on a connection the first time it runs there; the statement's name is a hash of its SQL.
/// PostgresNIO never deallocates them, so past `perConnection` distinct texts a connection runs
/// the rest unnamed: a query built from many filter combinations cannot fill the server's memory.
final class PostgresStatements: Sendable {
    let perConnection: Int
    /// The names prepared (or being prepared) on each open connection.
    private let names = Mutex([PostgresConnection.ID: Set<String>]())

    init(perConnection: Int = 100) {
        self.perConnection = perConnection
    }

    /// The rows of `sql` with `bindings` on `connection`, through its prepared statement; nil when
    /// the connection has no room for another (the caller runs it unnamed).
    func rows(_ sql: String, _ bindings: PostgresBindings, on connection: PostgresConnection, logger: Logger) async throws
        -> [PostgresRow]?
    {
        let name = "rw_" + sha256Hex(sql).prefix(24)
        let id = connection.id
        let (admitted, isNew) = names.withLock { all -> (Bool, Bool) in
            let isNew = all[id] == nil
            let admitted = all[id, default: []].contains(name) || all[id, default: []].count < perConnection
            if admitted { all[id, default: []].insert(name) }
            return (admitted, isNew)
        }
        if isNew {
            connection.closeFuture.whenComplete { [weak self] _ in
                self?.names.withLock { _ = $0.removeValue(forKey: id) }
            }
        }
        guard admitted else { return nil }
        // PostgresNIO reads a statement's `name` and `sql` (static requirements) when `execute`
        // is called, in this task: the task-local says which.
        return try await DynamicStatement.$current.withValue((name, sql)) {
            var rows: [PostgresRow] = []
            for try await row in try await connection.execute(DynamicStatement(bindings: bindings), logger: logger) {
                rows.append(row)
            }
            return rows
        }
    }
}

/// A prepared statement whose SQL is chosen at run time (`PostgresStatements.rows`).
private struct DynamicStatement: PostgresPreparedStatement {
    typealias Row = PostgresRow
    /// Outside `PostgresStatements.rows` there is no SQL: an empty statement, which returns no rows.
    @TaskLocal static var current: (name: String, sql: String) = ("rw_unset", "")

    static var name: String { current.name }
    static var sql: String { current.sql }

    let bindings: PostgresBindings

    func makeBindings() throws -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}
