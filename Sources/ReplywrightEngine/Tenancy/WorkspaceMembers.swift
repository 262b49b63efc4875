import Foundation
import ReplywrightCore
import ReplywrightStore

/// Adding people to a workspace, the same way from the command line and the dashboard: an
/// existing account (by email) just gains the membership; a new one is created with the
/// given password or a generated one, returned once for the admin to pass on.
public struct WorkspaceMembers: Sendable {
    public struct Added: Sendable {
        public var user: User
        /// `false` when the email already had an account (its password is unchanged).
        public var created: Bool
        /// Set when a new account got a generated password: the only copy.
        public var generatedPassword: String?
    }

    let store: any TenancyStore & SessionStore
    let passwordHasher: any PasswordHasher

    public init(store: any TenancyStore & SessionStore, passwordHasher: any PasswordHasher) {
        self.store = store
        self.passwordHasher = passwordHasher
    }

    /// Adds `email` with `role` (creating the account when there is none). `by`: the person doing
    /// it, when it is a person (the dashboard): they cannot change their own role this way, and
    /// no path demotes a workspace's last admin.
    public func add(
        email: String, role: WorkspaceRole, to workspaceID: Identifier<Workspace>, password: String? = nil, by actor: Identifier<User>? = nil
    ) async throws -> Added {
        guard EmailAddress.isValid(email) else { throw AppError.invalid("that is not an email address") }
        if let password { try PasswordRules.validate(password) }
        _ = try await store.workspace(workspaceID)
        var added: Added
        if let existing = try await store.user(email: email) {
            try await checkRoleChange(of: existing.user.id, to: role, in: workspaceID, by: actor)
            added = Added(user: existing.user, created: false, generatedPassword: nil)
        } else {
            let generated = password == nil ? PasswordGenerator.generate() : nil
            let user = try await store.createUser(email: email, passwordHash: passwordHasher.hash(password ?? generated!))
            added = Added(user: user, created: true, generatedPassword: generated)
        }
        try await store.setMembership(Membership(workspaceID: workspaceID, userID: added.user.id, role: role))
        return added
    }

    /// Changes a member's role; `conflict` for one's own role or the last admin.
    public func changeRole(
        of userID: Identifier<User>, to role: WorkspaceRole, in workspaceID: Identifier<Workspace>, by actor: Identifier<User>?
    ) async throws {
        _ = try await requireMember(userID, of: workspaceID)
        try await checkRoleChange(of: userID, to: role, in: workspaceID, by: actor)
        try await store.setMembership(Membership(workspaceID: workspaceID, userID: userID, role: role))
    }

    /// Removes a member; `conflict` for oneself or the last admin.
    public func remove(_ userID: Identifier<User>, from workspaceID: Identifier<Workspace>, by actor: Identifier<User>?) async throws {
        if userID == actor { throw AppError(.conflict, "you cannot remove yourself; ask another admin") }
        try await requireAnotherAdmin(besides: userID, in: workspaceID)
        try await store.removeMembership(userID: userID, from: workspaceID)
    }

    private func checkRoleChange(
        of userID: Identifier<User>, to role: WorkspaceRole, in workspaceID: Identifier<Workspace>, by actor: Identifier<User>?
    ) async throws {
        guard let current = try await store.member(userID, of: workspaceID)?.role, current != role else { return }
        if userID == actor { throw AppError(.conflict, "you cannot change your own role; ask another admin") }
        if current == .admin { try await requireAnotherAdmin(besides: userID, in: workspaceID) }
    }

    /// Gives a member a new generated password (the only copy) and ends their sessions; not for
    /// oneself (`conflict`: change your own under your account). Returns the member's email too.
    public func resetPassword(
        of userID: Identifier<User>, in workspaceID: Identifier<Workspace>, by actor: Identifier<User>?
    ) async throws -> (email: String, password: String) {
        let member = try await requireMember(userID, of: workspaceID)
        if userID == actor { throw AppError(.conflict, "change your own password under your account") }
        let password = PasswordGenerator.generate()
        try await store.updatePasswordHash(userID: userID, passwordHash: passwordHasher.hash(password))
        _ = try await store.deleteOtherSessions(of: userID, keeping: "")
        return (member.user.email, password)
    }

    /// Membership in *this* workspace: an admin elsewhere cannot reach people through an id.
    private func requireMember(_ userID: Identifier<User>, of workspaceID: Identifier<Workspace>) async throws -> (user: User, role: WorkspaceRole) {
        guard let member = try await store.member(userID, of: workspaceID) else {
            throw AppError(.notFound, "that person is not a member of this workspace")
        }
        return member
    }

    /// `conflict` unless the workspace keeps an admin without `userID`.
    private func requireAnotherAdmin(besides userID: Identifier<User>, in workspaceID: Identifier<Workspace>) async throws {
        guard try await store.adminIDs(of: workspaceID) != [userID] else {
            throw AppError(.conflict, "this is the workspace's last admin; make someone else an admin first")
        }
    }
}
