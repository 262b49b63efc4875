import Foundation
import ReplywrightCore

/// Workspaces, users, memberships and API keys.
public protocol TenancyStore: Sendable {
    func createWorkspace(name: String) async throws -> Workspace

    /// Throws `not_found` for an unknown id.
    func workspace(_ id: Identifier<Workspace>) async throws -> Workspace

    func workspaces() async throws -> [Workspace]

    /// Throws `conflict` if the email is taken.
    func createUser(email: String, passwordHash: String) async throws -> User

    func user(email: String) async throws -> UserCredentials?

    /// How the user signs drafts; `not_found` for an unknown user.
    func senderProfile(of userID: Identifier<User>) async throws -> SenderProfile

    /// Validates and saves; `not_found` for an unknown user.
    func saveSenderProfile(_ profile: SenderProfile, of userID: Identifier<User>) async throws -> SenderProfile

    /// The user's own time zone for the dashboard's times, or `nil` for the workspace's (an
    /// empty identifier too); `invalid_request` for an identifier that is not an IANA time zone,
    /// `not_found` for an unknown user.
    func setUserTimeZone(_ identifier: String?, of userID: Identifier<User>) async throws

    /// Throws `not_found` for an unknown user.
    func updatePasswordHash(userID: Identifier<User>, passwordHash: String) async throws

    /// Adds or changes a membership; throws `not_found` for an unknown workspace or user.
    func setMembership(_ membership: Membership) async throws

    /// The workspaces a user is a member of, with their role in each, by workspace name.
    func workspaceRoles(of userID: Identifier<User>) async throws -> [(workspace: Workspace, role: WorkspaceRole)]

    /// A workspace's members with their roles, by email; `offset` pages on.
    func members(of workspaceID: Identifier<Workspace>, limit: Int, offset: Int) async throws -> [(user: User, role: WorkspaceRole)]

    /// One member of a workspace with their role; `nil` when the user is not a member there.
    func member(_ userID: Identifier<User>, of workspaceID: Identifier<Workspace>) async throws -> (user: User, role: WorkspaceRole)?

    /// Every admin of a workspace (no paging: the last-admin rule must see them all).
    func adminIDs(of workspaceID: Identifier<Workspace>) async throws -> Set<Identifier<User>>

    /// Removes a user from a workspace and ends their sessions there; `not_found` if not a member.
    func removeMembership(userID: Identifier<User>, from workspaceID: Identifier<Workspace>) async throws

    /// Creates a key; the returned secret is the only copy that will ever exist.
    func issueAPIKey(for workspaceID: Identifier<Workspace>, name: String, role: WorkspaceRole) async throws -> IssuedAPIKey

    /// The key's record if the secret matches an unrevoked key, else `nil`.
    func authenticateAPIKey(secret: String) async throws -> APIKey?

    /// Notes that a request authenticated with the key at `time` (never moves it back).
    func recordAPIKeyUse(_ id: Identifier<APIKey>, at time: Date) async throws

    /// The workspace's keys, newest first (revoked ones too; never the secrets).
    func apiKeys(in workspaceID: Identifier<Workspace>) async throws -> [APIKey]

    /// Revokes a key of the workspace; `not_found` otherwise.
    func revokeAPIKey(_ id: Identifier<APIKey>, in workspaceID: Identifier<Workspace>) async throws
}

extension TenancyStore {
    /// An admin key (the role every key had before roles existed).
    public func issueAPIKey(for workspaceID: Identifier<Workspace>, name: String) async throws -> IssuedAPIKey {
        try await issueAPIKey(for: workspaceID, name: name, role: .admin)
    }
}

/// A user with their password hash, for sign-in.
public struct UserCredentials: Sendable, Equatable {
    public var user: User
    public var passwordHash: String
}
