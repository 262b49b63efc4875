import Foundation
import Hummingbird
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

/// `/v1/import`: a workspace's history as NDJSON (admin), streamed into the store batch by
/// batch (the body is never held whole; at most 50 MB). The answer comes when the file is done;
/// meanwhile `GET /v1/import/{id}` (or the list) shows the counts so far.
struct ImportRoutes {
    let store: any DataStore
    let importer: HistoryImporter

    init(store: any DataStore) {
        self.store = store
        importer = HistoryImporter(store: store)
    }

    func register(on group: RouterGroup<APIRequestContext>) {
        group.post("/import", use: start)
        group.get("/import", use: list)
        group.get("/import/:id", use: show)
    }

    @Sendable func start(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<ImportRun> {
        let workspaceID = try context.adminWorkspaceID()
        let chunks = request.body.map { Array(buffer: $0) }
        let run = try await importer.run(chunks, in: workspaceID)
        return JSONResponse(status: .created, value: run)
    }

    struct ListDTO: Encodable, Sendable {
        var imports: [ImportRun]
    }

    @Sendable func list(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<ListDTO> {
        JSONResponse(value: ListDTO(imports: try await store.importRuns(in: context.workspaceID, limit: 50)))
    }

    @Sendable func show(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<ImportRun> {
        let id = try context.parameters.require("id")
        return JSONResponse(value: try await store.importRun(Identifier(id), in: context.workspaceID))
    }
}
