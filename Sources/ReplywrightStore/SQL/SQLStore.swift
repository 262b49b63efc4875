import Foundation
import ReplywrightCore
import SQLKit

/// The one implementation of `DataStore`: SQL written once over SQLKit, run on SQLite or
/// PostgreSQL. Dialect differences are confined to `ColumnTypes` and `skipLockedClause`; `rows(_:)`
/// reads PostgreSQL's hottest rows through PostgresNIO directly.
public struct SQLStore: Sendable {
    public let engine: DatabaseEngine
    let backend: any DatabaseBackend
    /// Set inside `transaction`: every call then uses this connection.
    private let boundConnection: (any SQLDatabase)?
    let clock: @Sendable () -> Date

    public init(backend: any DatabaseBackend, clock: @escaping @Sendable () -> Date = Date.init) {
        self.engine = backend.engine
        self.backend = backend
        self.boundConnection = nil
        // Whole milliseconds: both engines store them exactly, so a record returned by a
        // write equals the same record read back.
        self.clock = { Date(timeIntervalSince1970: (clock().timeIntervalSince1970 * 1000).rounded() / 1000) }
    }

    private init(bound connection: any SQLDatabase, parent: SQLStore) {
        self.engine = parent.engine
        self.backend = parent.backend
        self.boundConnection = connection
        self.clock = parent.clock
    }

    /// Runs statements on one connection (the transaction's, if inside one).
    func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        if let boundConnection { return try await body(boundConnection) }
        return try await backend.withConnection(body)
    }

    /// Runs a statement that only reads: the transaction's connection inside one, else one the
    /// backend keeps for reads.
    func readOnly<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        if let boundConnection { return try await body(boundConnection) }
        return try await backend.withReadConnection(body)
    }

    var requireConnection: any SQLDatabase {
        guard let boundConnection else { preconditionFailure("requireConnection outside a transaction") }
        return boundConnection
    }

}

extension SQLStore: DataStore {
    public func transaction<T: Sendable>(_ body: (any DataStore) async throws -> T) async throws -> T {
        try await transaction { (store: SQLStore) in try await body(store) }
    }

    public func ping() async throws {
        _ = try await read { db in try await db.raw("SELECT 1 AS one").first() }
    }
}

extension SQLStore {
    /// Runs `body` in a transaction; nested calls join the outer transaction.
    func transaction<T: Sendable>(_ body: (SQLStore) async throws -> T) async throws -> T {
        if boundConnection != nil { return try await body(self) }
        // SQLite: IMMEDIATE takes the write lock up front, so two processes never deadlock
        // upgrading read locks.
        let begin = engine == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN"
        return try await backend.withConnection { db in
            try await db.raw(SQLQueryString(begin)).run()
            do {
                let result = try await body(SQLStore(bound: db, parent: self))
                try await db.raw("COMMIT").run()
                return result
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    /// `FOR UPDATE SKIP LOCKED` where row locks exist; SQLite serialises writers instead.
    var skipLockedClause: String { engine == .postgres ? "FOR UPDATE SKIP LOCKED" : "" }

    static func newID() -> String { UUID().uuidString.lowercased() }

    /// `(LOWER(a) LIKE ? ESCAPE '\' OR …)`: whether any of `expressions` (SQL written in this
    /// code, never user text) contains `text`, case-insensitively and literally (`%` and `_` are
    /// characters); `nil` for empty text. Same SQL on both engines.
    static func containsText(_ text: String, in expressions: [String]) -> SQLQueryString? {
        let search = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !search.isEmpty else { return nil }
        let pattern = likePattern(search)
        var clause: SQLQueryString = ""
        for (index, expression) in expressions.enumerated() {
            clause = "\(clause)\(unsafeRaw: index == 0 ? "" : " OR ")LOWER(\(unsafeRaw: expression)) LIKE \(bind: pattern) ESCAPE '\\'"
        }
        return "(\(clause))"
    }

    /// `%text%` for `LIKE … ESCAPE '\'`, with `\`, `%` and `_` in `text` taken literally.
    static func likePattern(_ text: String) -> String {
        "%"
            + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
    }
}

extension SQLRow {
    func string(_ column: String) throws -> String { try decode(column: column, as: String.self) }
    func optionalString(_ column: String) throws -> String? { try decode(column: column, as: String?.self) }
    func int(_ column: String) throws -> Int { try decode(column: column, as: Int.self) }
    func bool(_ column: String) throws -> Bool { try decode(column: column, as: Bool.self) }
    func date(_ column: String) throws -> Date { try decode(column: column, as: Date.self) }
    func optionalDate(_ column: String) throws -> Date? { try decode(column: column, as: Date?.self) }
}
