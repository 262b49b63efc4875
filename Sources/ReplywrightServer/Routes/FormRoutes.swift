import Foundation
import Hummingbird
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

/// `/v1/forms`: a workspace's lead-capture forms (C5). Admin keys create, change and publish;
/// any key reads. A published version never changes: `PUT` edits the next one.
struct FormRoutes {
    let store: any FormStore & FormSessionStore & ExperimentStore
    let catalog: FormCatalog

    init(store: any FormStore & FormSessionStore & ExperimentStore, clock: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        catalog = FormCatalog(store: store, now: clock)
    }

    func register(on group: RouterGroup<APIRequestContext>) {
        group.post("/forms", use: create)
        group.get("/forms", use: list)
        group.get("/forms/:id", use: show)
        group.put("/forms/:id", use: update)
        group.post("/forms/:id/publish", use: publish)
        group.get("/forms/:id/versions", use: versions)
        group.get("/forms/:id/analytics", use: analytics)
    }

    struct FormDTO: Encodable, Sendable {
        var id: String
        var slug: String
        var name: String
        var publishedVersion: Int?
        var url: String
        var createdAt: Date
        var updatedAt: Date
        var definition: FormDefinition

        init(_ form: FormRecord) {
            id = form.id.rawValue
            slug = form.slug
            name = form.definition.name
            publishedVersion = form.publishedVersion
            url = "/f/\(form.slug)"
            createdAt = form.createdAt
            updatedAt = form.updatedAt
            definition = form.definition
        }
    }

    struct VersionDTO: Encodable, Sendable {
        var formId: String
        var version: Int
        var publishedAt: Date
        var definition: FormDefinition

        init(_ version: FormVersion) {
            formId = version.formID.rawValue
            self.version = version.version
            publishedAt = version.publishedAt
            definition = version.definition
        }
    }

    @Sendable func create(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<FormDTO> {
        let workspaceID = try context.adminWorkspaceID()
        let definition = try await request.decodeJSON(FormDefinition.self, context: context)
        return JSONResponse(status: .created, value: FormDTO(try await catalog.create(definition, in: workspaceID)))
    }

    struct ListDTO: Encodable, Sendable { var forms: [FormDTO] }

    @Sendable func list(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<ListDTO> {
        JSONResponse(value: ListDTO(forms: try await store.forms(in: context.workspaceID).map(FormDTO.init)))
    }

    @Sendable func show(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<FormDTO> {
        JSONResponse(value: FormDTO(try await store.form(Identifier(try context.parameters.require("id")), in: context.workspaceID)))
    }

    @Sendable func update(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<FormDTO> {
        let workspaceID = try context.adminWorkspaceID()
        let definition = try await request.decodeJSON(FormDefinition.self, context: context)
        let id = Identifier<FormRecord>(try context.parameters.require("id"))
        return JSONResponse(value: FormDTO(try await catalog.update(id, definition: definition, in: workspaceID)))
    }

    @Sendable func publish(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<VersionDTO> {
        let workspaceID = try context.adminWorkspaceID()
        let id = Identifier<FormRecord>(try context.parameters.require("id"))
        return JSONResponse(status: .created, value: VersionDTO(try await catalog.publish(id, in: workspaceID)))
    }

    struct VersionsDTO: Encodable, Sendable { var versions: [VersionDTO] }

    @Sendable func versions(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<VersionsDTO> {
        let id = Identifier<FormRecord>(try context.parameters.require("id"))
        return JSONResponse(value: VersionsDTO(versions: try await store.formVersions(id, in: context.workspaceID).map(VersionDTO.init)))
    }

    /// JSON, or CSV with `?format=csv`.
    @Sendable func analytics(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id = Identifier<FormRecord>(try context.parameters.require("id"))
        let analytics = try await catalog.analytics(id, in: context.workspaceID)
        switch request.uri.queryParameters.get("format") {
        case "csv"?:
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"form-\(id.rawValue)-analytics.csv\"",
                ],
                body: .init(byteBuffer: ByteBuffer(string: analytics.csv())))
        case nil, "json"?:
            return try JSONResponse(value: analytics).response(from: request, context: context)
        case let other?:
            throw AppError.invalid("format: json or csv, not \(other.prefix(20))")
        }
    }
}
