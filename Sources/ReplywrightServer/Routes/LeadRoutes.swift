import Foundation
import Hummingbird
import ReplywrightCore
import ReplywrightStore

/// Read access to leads, their conversations and jobs, scoped to the caller's workspace.
/// An id from another workspace answers 404, exactly like an id that does not exist.
struct LeadRoutes {
    let store: any LeadStore & MessageStore & DraftStore & MemoryStore & DecisionStore & FollowUpStore & JobQueue

    func register(on group: RouterGroup<APIRequestContext>) {
        group.get("/leads", use: list)
        group.get("/leads/:id", use: show)
        group.patch("/leads/:id/memory/:entry", use: editMemory)
        group.delete("/leads/:id/memory/:entry", use: deleteMemory)
        group.get("/messages/:id", use: message)
        group.get("/jobs/:id", use: job)
    }

    @Sendable func list(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<LeadListDTO> {
        let limit = try request.uri.queryParameters.integer("limit", default: 50, range: 1...500)
        let offset = try request.uri.queryParameters.integer("offset", default: 0, range: 0...Int(Int32.max))
        let leads = try await store.leads(in: context.workspaceID, limit: limit, offset: offset)
        return JSONResponse(value: LeadListDTO(leads: leads.map(LeadDTO.init), limit: limit, offset: offset))
    }

    @Sendable func show(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<LeadDetailDTO> {
        let workspaceID = context.workspaceID
        let id = Identifier<Lead>(try context.parameters.require("id"))
        let lead = try await store.lead(id, in: workspaceID)
        let messages = try await store.messages(leadID: id, in: workspaceID)
        let memory = try await store.memory(leadID: id, in: workspaceID, at: Date())
        let redactor = context.apiKey.role == .admin ? nil : Redactor(lead: lead)
        return JSONResponse(
            value: LeadDetailDTO(
                lead: LeadDTO(lead), messages: messages.map(MessageDTO.init), memory: memory.map { MemoryEntryDTO($0, redactor: redactor) },
                memoryRedacted: redactor != nil, decisions: try await store.decisions(leadID: id, in: workspaceID, limit: 100).map(DecisionDTO.init),
                lastBundleStats: try await store.drafts(leadID: id, in: workspaceID).first?.bundleStats,
                followUps: try await store.followUps(leadID: id, in: workspaceID).map(FollowUpDTO.init)))
    }

    struct MemoryEdit: Decodable { var text: String }

    /// Admins correct what memory holds (setters see it redacted and cannot change it).
    @Sendable func editMemory(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<MemoryEntryDTO> {
        let workspaceID = try context.adminWorkspaceID()
        let leadID = Identifier<Lead>(try context.parameters.require("id"))
        let entryID = Identifier<LeadMemoryEntry>(try context.parameters.require("entry"))
        try await requireEntry(entryID, of: leadID, in: workspaceID)
        let edit = try await request.decodeJSON(MemoryEdit.self, context: context)
        return JSONResponse(value: MemoryEntryDTO(try await store.updateMemory(entryID, text: edit.text, in: workspaceID), redactor: nil))
    }

    @Sendable func deleteMemory(_ request: Request, context: APIRequestContext) async throws -> Response {
        let workspaceID = try context.adminWorkspaceID()
        let leadID = Identifier<Lead>(try context.parameters.require("id"))
        let entryID = Identifier<LeadMemoryEntry>(try context.parameters.require("entry"))
        try await requireEntry(entryID, of: leadID, in: workspaceID)
        try await store.deleteMemory(entryID, in: workspaceID)
        return Response(status: .noContent)
    }

    /// 404 unless the entry belongs to that lead of this workspace.
    private func requireEntry(_ entryID: Identifier<LeadMemoryEntry>, of leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>) async throws
    {
        guard try await store.memory(leadID: leadID, in: workspaceID, at: Date()).contains(where: { $0.id == entryID }) else {
            throw AppError.notFound("memory entry")
        }
    }

    @Sendable func message(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<MessageDTO> {
        let id = Identifier<Message>(try context.parameters.require("id"))
        return JSONResponse(value: MessageDTO(try await store.message(id, in: context.workspaceID)))
    }

    @Sendable func job(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<JobDTO> {
        let id = Identifier<JobRecord>(try context.parameters.require("id"))
        return JSONResponse(value: JobDTO(try await store.job(id, in: context.workspaceID)))
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
