import Foundation
import ReplywrightCore
import SQLKit

extension SQLStore: SlotHoldStore {
    public func heldSlots(at now: Date, except leadID: Identifier<Lead>?, in workspaceID: Identifier<Workspace>) async throws -> [Date: Int] {
        let rows = try await read { db in
            try await db.raw(
                """
                SELECT starts_at, COUNT(DISTINCT lead_id) AS leads FROM slot_holds
                WHERE workspace_id = \(bind: workspaceID.rawValue) AND held_until > \(bind: now)
                    AND lead_id <> \(bind: leadID?.rawValue ?? "")
                GROUP BY starts_at
                """
            ).all()
        }
        var held: [Date: Int] = [:]
        for row in rows { held[try row.date("starts_at")] = try row.decode(column: "leads", as: Int.self) }
        return held
    }

    public func holdSlots(
        _ starts: [Date], leadID: Identifier<Lead>, draftID: Identifier<Draft>?, until: Date, in workspaceID: Identifier<Workspace>
    ) async throws {
        let now = clock()
        try await transaction { (tx: SQLStore) in
            _ = try await tx.lead(leadID, in: workspaceID)
            let db = tx.requireConnection
            try await db.raw(
                "DELETE FROM slot_holds WHERE workspace_id = \(bind: workspaceID.rawValue) AND lead_id = \(bind: leadID.rawValue)"
            ).run()
            for start in Set(starts) {
                try await db.raw(
                    """
                    INSERT INTO slot_holds (id, workspace_id, lead_id, draft_id, starts_at, held_until, created_at)
                    VALUES (\(bind: Self.newID()), \(bind: workspaceID.rawValue), \(bind: leadID.rawValue), \(bind: draftID?.rawValue),
                            \(bind: start), \(bind: until), \(bind: now))
                    """
                ).run()
            }
        }
    }

    @discardableResult
    public func releaseSlotHolds(leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>) async throws -> Int {
        let rows = try await read { db in
            try await db.raw(
                """
                DELETE FROM slot_holds WHERE workspace_id = \(bind: workspaceID.rawValue) AND lead_id = \(bind: leadID.rawValue)
                RETURNING id
                """
            ).all()
        }
        return rows.count
    }
}
