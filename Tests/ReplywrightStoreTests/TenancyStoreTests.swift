import Foundation
import ReplywrightCore
import ReplywrightStore
import ReplywrightTesting
import Testing

@Suite("Tenancy storage")
struct TenancyStoreTests {
    /// The last-admin rule reads every admin, also past the 500 members a page of `members` holds.
    @Test(arguments: TestDatabases.engines)
    func adminsAndOneMemberAreReadWithoutPaging(engine: DatabaseEngine) async throws {
        try await TestDatabases.withStore(engine) { store in
            let workspace = try await store.createWorkspace(name: "Big team")
            let (other, _) = try await Fixtures.workspace(store, name: "Other")
            let first = try await store.createUser(email: "aaa-admin@big.example", passwordHash: "x")
            try await store.setMembership(Membership(workspaceID: workspace.id, userID: first.id, role: .admin))
            for index in 0..<600 {
                let user = try await store.createUser(email: String(format: "m%03d@big.example", index), passwordHash: "x")
                try await store.setMembership(Membership(workspaceID: workspace.id, userID: user.id, role: .setter))
            }
            let last = try await store.createUser(email: "zzz-admin@big.example", passwordHash: "x")
            try await store.setMembership(Membership(workspaceID: workspace.id, userID: last.id, role: .admin))
            try await store.setMembership(Membership(workspaceID: other.id, userID: last.id, role: .setter))
            #expect(try await store.members(of: workspace.id, limit: 10_000, offset: 0).count == 500, "a page holds 500")
            #expect(try await store.adminIDs(of: workspace.id) == [first.id, last.id])
            #expect(try await store.member(last.id, of: workspace.id)?.role == .admin)
            #expect(try await store.member(last.id, of: other.id)?.role == .setter)
            #expect(try await store.member(first.id, of: other.id) == nil, "not a member there")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func workspacesUsersMembershipsAndKeys(engine: DatabaseEngine) async throws {
        try await TestDatabases.withStore(engine) { store in
            let workspace = try await store.createWorkspace(name: "  Acme Outbound ")
            #expect(workspace.name == "Acme Outbound")
            let readBack = try await store.workspace(workspace.id)
            #expect(readBack.id == workspace.id && readBack.name == workspace.name)
            #expect(abs(readBack.createdAt.timeIntervalSince(workspace.createdAt)) < 0.001)

            let user = try await store.createUser(email: "Setter@Acme.io", passwordHash: "$2b$hash")
            #expect(user.email == "setter@acme.io")
            await #expect(throws: AppError(.conflict, "a user with email setter@acme.io already exists")) {
                _ = try await store.createUser(email: "SETTER@acme.io", passwordHash: "x")
            }
            #expect(try await store.user(email: "SETTER@ACME.IO")?.passwordHash == "$2b$hash")
            try await store.updatePasswordHash(userID: user.id, passwordHash: "$2b$new")
            #expect(try await store.user(email: "setter@acme.io")?.passwordHash == "$2b$new")

            try await store.setMembership(Membership(workspaceID: workspace.id, userID: user.id, role: .setter))
            try await store.setMembership(Membership(workspaceID: workspace.id, userID: user.id, role: .admin))
            let roles = try await store.workspaceRoles(of: user.id)
            #expect(roles.map(\.workspace.id) == [workspace.id] && roles.map(\.role) == [.admin])
            #expect(roles.first?.workspace.name == workspace.name)

            // Members by email; removing one ends their sessions in that workspace only.
            let other = try await store.createWorkspace(name: "Other")
            let admin = try await store.createUser(email: "admin@acme.io", passwordHash: "x")
            try await store.setMembership(Membership(workspaceID: workspace.id, userID: admin.id, role: .admin))
            try await store.setMembership(Membership(workspaceID: other.id, userID: user.id, role: .setter))
            #expect(try await store.members(of: workspace.id, limit: 10, offset: 0).map(\.user.email) == ["admin@acme.io", "setter@acme.io"])
            #expect(try await store.members(of: workspace.id, limit: 1, offset: 1).map(\.user.email) == ["setter@acme.io"])
            let here = try await store.createSession(userID: user.id, workspaceID: workspace.id, ttl: .seconds(600))
            let there = try await store.createSession(userID: user.id, workspaceID: other.id, ttl: .seconds(600))
            try await store.removeMembership(userID: user.id, from: workspace.id)
            #expect(try await store.sessionWithWorkspaces(token: here.token, at: Date())?.session == nil)
            #expect(try await store.sessionWithWorkspaces(token: there.token, at: Date())?.session != nil)
            #expect(try await store.workspaceRoles(of: user.id).map(\.workspace.id) == [other.id])
            await #expect(throws: AppError.notFound("member")) { try await store.removeMembership(userID: user.id, from: workspace.id) }
            try await store.setMembership(Membership(workspaceID: workspace.id, userID: user.id, role: .admin))

            let issued = try await store.issueAPIKey(for: workspace.id, name: "zapier")
            #expect(issued.secret.hasPrefix("rw_") && issued.secret.count == 43)
            #expect(issued.secret.hasPrefix(issued.key.prefix))
            #expect(try await store.authenticateAPIKey(secret: issued.secret)?.workspaceID == workspace.id)
            #expect(try await store.authenticateAPIKey(secret: issued.secret + "x") == nil)
            #expect(try await store.authenticateAPIKey(secret: "rw_" + String(repeating: "A", count: 40)) == nil)
            #expect(try await store.authenticateAPIKey(secret: "") == nil)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func keysRememberWhenTheyWereLastUsed(engine: DatabaseEngine) async throws {
        try await TestDatabases.withStore(engine) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let used = try await store.issueAPIKey(for: workspace.id, name: "zapier")
            let spare = try await store.issueAPIKey(for: workspace.id, name: "spare")
            #expect(try await store.apiKeys(in: workspace.id).allSatisfy { $0.lastUsedAt == nil }, "a new key was never used")

            let earlier = Date(timeIntervalSince1970: 1_800_000_000), later = earlier.addingTimeInterval(90)
            try await store.recordAPIKeyUse(used.key.id, at: later)
            try await store.recordAPIKeyUse(used.key.id, at: earlier)
            let keys = try await store.apiKeys(in: workspace.id)
            #expect(keys.first { $0.id == used.key.id }?.lastUsedAt == later, "a late write of an older use does not move it back")
            #expect(keys.first { $0.id == spare.key.id }?.lastUsedAt == nil, "only that key")
            #expect(try await store.authenticateAPIKey(secret: used.secret)?.lastUsedAt == later)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func unknownWorkspaceOrUserIsNotFound(engine: DatabaseEngine) async throws {
        try await TestDatabases.withStore(engine) { store in
            let ghost = Identifier<Workspace>("00000000-0000-0000-0000-000000000000")
            await #expect(throws: AppError.notFound("workspace")) { _ = try await store.workspace(ghost) }
            await #expect(throws: AppError.notFound("workspace")) { _ = try await store.issueAPIKey(for: ghost, name: "x") }
            let (workspace, _) = try await Fixtures.workspace(store)
            await #expect(throws: AppError.notFound("user")) {
                try await store.setMembership(Membership(workspaceID: workspace.id, userID: "nobody", role: .admin))
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func sessionsEndAndArePurged(engine: DatabaseEngine) async throws {
        let clock = TestClock()
        try await TestDatabases.withStore(engine, clock: clock) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let (other, _) = try await Fixtures.workspace(store, name: "Other")
            let user = try await store.createUser(email: "ada@acme.example", passwordHash: "x")
            let issued = try await store.createSession(userID: user.id, workspaceID: workspace.id, ttl: .seconds(3600))
            #expect(issued.token.count >= 40 && issued.session.csrfToken.count >= 40 && issued.session.email == "ada@acme.example")
            let read = try #require(try await store.sessionWithWorkspaces(token: issued.token, at: clock.now))
            #expect(read.session == issued.session && read.workspaces.isEmpty, "no membership yet")
            try await store.setMembership(Membership(workspaceID: workspace.id, userID: user.id, role: .setter))
            try await store.setMembership(Membership(workspaceID: other.id, userID: user.id, role: .admin))
            let roles = try #require(try await store.sessionWithWorkspaces(token: issued.token, at: clock.now)).workspaces
            let expected = try await store.workspaceRoles(of: user.id)
            #expect(roles.map(\.workspace) == expected.map(\.workspace) && roles.map(\.role) == expected.map(\.role) && roles.count == 2)
            try await store.setSessionWorkspace(token: issued.token, workspaceID: other.id)
            #expect(try await store.sessionWithWorkspaces(token: issued.token, at: clock.now)?.session.workspaceID == other.id)

            let later = clock.now.addingTimeInterval(3601)
            #expect(try await store.sessionWithWorkspaces(token: issued.token, at: later)?.session == nil, "an ended session is not accepted")
            #expect(try await store.purgeExpiredSessions(before: later) == 1)
            #expect(try await store.purgeExpiredSessions(before: later) == 0)

            let again = try await store.createSession(userID: user.id, workspaceID: workspace.id, ttl: .seconds(60))
            try await store.deleteSession(token: again.token)
            #expect(try await store.sessionWithWorkspaces(token: again.token, at: clock.now)?.session == nil, "logged out")
            let kept = try await store.createSession(userID: user.id, workspaceID: workspace.id, ttl: .seconds(60))
            let second = try await store.createSession(userID: user.id, workspaceID: workspace.id, ttl: .seconds(60))
            #expect(try await store.deleteOtherSessions(of: user.id, keeping: kept.token) == 1)
            #expect(try await store.sessionWithWorkspaces(token: kept.token, at: clock.now) != nil)
            #expect(try await store.sessionWithWorkspaces(token: second.token, at: clock.now) == nil)
            await #expect(throws: AppError.self) { _ = try await store.createSession(userID: "nobody", workspaceID: workspace.id, ttl: .seconds(60)) }
        }
    }

    /// A user's own time zone rides on every session read; only IANA names are kept, and an
    /// empty one goes back to the workspace's.
    @Test(arguments: TestDatabases.engines)
    func aUsersOwnTimeZoneIsReadWithTheirSession(engine: DatabaseEngine) async throws {
        try await TestDatabases.withStore(engine) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let user = try await store.createUser(email: "ada@acme.example", passwordHash: "x")
            let issued = try await store.createSession(userID: user.id, workspaceID: workspace.id, ttl: .seconds(600))
            func zone() async throws -> String? {
                try #require(try await store.sessionWithWorkspaces(token: issued.token, at: Date())).session.userTimeZone
            }
            #expect(try await zone() == nil, "the workspace's until chosen")
            try await store.setUserTimeZone(" America/New_York ", of: user.id)
            #expect(try await zone() == "America/New_York")
            let refused = await #expect(throws: AppError.self) { try await store.setUserTimeZone("Mars/Base", of: user.id) }
            #expect(refused?.code == .invalidRequest && refused?.message.contains("\"Mars/Base\" is not a known time zone") == true)
            #expect(try await zone() == "America/New_York", "a refused zone changes nothing")
            try await store.setUserTimeZone("", of: user.id)
            #expect(try await zone() == nil)
            let missing = await #expect(throws: AppError.self) { try await store.setUserTimeZone("UTC", of: "nobody") }
            #expect(missing?.code == .notFound)
        }
    }
}
