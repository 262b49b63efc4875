import Foundation
import Hummingbird
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

/// `/v1/prompts`: the templates the workspace's model calls render (revision 0 = built-in),
/// each key's revisions, a new override (admin) and a rollback to any earlier revision or the
/// built-in (admin; it adds a revision, history never changes).
struct PromptRoutes {
    let registry: PromptRegistry

    init(store: any PromptStore) {
        registry = PromptRegistry(store: store)
    }

    func register(on group: RouterGroup<APIRequestContext>) {
        group.get("/prompts", use: list)
        group.get("/prompts/:key/revisions", use: revisions)
        group.put("/prompts/:key", use: save)
        group.post("/prompts/:key/rollback", use: rollback)
    }

    @Sendable func list(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<PromptListDTO> {
        let workspaceID = context.workspaceID
        let active = try await registry.resolveAll(for: workspaceID)
        let prompts = try registry.keys.map { key in
            let builtin = try registry.builtin(key)
            return PromptDTO(active(builtin), placeholders: builtin.placeholders)
        }
        return JSONResponse(value: PromptListDTO(prompts: prompts))
    }

    @Sendable func revisions(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<PromptRevisionListDTO> {
        let key = try context.parameters.require("key")
        let history = try await registry.history(key, for: context.workspaceID)
        return JSONResponse(value: PromptRevisionListDTO(key: key, revisions: history.map(PromptRevisionDTO.init)))
    }

    struct SaveBody: Decodable {
        var system: String
        var user: String
        var note: String?
    }

    @Sendable func save(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<PromptRevisionDTO> {
        let workspaceID = try context.adminWorkspaceID()
        let body = try await request.decodeJSON(SaveBody.self, context: context)
        let saved = try await registry.saveOverride(
            key: try context.parameters.require("key"), system: body.system, user: body.user, in: workspaceID,
            note: body.note.map { String($0.prefix(500)) }, by: Self.author(context))
        return JSONResponse(status: .created, value: PromptRevisionDTO(saved))
    }

    struct RollbackBody: Decodable {
        var revision: Int
    }

    @Sendable func rollback(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<PromptRevisionDTO> {
        let workspaceID = try context.adminWorkspaceID()
        let body = try await request.decodeJSON(RollbackBody.self, context: context)
        guard body.revision >= 0 else { throw AppError.invalid("revision: 0 (the built-in template) or an earlier revision number") }
        let restored = try await registry.rollback(
            key: try context.parameters.require("key"), to: body.revision, in: workspaceID, by: Self.author(context))
        return JSONResponse(status: .created, value: PromptRevisionDTO(restored))
    }

    static func author(_ context: APIRequestContext) -> String {
        "API key \(context.apiKey.name) (\(context.apiKey.prefix)…)"
    }
}

struct PromptDTO: Encodable, Sendable {
    var key: String
    var version: Int
    /// 0: the built-in template is active.
    var revision: Int
    var system: String
    var user: String
    /// What an override may use, with what each holds.
    var placeholders: [String]
    var placeholderMeanings: [String: String]

    init(_ resolved: PromptRegistry.Resolved, placeholders: [String]) {
        key = resolved.template.key
        version = resolved.template.version
        revision = resolved.revision
        system = resolved.template.system
        user = resolved.template.user
        self.placeholders = placeholders
        placeholderMeanings = BuiltinPrompts.placeholderMeanings.filter { placeholders.contains($0.key) }
    }
}

struct PromptListDTO: Encodable, Sendable {
    var prompts: [PromptDTO]
}

struct PromptRevisionDTO: Encodable, Sendable {
    var key: String
    var revision: Int
    var version: Int
    var system: String
    var user: String
    var note: String?
    var createdBy: String?
    /// Set on a rollback: the revision it restored (0 = the built-in template).
    var restoredFrom: Int?
    var createdAt: Date

    init(_ revision: PromptRevision) {
        key = revision.key
        self.revision = revision.revision
        version = revision.template.version
        system = revision.template.system
        user = revision.template.user
        note = revision.note
        createdBy = revision.createdBy
        restoredFrom = revision.restoredFrom
        createdAt = revision.createdAt
    }
}

struct PromptRevisionListDTO: Encodable, Sendable {
    var key: String
    /// Newest first; the first is active.
    var revisions: [PromptRevisionDTO]
}
