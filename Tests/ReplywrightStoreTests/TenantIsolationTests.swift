import Foundation
import ReplywrightCore
import ReplywrightStore
import ReplywrightTesting
import Testing

/// Every read and write path, given an id that belongs to another workspace, answers
/// `not_found`: exactly what it answers for an id that does not exist.
@Suite("Tenant isolation")
struct TenantIsolationTests {
    @Test(arguments: TestDatabases.engines)
    func foreignIdsAreNotFound(engine: DatabaseEngine) async throws {
        try await TestDatabases.withStore(engine) { store in
            let (mine, _) = try await Fixtures.workspace(store, name: "Mine")
            let (theirs, _) = try await Fixtures.workspace(store, name: "Theirs")
            let lead = try await store.upsertLead(LeadProfile(email: "lead@theirs.example"), in: theirs.id)
            let (message, _) = try await store.insertMessage(
                Fixtures.inbound().message, leadID: lead.id, in: theirs.id)
            let (job, _) = try await store.enqueue(NewJob(kind: .draftReply, workspaceID: theirs.id))

            await #expect(throws: AppError.notFound("lead")) { _ = try await store.lead(lead.id, in: mine.id) }
            await #expect(throws: AppError.notFound("lead")) { _ = try await store.messages(leadID: lead.id, in: mine.id) }
            await #expect(throws: AppError.notFound("message")) { _ = try await store.message(message.id, in: mine.id) }
            await #expect(throws: AppError.notFound("job")) { _ = try await store.job(job.id, in: mine.id) }
            await #expect(throws: AppError.notFound("lead")) {
                _ = try await store.insertMessage(Fixtures.inbound(externalID: "other").message, leadID: lead.id, in: mine.id)
            }
            #expect(try await store.leads(in: mine.id, limit: 50, offset: 0).isEmpty)
            #expect(try await store.leads([lead.id], in: mine.id).isEmpty, "looked up by id, still only this workspace's")
            #expect(try await store.leads([lead.id], in: theirs.id).map(\.id) == [lead.id])
            #expect(try await store.sessionWithWorkspaces(token: "not-a-session", at: Date())?.session == nil)

            // The owner still sees everything, and nothing was written by the foreign attempts.
            #expect(try await store.lead(lead.id, in: theirs.id).email == "lead@theirs.example")
            #expect(try await store.messages(leadID: lead.id, in: theirs.id).map(\.id) == [message.id])
            #expect(try await store.job(job.id, in: theirs.id).id == job.id)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func sameEmailAndExternalIdLiveSeparatelyPerWorkspace(engine: DatabaseEngine) async throws {
        try await TestDatabases.withStore(engine) { store in
            let (a, _) = try await Fixtures.workspace(store, name: "A")
            let (b, _) = try await Fixtures.workspace(store, name: "B")
            let leadA = try await store.upsertLead(LeadProfile(email: "same@lead.example", firstName: "Ann"), in: a.id)
            let leadB = try await store.upsertLead(LeadProfile(email: "same@lead.example", firstName: "Bob"), in: b.id)
            #expect(leadA.id != leadB.id)
            let (messageA, insertedA) = try await store.insertMessage(Fixtures.inbound(externalID: "x").message, leadID: leadA.id, in: a.id)
            let (messageB, insertedB) = try await store.insertMessage(Fixtures.inbound(externalID: "x").message, leadID: leadB.id, in: b.id)
            #expect(insertedA && insertedB && messageA.id != messageB.id)
            #expect(try await store.lead(leadA.id, in: a.id).firstName == "Ann")
        }
    }
}
