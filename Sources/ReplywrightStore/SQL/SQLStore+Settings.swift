import Foundation
import ReplywrightCore
import SQLKit

extension SQLStore: SettingsStore {
    public func draftingSettings(in workspaceID: Identifier<Workspace>) async throws -> DraftingSettings? {
        _ = try await workspace(workspaceID)
        let row = try await read { db in
            try await db.raw("SELECT drafting FROM workspace_settings WHERE workspace_id = \(bind: workspaceID.rawValue)").first()
        }
        guard let row else { return nil }
        return try JSONDecoder().decode(DraftingSettings.self, from: Data(try row.string("drafting").utf8))
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
