import Hummingbird
import ReplywrightCore
import ReplywrightStore

/// Read access to leads, their conversations and jobs, scoped to the caller's workspace.
/// An id from another workspace answers 404, exactly like an id that does not exist.
struct LeadRoutes {
    let store: any DataStore

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("/leads", use: list)
        group.get("/leads/:id", use: show)
        group.get("/messages/:id", use: message)
        group.get("/jobs/:id", use: job)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<LeadListDTO> {
        let limit = try request.uri.queryParameters.integer("limit", default: 50, range: 1...500)
        let offset = try request.uri.queryParameters.integer("offset", default: 0, range: 0...Int(Int32.max))
        let leads = try await store.leads(in: try context.workspaceID(), limit: limit, offset: offset)
        return JSONResponse(value: LeadListDTO(leads: leads.map(LeadDTO.init), limit: limit, offset: offset))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<LeadDetailDTO> {
        let workspaceID = try context.workspaceID()
        let id = Identifier<Lead>(try context.parameters.require("id"))
        let lead = try await store.lead(id, in: workspaceID)
        let messages = try await store.messages(leadID: id, in: workspaceID)
        return JSONResponse(value: LeadDetailDTO(lead: LeadDTO(lead), messages: messages.map(MessageDTO.init)))
    }

    @Sendable func message(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<MessageDTO> {
        let id = Identifier<Message>(try context.parameters.require("id"))
        return JSONResponse(value: MessageDTO(try await store.message(id, in: try context.workspaceID())))
    }

    @Sendable func job(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<JobDTO> {
        let id = Identifier<JobRecord>(try context.parameters.require("id"))
        return JSONResponse(value: JobDTO(try await store.job(id, in: try context.workspaceID())))
    }
}

extension Parameters {
    /// An integer query parameter within `range`; a clear 400 otherwise.
    func integer(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let raw = self[name[...]] else { return value }
        guard let parsed = Int(raw), range.contains(parsed) else {
            throw AppError.invalid("query parameter '\(name)' must be an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return parsed
    }
}
