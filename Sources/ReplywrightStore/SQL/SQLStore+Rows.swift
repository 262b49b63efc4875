import Foundation
import PostgresNIO
import ReplywrightCore
import SQLKit
import SQLiteKit

/// A result row read by `SQLStore.rows(_:)`, with the same column accessors as the `SQLRow`
/// helpers, so a mapping reads the same either way.
struct StoreRow: Sendable {
    fileprivate enum Storage {
        /// With the result's column positions by name, looked up once per result.
        case postgres(PostgresRandomAccessRow, columns: [String: Int])
        case sqlite(SQLiteRow)
    }

    fileprivate let storage: Storage

    func string(_ column: String) throws -> String { try value(column, String.self) }
    func optionalString(_ column: String) throws -> String? { try value(column, String?.self) }
    func int(_ column: String) throws -> Int { try value(column, Int.self) }
    func double(_ column: String) throws -> Double { try value(column, Double.self) }
    func date(_ column: String) throws -> Date { try value(column, Date.self) }
    func optionalDate(_ column: String) throws -> Date? { try value(column, Date?.self) }
    func bool(_ column: String) throws -> Bool { try value(column, Bool.self) }

    private func value<T: PostgresDecodable & SQLiteCellDecodable>(_ column: String, _ type: T.Type) throws -> T {
        switch storage {
        case .postgres(let row, let columns):
            guard let index = columns[column] else { throw Self.noColumn(column) }
            return try row[index].decode(T.self)
        case .sqlite(let row):
            guard let data = row.column(column) else { throw Self.noColumn(column) }
            guard let value = T(sqliteCell: data) else {
                throw AppError(.internalError, "column \(column) holds \(data), not a \(T.self)")
            }
            return value
        }
    }

    private static func noColumn(_ column: String) -> AppError { AppError(.internalError, "the query returned no column \(column)") }
}

/// What SQLiteNIO reads a cell as, as SQLiteKit's decoder would (`NULL` is `nil` for optionals).
protocol SQLiteCellDecodable {
    init?(sqliteCell: SQLiteData)
}

extension SQLiteCellDecodable where Self: SQLiteDataConvertible {
    init?(sqliteCell: SQLiteData) { self.init(sqliteData: sqliteCell) }
}

extension String: SQLiteCellDecodable {}
extension Int: SQLiteCellDecodable {}
extension Double: SQLiteCellDecodable {}
extension Date: SQLiteCellDecodable {}
extension Bool: SQLiteCellDecodable {}

extension Optional: SQLiteCellDecodable where Wrapped: SQLiteCellDecodable {
    init?(sqliteCell: SQLiteData) {
        if case .null = sqliteCell {
            self = .none
        } else if let value = Wrapped(sqliteCell: sqliteCell) {
            self = .some(value)
        } else {
            return nil
        }
    }
}

extension SQLStore {
    /// Runs a query (in the current transaction, if any) and returns its rows. For reads done
    /// by the page-full (the inbox, every dashboard request's session): the query goes to
    /// PostgresNIO or SQLiteNIO directly and each cell is decoded by its type, because SQLKit's
    /// `SQLRow.decode` sets up a Codable decoding path per cell (a quarter of the inbox page's
    /// time on PostgreSQL, a tenth on SQLite). Only for reads: outside a transaction SQLite runs
    /// them on a read-only connection. Binds may be `String`, `Int`, `Double`, `Bool` or `Date`.
    /// On PostgreSQL the statement is prepared (`PostgresStatements`).
    func rows(_ query: SQLQueryString) async throws -> [StoreRow] {
        try await readOnly { db in
            var serializer = SQLSerializer(database: db)
            query.serialize(to: &serializer)
            if let sqlite = db as? DirectSQLDatabase<SQLiteConnection> {
                let encoder = SQLiteDataEncoder()
                let binds = try serializer.binds.map { try encoder.encode($0) }
                return try await sqlite.connection.query(serializer.sql, binds).map { StoreRow(storage: .sqlite($0)) }
            }
            guard let postgres = db as? DirectSQLDatabase<PostgresConnection> else {
                throw AppError(.internalError, "rows(_:) runs on SQLiteNIO or PostgresNIO connections, not \(type(of: db))")
            }
            var bindings = PostgresBindings(capacity: serializer.binds.count)
            for bind in serializer.binds {
                switch bind {
                case let value as String: bindings.append(value)
                case let value as Int: bindings.append(value)
                case let value as Double: bindings.append(value)
                case let value as Bool: bindings.append(value)
                case let value as Date: bindings.append(value)
                default: throw AppError(.internalError, "rows(_:) cannot bind a \(type(of: bind))")
                }
            }
            // Prepared once per connection; unnamed where the connection has no room for more.
            // The connection is the transaction's inside one.
            let rows: [PostgresRow]
            if let statements = postgres.statements,
                let preparedRows = try await statements.rows(serializer.sql, bindings, on: postgres.connection, logger: postgres.logger)
            {
                rows = preparedRows
            } else {
                rows = try await postgres.connection.query(
                    PostgresQuery(unsafeSQL: serializer.sql, binds: bindings), logger: postgres.logger
                ).collect()
            }
            guard let first = rows.first else { return [] }
            let columns = Dictionary(first.enumerated().map { ($0.element.columnName, $0.offset) }) { first, _ in first }
            return rows.map { StoreRow(storage: .postgres($0.makeRandomAccess(), columns: columns)) }
        }
    }
}
