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

/// How a dashboard user signs the drafts of threads they answer: a name and a sign-off block.
public struct SenderProfile: Sendable, Codable, Equatable {
    public var displayName: String?
    public var signature: String?

    public init(displayName: String? = nil, signature: String? = nil) {
        self.displayName = displayName
        self.signature = signature
    }

    /// Trimmed and bounded; empty fields become `nil`.
    public func validated() throws(AppError) -> SenderProfile {
        let name = displayName?.trimmingCharacters(in: .whitespacesAndNewlines)
        let signature = signature?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let name, name.count > 100 { throw .invalid("display name: at most 100 characters") }
        if let signature, signature.count > 500 { throw .invalid("signature: at most 500 characters") }
        return SenderProfile(displayName: name?.isEmpty == true ? nil : name, signature: signature?.isEmpty == true ? nil : signature)
    }
}

/// A user's own time zone for the times the dashboard shows them (the workspace's when `nil`).
public enum UserTimeZone {
    /// An IANA name, trimmed; empty means "the workspace's" (`nil`).
    public static func validated(_ identifier: String?) throws(AppError) -> String? {
        guard let zone = identifier?.trimmingCharacters(in: .whitespaces), !zone.isEmpty else { return nil }
        guard TimeZone(identifier: zone) != nil else {
            throw .invalid("\"\(zone.prefix(60))\" is not a known time zone (a name such as Europe/Berlin)")
        }
        return zone
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
