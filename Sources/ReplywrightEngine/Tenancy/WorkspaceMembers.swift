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

    let store: any DataStore
    let passwordHasher: any PasswordHasher

    public init(store: any DataStore, passwordHasher: any PasswordHasher) {
        self.store = store
        self.passwordHasher = passwordHasher
    }

    public func add(email: String, role: WorkspaceRole, to workspaceID: Identifier<Workspace>, password: String? = nil) async throws -> Added {
        if let password { try PasswordRules.validate(password) }
        _ = try await store.workspace(workspaceID)
        var added: Added
        if let existing = try await store.user(email: email) {
            added = Added(user: existing.user, created: false, generatedPassword: nil)
        } else {
            let generated = password == nil ? PasswordGenerator.generate() : nil
            let user = try await store.createUser(email: email, passwordHash: passwordHasher.hash(password ?? generated!))
            added = Added(user: user, created: true, generatedPassword: generated)
        }
        try await store.setMembership(Membership(workspaceID: workspaceID, userID: added.user.id, role: role))
        return added
    }
}
