import Foundation
import ReplywrightCore
import SQLKit

extension SQLStore: MemoryStore {
    public func memory(leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>, at now: Date) async throws -> [LeadMemoryEntry] {
        try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.memoryColumns) FROM lead_memory
                WHERE workspace_id = \(bind: workspaceID.rawValue) AND lead_id = \(bind: leadID.rawValue) AND expires_at > \(bind: now)
                ORDER BY created_at DESC, id DESC
                """
            ).all()
        }.map(Self.memoryEntry(from:))
    }

    public func addMemory(
        leadID: Identifier<Lead>, category: String, text: String, detail: JSONValue?, expiresAt: Date, in workspaceID: Identifier<Workspace>
    ) async throws -> LeadMemoryEntry {
        _ = try await lead(leadID, in: workspaceID)
        let entry = LeadMemoryEntry(
            id: Identifier(Self.newID()), leadID: leadID, category: category, text: text, detail: detail,
            expiresAt: expiresAt, createdAt: clock())
        let detailJSON = try detail.map { String(decoding: try JSONEncoder.sorted.encode($0), as: UTF8.self) }
        try await read { db in
            try await db.raw(
                """
                INSERT INTO lead_memory (id, workspace_id, lead_id, category, text, detail, expires_at, created_at)
                VALUES (\(bind: entry.id.rawValue), \(bind: workspaceID.rawValue), \(bind: leadID.rawValue), \(bind: category),
                        \(bind: text), \(bind: detailJSON), \(bind: expiresAt), \(bind: entry.createdAt))
                """
            ).run()
        }
        return entry
    }

    public func updateMemory(_ id: Identifier<LeadMemoryEntry>, text: String, in workspaceID: Identifier<Workspace>) async throws -> LeadMemoryEntry {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 2000 else { throw AppError.invalid("text: 1 to 2000 characters") }
        let row = try await read { db in
            try await db.raw(
                """
                UPDATE lead_memory SET text = \(bind: trimmed)
                WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspaceID.rawValue)
                RETURNING \(unsafeRaw: Self.memoryColumns)
                """
            ).first()
        }
        guard let row else { throw AppError.notFound("memory entry") }
        return try Self.memoryEntry(from: row)
    }

    public func deleteMemory(_ id: Identifier<LeadMemoryEntry>, in workspaceID: Identifier<Workspace>) async throws {
        let row = try await read { db in
            try await db.raw(
                """
                DELETE FROM lead_memory WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspaceID.rawValue) RETURNING id
                """
            ).first()
        }
        guard row != nil else { throw AppError.notFound("memory entry") }
    }

    public func purgeExpiredMemory(before cutoff: Date, limit: Int) async throws -> Int {
        try await read { db in
            try await db.raw(
                """
                DELETE FROM lead_memory WHERE id IN (
                    SELECT id FROM lead_memory WHERE expires_at <= \(bind: cutoff) LIMIT \(bind: max(0, limit))
                ) RETURNING id
                """
            ).all().count
        }
    }

    static let memoryColumns = "id, lead_id, category, text, detail, expires_at, created_at"

    static func memoryEntry(from row: any SQLRow) throws -> LeadMemoryEntry {
        let detail = try row.optionalString("detail").map { try JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
        return LeadMemoryEntry(
            id: Identifier(try row.string("id")), leadID: Identifier(try row.string("lead_id")), category: try row.string("category"),
            text: try row.string("text"), detail: detail, expiresAt: try row.date("expires_at"), createdAt: try row.date("created_at"))
    }
}
