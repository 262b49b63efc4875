import Foundation
import Hummingbird
import ReplywrightCore
import ReplywrightStore

/// `/v1/knowledge-assets`: what drafts may state about the product (CRUD).
struct KnowledgeRoutes {
    let store: any KnowledgeStore

    func register(on group: RouterGroup<APIRequestContext>) {
        group.get("/knowledge-assets", use: list)
        group.post("/knowledge-assets", use: create)
        group.get("/knowledge-assets/:id", use: show)
        group.put("/knowledge-assets/:id", use: update)
        group.delete("/knowledge-assets/:id", use: delete)
    }

    @Sendable func list(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<KnowledgeAssetListDTO> {
        JSONResponse(value: KnowledgeAssetListDTO(assets: try await store.knowledgeAssets(in: context.workspaceID).map(KnowledgeAssetDTO.init)))
    }

    @Sendable func create(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<KnowledgeAssetDTO> {
        let input = try await request.decodeJSON(KnowledgeAssetInputDTO.self, context: context).input
        return JSONResponse(status: .created, value: KnowledgeAssetDTO(try await store.createKnowledgeAsset(input, in: context.workspaceID)))
    }

    @Sendable func show(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<KnowledgeAssetDTO> {
        JSONResponse(
            value: KnowledgeAssetDTO(try await store.knowledgeAsset(Identifier(try context.parameters.require("id")), in: context.workspaceID)))
    }

    @Sendable func update(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<KnowledgeAssetDTO> {
        let input = try await request.decodeJSON(KnowledgeAssetInputDTO.self, context: context).input
        let asset = try await store.updateKnowledgeAsset(Identifier(try context.parameters.require("id")), with: input, in: context.workspaceID)
        return JSONResponse(value: KnowledgeAssetDTO(asset))
    }

    @Sendable func delete(_ request: Request, context: APIRequestContext) async throws -> Response {
        try await store.deleteKnowledgeAsset(Identifier(try context.parameters.require("id")), in: context.workspaceID)
        return Response(status: .noContent)
    }
}

/// `{"kind", "title", "content", "priority"?, "url"?}`.
struct KnowledgeAssetInputDTO: Decodable {
    var kind: KnowledgeAsset.Kind
    var title: String
    var content: String
    var priority: Int?
    /// Where the material is online, sent to a lead who asks for it.
    var url: String?

    var input: KnowledgeAssetInput { KnowledgeAssetInput(kind: kind, title: title, content: content, priority: priority ?? 100, url: url) }
}

struct KnowledgeAssetDTO: Encodable, Sendable {
    var id: String
    var kind: String
    var title: String
    var content: String
    var priority: Int
    var url: String?
    var createdAt: Date
    var updatedAt: Date

    init(_ asset: KnowledgeAsset) {
        id = asset.id.rawValue
        kind = asset.kind.rawValue
        title = asset.title
        content = asset.content
        priority = asset.priority
        url = asset.url
        createdAt = asset.createdAt
        updatedAt = asset.updatedAt
    }
}

struct KnowledgeAssetListDTO: Encodable, Sendable {
    var assets: [KnowledgeAssetDTO]
}
