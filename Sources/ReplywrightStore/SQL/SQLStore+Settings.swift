import Foundation
import ReplywrightCore
import SQLKit

extension SQLStore: SettingsStore {
    public func draftingSettings(in workspaceID: Identifier<Workspace>) async throws -> DraftingSettings? {
        // One read: the workspace's existence (404 otherwise) and its settings, if saved.
        let row = try await read { db in
            try await db.raw("""
                SELECT s.drafting FROM workspaces w LEFT JOIN workspace_settings s ON s.workspace_id = w.id
                WHERE w.id = \(bind: workspaceID.rawValue)
                """).first()
        }
        guard let row else { throw AppError.notFound("workspace") }
        return try row.optionalString("drafting").map { try JSONDecoder().decode(DraftingSettings.self, from: Data($0.utf8)) }
    }

    public func saveDraftingSettings(_ settings: DraftingSettings, in workspaceID: Identifier<Workspace>) async throws -> DraftingSettings {
        let settings = try settings.validated()
        _ = try await workspace(workspaceID)
        let json = String(decoding: try JSONEncoder.sorted.encode(settings), as: UTF8.self)
        let now = clock()
        try await read { db in
            try await db.raw("""
                INSERT INTO workspace_settings (workspace_id, drafting, updated_at)
                VALUES (\(bind: workspaceID.rawValue), \(bind: json), \(bind: now))
                ON CONFLICT (workspace_id) DO UPDATE SET drafting = \(bind: json), updated_at = \(bind: now)
                """).run()
        }
        return settings
    }
}
