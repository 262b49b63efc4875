import Foundation

/// A person who signs in to the dashboard. Passwords are stored as bcrypt hashes only.
public struct User: Sendable, Codable, Equatable, Identifiable {
    public var id: Identifier<User>
    public var email: String
    public var createdAt: Date

    public init(id: Identifier<User>, email: String, createdAt: Date) {
        self.id = id
        self.email = email
        self.createdAt = createdAt
    }
}

/// A user's role inside one workspace.
public enum WorkspaceRole: String, Sendable, Codable, CaseIterable {
    case setter
    case admin
}

/// A user's membership in a workspace.
public struct Membership: Sendable, Codable, Equatable {
    public var workspaceID: Identifier<Workspace>
    public var userID: Identifier<User>
    public var role: WorkspaceRole

    public init(workspaceID: Identifier<Workspace>, userID: Identifier<User>, role: WorkspaceRole) {
        self.workspaceID = workspaceID
        self.userID = userID
        self.role = role
    }
}

/// Hashes and verifies passwords; the executable picks the implementation (bcrypt).
public protocol PasswordHasher: Sendable {
    func hash(_ password: String) -> String
    func verify(_ password: String, hash: String) -> Bool
}
