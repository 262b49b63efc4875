import Foundation
import ReplywrightCore
import ReplywrightTesting
import SQLKit
import Testing

@testable import ReplywrightStore

@Suite("Leads and messages")
struct LeadAndMessageStoreTests {
    @Test(arguments: TestDatabases.engines)
    func upsertUpdatesKnownFieldsAndKeepsTheRest(engine: DatabaseEngine) async throws {
        let clock = TestClock()
        try await TestDatabases.withStore(engine, clock: clock) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let first = try await store.upsertLead(
                LeadProfile(
                    email: "Maya@Brightline.example", firstName: "Maya", company: "Brightline",
                    customVariables: ["city": .string("Austin"), "seats": .number(6)]), in: workspace.id)
            #expect(first.email == "maya@brightline.example")
            #expect(first.status == .new && !first.optedOut && first.appointmentStatus == .none && first.bookedAt == nil)
            #expect(first.createdAt == clock.now)

            clock.advance(by: .seconds(60))
            let second = try await store.upsertLead(LeadProfile(email: "maya@brightline.example", lastName: "Okafor"), in: workspace.id)
            #expect(second.id == first.id)
            #expect(second.firstName == "Maya" && second.lastName == "Okafor" && second.company == "Brightline")
            #expect(second.customVariables == ["city": .string("Austin"), "seats": .number(6)], "absent variables keep the stored ones")
            #expect(second.updatedAt == clock.now && second.createdAt == first.createdAt)

            let third = try await store.upsertLead(LeadProfile(email: "maya@brightline.example", customVariables: [:]), in: workspace.id)
            #expect(third.customVariables.isEmpty, "given variables replace the stored ones")
            #expect(try await store.leads(in: workspace.id, limit: 10, offset: 0).map(\.id) == [first.id])
        }
    }

    @Test(arguments: TestDatabases.engines)
    func messagesAreIdempotentOnExternalIdAndOrdered(engine: DatabaseEngine) async throws {
        try await TestDatabases.withStore(engine) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let lead = try await store.upsertLead(LeadProfile(email: "lead@x.example"), in: workspace.id)
            let later = NewMessage(
                channel: .email, direction: .inbound, sender: .lead, subject: "Re: hi", body: "Later",
                externalID: "e-2", occurredAt: Date(timeIntervalSince1970: 2_000))
            let earlier = NewMessage(
                channel: .linkedin, direction: .outbound, sender: .setter, body: "Earlier",
                externalID: nil, occurredAt: Date(timeIntervalSince1970: 1_000))
            let (stored, inserted) = try await store.insertMessage(later, leadID: lead.id, in: workspace.id)
            #expect(inserted && stored.subject == "Re: hi" && stored.channel == .email)
            var duplicate = later
            duplicate.body = "A redelivery with different text"
            let (again, insertedAgain) = try await store.insertMessage(duplicate, leadID: lead.id, in: workspace.id)
            #expect(!insertedAgain && again == stored, "redelivery returns the first message unchanged")
            _ = try await store.insertMessage(earlier, leadID: lead.id, in: workspace.id)
            _ = try await store.insertMessage(earlier, leadID: lead.id, in: workspace.id)  // no external id: a new message
            let conversation = try await store.messages(leadID: lead.id, in: workspace.id)
            #expect(conversation.map(\.body) == ["Earlier", "Earlier", "Later"])
            #expect(try await store.message(stored.id, in: workspace.id) == stored)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func failedTransactionLeavesNothingBehind(engine: DatabaseEngine) async throws {
        try await TestDatabases.withStore(engine) { store in
            let (workspace, _) = try await Fixtures.workspace(store)

            await #expect(throws: Boom.self) {
                try await store.transaction { (tx: any DataStore) -> Void in
                    _ = try await tx.upsertLead(LeadProfile(email: "rolled@back.example"), in: workspace.id)
                    throw Boom()
                }
            }
            #expect(try await store.leads(in: workspace.id, limit: 10, offset: 0).isEmpty)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func migrationsAreRecordedAndIdempotent(engine: DatabaseEngine) async throws {
        try await TestDatabases.withStore(engine) { store in
            let migrator = Migrator(store: store)
            let applied = try await migrator.appliedVersions()
            let appliedAgain = try await migrator.migrate(logger: TestDatabases.logger)
            #expect(applied == Array(1...Migrator.latestVersion), "every version recorded, in order")
            #expect(appliedAgain.isEmpty)
        }
    }

    /// A binary started on a database a newer version migrated refuses in one line, and
    /// writes nothing: the newer schema's row is still the newest.
    @Test(arguments: TestDatabases.engines)
    func anOlderBuildRefusesANewerSchema(engine: DatabaseEngine) async throws {
        try await TestDatabases.withStore(engine) { store in
            let newer = Migrator.latestVersion + 1
            try await store.read { db in
                try await db.raw(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (\(bind: newer), 'from_the_future', \(bind: Date()))"
                ).run()
            }
            do {
                try await Migrator(store: store).migrate(logger: TestDatabases.logger)
                Issue.record("migrating a newer schema must fail")
            } catch let error as AppError {
                #expect(error.code == .unavailable)
                #expect(
                    error.message
                        == "the database is at schema version \(newer), newer than this build knows (\(Migrator.latestVersion)): "
                        + "run the Replywright version that migrated it, or restore a backup taken before that upgrade")
            }
            #expect(try await Migrator(store: store).appliedVersions().last == newer)
        }
    }
}
struct Boom: Error {}
