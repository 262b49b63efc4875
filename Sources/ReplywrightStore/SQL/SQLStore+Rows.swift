import Foundation
import PostgresNIO
import ReplywrightCore
import SQLKit

/// A result row read by `SQLStore.rows(_:)`, with the same column accessors as the `SQLRow`
/// helpers, so a mapping reads the same either way.
struct StoreRow: Sendable {
    fileprivate enum Storage {
        /// With the result's column positions by name, looked up once per result.
        case postgres(PostgresRandomAccessRow, columns: [String: Int])
        case sql(any SQLRow)
    }

    fileprivate let storage: Storage

    func string(_ column: String) throws -> String {
        switch storage {
        case .postgres(let row, let columns): try Self.cell(row, columns, column).decode(String.self)
        case .sql(let row): try row.string(column)
        }
    }

    func optionalString(_ column: String) throws -> String? {
        switch storage {
        case .postgres(let row, let columns): try Self.cell(row, columns, column).decode(String?.self)
        case .sql(let row): try row.optionalString(column)
        }
    }

    func int(_ column: String) throws -> Int {
        switch storage {
        case .postgres(let row, let columns): try Self.cell(row, columns, column).decode(Int.self)
        case .sql(let row): try row.int(column)
        }
    }

    func double(_ column: String) throws -> Double {
        switch storage {
        case .postgres(let row, let columns): try Self.cell(row, columns, column).decode(Double.self)
        case .sql(let row): try row.decode(column: column, as: Double.self)
        }
    }

    func date(_ column: String) throws -> Date {
        switch storage {
        case .postgres(let row, let columns): try Self.cell(row, columns, column).decode(Date.self)
        case .sql(let row): try row.date(column)
        }
    }

    func bool(_ column: String) throws -> Bool {
        switch storage {
        case .postgres(let row, let columns): try Self.cell(row, columns, column).decode(Bool.self)
        case .sql(let row): try row.bool(column)
        }
    }

    func optionalDate(_ column: String) throws -> Date? {
        switch storage {
        case .postgres(let row, let columns): try Self.cell(row, columns, column).decode(Date?.self)
        case .sql(let row): try row.optionalDate(column)
        }
    }

    private static func cell(_ row: PostgresRandomAccessRow, _ columns: [String: Int], _ column: String) throws -> PostgresCell {
        guard let index = columns[column] else { throw AppError(.internalError, "the query returned no column \(column)") }
        return row[index]
    }
}

extension SQLStore {
    /// Runs a query (in the current transaction, if any) and returns its rows. For reads done
    /// by the page-full (the inbox, every dashboard request's session): on PostgreSQL the
    /// query goes to PostgresNIO directly and each column is decoded by its Postgres type,
    /// because SQLKit's `SQLRow.decode` sets up a Codable decoding path per cell, which was a
    /// quarter of the inbox page's time. Binds may be `String`, `Int`, `Double`, `Bool` or `Date`.
    func rows(_ query: SQLQueryString) async throws -> [StoreRow] {
        try await read { db in
            guard let postgres = db as? PostgresSQLConnection else {
                return try await db.raw(query).all().map { StoreRow(storage: .sql($0)) }
            }
            var serializer = SQLSerializer(database: db)
            query.serialize(to: &serializer)
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
            // The connection is the transaction's inside one.
            let rows = try await postgres.connection.query(
                PostgresQuery(unsafeSQL: serializer.sql, binds: bindings),
                logger: postgres.logger
            ).collect()
            guard let first = rows.first else { return [] }
            let columns = Dictionary(first.enumerated().map { ($0.element.columnName, $0.offset) }) { first, _ in first }
            return rows.map { StoreRow(storage: .postgres($0.makeRandomAccess(), columns: columns)) }
        }
    }
}
