import Foundation
import ReplywrightCore
import SQLKit

extension SQLStore: ImportStore {
    static let importColumns = """
        id, workspace_id, state, lines, leads, messages, bookings, duplicates, errors, error_lines, bytes, created_at, updated_at,
        finished_at
        """

    public func createImport(in workspaceID: Identifier<Workspace>) async throws -> ImportRun {
        let now = clock()
        let run = ImportRun(id: Identifier(Self.newID()), workspaceID: workspaceID, createdAt: now, updatedAt: now)
        try await transaction { (tx: SQLStore) in
            _ = try await tx.workspace(workspaceID)
            try await tx.requireConnection.raw(
                """
                INSERT INTO imports (\(unsafeRaw: Self.importColumns))
                VALUES (\(bind: run.id.rawValue), \(bind: workspaceID.rawValue), \(bind: run.state.rawValue), 0, 0, 0, 0, 0, 0, '[]', 0,
                        \(bind: now), \(bind: now), NULL)
                """
            ).run()
        }
        return run
    }

    public func saveImport(_ run: ImportRun) async throws {
        let errors = try JSONCoding.encode(run.errorLines)
        let row = try await read { db in
            try await db.raw(
                """
                UPDATE imports SET state = \(bind: run.state.rawValue), lines = \(bind: run.lines), leads = \(bind: run.leads),
                    messages = \(bind: run.messages), bookings = \(bind: run.bookings), duplicates = \(bind: run.duplicates),
                    errors = \(bind: run.errors), error_lines = \(bind: errors), bytes = \(bind: run.bytes),
                    updated_at = \(bind: clock()), finished_at = \(bind: run.finishedAt)
                WHERE id = \(bind: run.id.rawValue) AND workspace_id = \(bind: run.workspaceID.rawValue) RETURNING id
                """
            ).first()
        }
        guard row != nil else { throw AppError.notFound("import") }
    }

    public func importRun(_ id: Identifier<ImportRun>, in workspaceID: Identifier<Workspace>) async throws -> ImportRun {
        let row = try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.importColumns) FROM imports
                WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspaceID.rawValue)
                """
            ).first()
        }
        guard let row else { throw AppError.notFound("import") }
        return try Self.importRun(from: row)
    }

    public func importRuns(in workspaceID: Identifier<Workspace>, limit: Int) async throws -> [ImportRun] {
        try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.importColumns) FROM imports WHERE workspace_id = \(bind: workspaceID.rawValue)
                ORDER BY created_at DESC, id DESC LIMIT \(bind: max(0, limit))
                """
            ).all()
        }.map(Self.importRun(from:))
    }

    public func lead(email: String, in workspaceID: Identifier<Workspace>) async throws -> Lead? {
        try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.leadColumns) FROM leads
                WHERE workspace_id = \(bind: workspaceID.rawValue) AND email = \(bind: EmailAddress.normalized(email))
                """
            ).first()
        }.map(Self.lead(from:))
    }

    public func setHistoryComplete(_ complete: Bool, leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>) async throws {
        let row = try await read { db in
            try await db.raw(
                """
                UPDATE leads SET history_complete = \(bind: complete)
                WHERE id = \(bind: leadID.rawValue) AND workspace_id = \(bind: workspaceID.rawValue) RETURNING id
                """
            ).first()
        }
        guard row != nil else { throw AppError.notFound("lead") }
    }

    static func importRun(from row: any SQLRow) throws -> ImportRun {
        ImportRun(
            id: Identifier(try row.string("id")), workspaceID: Identifier(try row.string("workspace_id")),
            state: ImportRun.State(rawValue: try row.string("state")) ?? .failed, lines: try row.int("lines"), leads: try row.int("leads"),
            messages: try row.int("messages"), bookings: try row.int("bookings"), duplicates: try row.int("duplicates"),
            errors: try row.int("errors"),
            errorLines: (try? JSONCoding.decode([ImportRun.LineError].self, from: try row.string("error_lines"))) ?? [],
            bytes: try row.int("bytes"), createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"),
            finishedAt: try row.optionalDate("finished_at"))
    }
}
