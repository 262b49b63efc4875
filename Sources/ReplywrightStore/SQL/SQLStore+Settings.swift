import Foundation
import ReplywrightCore
import SQLKit

extension SQLStore: SettingsStore {
    public func draftingSettings(in workspaceID: Identifier<Workspace>) async throws -> DraftingSettings? {
        try await workspaceDocument(DraftingSettings.self, table: "workspace_settings", column: "drafting", in: workspaceID)
    }

    public func saveDraftingSettings(_ settings: DraftingSettings, in workspaceID: Identifier<Workspace>) async throws -> DraftingSettings {
        let settings = try settings.validated()
        try await saveWorkspaceDocument(settings, table: "workspace_settings", column: "drafting", in: workspaceID)
        return settings
    }
}

extension SQLStore {
    /// A workspace's settings document: a JSON column of a table with one row per workspace
    /// (`table` and `column` are names written in this code, never input). One read answers both
    /// whether the workspace exists (`not_found` otherwise) and the document, `nil` until saved.
    func workspaceDocument<T: Decodable>(_ type: T.Type, table: String, column: String, in workspaceID: Identifier<Workspace>) async throws -> T? {
        // Through `rows`: read for every draft and review page, so prepared once per connection.
        let row = try await rows(
            """
            SELECT s.\(unsafeRaw: column) AS document FROM workspaces w LEFT JOIN \(unsafeRaw: table) s ON s.workspace_id = w.id
            WHERE w.id = \(bind: workspaceID.rawValue)
            """
        ).first
        guard let row else { throw AppError.notFound("workspace") }
        return try row.optionalString("document").map { try JSONCoding.decode(T.self, from: $0) }
    }

    /// Stores (replaces) a workspace's settings document, and `flag` beside it when the table
    /// keeps one for queries (the weekly insights opt-in); `not_found` for an unknown workspace.
    func saveWorkspaceDocument<T: Encodable>(
        _ value: T, table: String, column: String, flag: (column: String, value: Bool)? = nil, in workspaceID: Identifier<Workspace>
    ) async throws {
        _ = try await workspace(workspaceID)
        let json = try JSONCoding.encode(value)
        let now = clock()
        try await read { db in
            if let flag {
                try await db.raw(
                    """
                    INSERT INTO \(unsafeRaw: table) (workspace_id, \(unsafeRaw: column), \(unsafeRaw: flag.column), updated_at)
                    VALUES (\(bind: workspaceID.rawValue), \(bind: json), \(bind: flag.value), \(bind: now))
                    ON CONFLICT (workspace_id) DO UPDATE SET \(unsafeRaw: column) = \(bind: json), \(unsafeRaw: flag.column) = \(bind: flag.value),
                        updated_at = \(bind: now)
                    """
                ).run()
            } else {
                try await db.raw(
                    """
                    INSERT INTO \(unsafeRaw: table) (workspace_id, \(unsafeRaw: column), updated_at)
                    VALUES (\(bind: workspaceID.rawValue), \(bind: json), \(bind: now))
                    ON CONFLICT (workspace_id) DO UPDATE SET \(unsafeRaw: column) = \(bind: json), updated_at = \(bind: now)
                    """
                ).run()
            }
        }
    }
}
