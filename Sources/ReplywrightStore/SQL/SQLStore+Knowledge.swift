import Foundation
import ReplywrightCore
import SQLKit

extension SQLStore: KnowledgeStore {
    static let assetColumns = "id, workspace_id, kind, title, content, priority, created_at, updated_at, url"

    public func createKnowledgeAsset(_ input: KnowledgeAssetInput, in workspaceID: Identifier<Workspace>) async throws -> KnowledgeAsset {
        let input = try input.validated()
        let now = clock()
        let asset = KnowledgeAsset(
            id: Identifier(Self.newID()), workspaceID: workspaceID, kind: input.kind, title: input.title, content: input.content,
            priority: input.priority, url: input.url, createdAt: now, updatedAt: now)
        _ = try await workspace(workspaceID)
        try await read { db in
            try await db.raw(
                """
                INSERT INTO knowledge_assets (\(unsafeRaw: Self.assetColumns))
                VALUES (\(bind: asset.id.rawValue), \(bind: workspaceID.rawValue), \(bind: asset.kind.rawValue), \(bind: asset.title),
                        \(bind: asset.content), \(bind: asset.priority), \(bind: now), \(bind: now), \(bind: asset.url))
                """
            ).run()
        }
        return asset
    }

    public func knowledgeAssets(in workspaceID: Identifier<Workspace>) async throws -> [KnowledgeAsset] {
        try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.assetColumns) FROM knowledge_assets WHERE workspace_id = \(bind: workspaceID.rawValue)
                ORDER BY priority, created_at, id
                """
            ).all()
        }.map(Self.asset(from:))
    }

    public func knowledgeAsset(_ id: Identifier<KnowledgeAsset>, in workspaceID: Identifier<Workspace>) async throws -> KnowledgeAsset {
        let row = try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.assetColumns) FROM knowledge_assets
                WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspaceID.rawValue)
                """
            ).first()
        }
        guard let row else { throw AppError.notFound("knowledge asset") }
        return try Self.asset(from: row)
    }

    public func updateKnowledgeAsset(
        _ id: Identifier<KnowledgeAsset>, with input: KnowledgeAssetInput, in workspaceID: Identifier<Workspace>
    ) async throws -> KnowledgeAsset {
        let input = try input.validated()
        let now = clock()
        let row = try await read { db in
            try await db.raw(
                """
                UPDATE knowledge_assets SET kind = \(bind: input.kind.rawValue), title = \(bind: input.title),
                    content = \(bind: input.content), priority = \(bind: input.priority), url = \(bind: input.url), updated_at = \(bind: now)
                WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspaceID.rawValue)
                RETURNING \(unsafeRaw: Self.assetColumns)
                """
            ).first()
        }
        guard let row else { throw AppError.notFound("knowledge asset") }
        return try Self.asset(from: row)
    }

    public func deleteKnowledgeAsset(_ id: Identifier<KnowledgeAsset>, in workspaceID: Identifier<Workspace>) async throws {
        let row = try await read { db in
            try await db.raw(
                """
                DELETE FROM knowledge_assets WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspaceID.rawValue)
                RETURNING id
                """
            ).first()
        }
        guard row != nil else { throw AppError.notFound("knowledge asset") }
    }

    static func asset(from row: any SQLRow) throws -> KnowledgeAsset {
        KnowledgeAsset(
            id: Identifier(try row.string("id")), workspaceID: Identifier(try row.string("workspace_id")),
            kind: KnowledgeAsset.Kind(rawValue: try row.string("kind")) ?? .document, title: try row.string("title"),
            content: try row.string("content"), priority: try row.int("priority"), url: try row.optionalString("url"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}
