import Foundation
import Hummingbird
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

/// `/v1/experiments`: A/B tests on forms (C5), bucketed as GrowthBook does.
struct ExperimentRoutes {
    let store: any ExperimentStore & FormStore & FormSessionStore
    let catalog: FormCatalog

    init(store: any ExperimentStore & FormStore & FormSessionStore, clock: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        catalog = FormCatalog(store: store, now: clock)
    }

    func register(on group: RouterGroup<APIRequestContext>) {
        group.post("/experiments", use: create)
        group.get("/experiments", use: list)
        group.get("/experiments/:id", use: show)
        group.post("/experiments/:id/stop", use: stop)
        group.get("/experiments/:id/results", use: results)
        group.get("/experiments/:id/assignment", use: assignment)
    }

    @Sendable func create(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<Experiment> {
        let workspaceID = try context.adminWorkspaceID()
        let body = try await request.decodeJSON(FormCatalog.NewExperiment.self, context: context)
        return JSONResponse(status: .created, value: try await catalog.createExperiment(body, in: workspaceID))
    }

    struct ListDTO: Encodable, Sendable { var experiments: [Experiment] }

    @Sendable func list(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<ListDTO> {
        JSONResponse(value: ListDTO(experiments: try await store.experiments(in: context.workspaceID)))
    }

    @Sendable func show(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<Experiment> {
        JSONResponse(value: try await store.experiment(Identifier(try context.parameters.require("id")), in: context.workspaceID))
    }

    @Sendable func stop(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<Experiment> {
        let workspaceID = try context.adminWorkspaceID()
        let id = Identifier<Experiment>(try context.parameters.require("id"))
        return JSONResponse(value: try await store.setExperimentStatus(id, status: .stopped, in: workspaceID))
    }

    @Sendable func results(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<ExperimentResults> {
        let id = Identifier<Experiment>(try context.parameters.require("id"))
        return JSONResponse(value: try await catalog.results(id, in: context.workspaceID))
    }

    @Sendable func assignment(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<ExperimentAssignment> {
        let experiment = try await store.experiment(Identifier(try context.parameters.require("id")), in: context.workspaceID)
        guard let unit = request.uri.queryParameters.get("unit"), !unit.isEmpty, unit.count <= 200 else {
            throw AppError.invalid("unit: the id to bucket, 1 to 200 characters (?unit=…)")
        }
        return JSONResponse(value: experiment.assignment(unit: unit))
    }
}
