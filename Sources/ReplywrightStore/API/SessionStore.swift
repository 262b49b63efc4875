import Foundation
import ReplywrightCore

/// Dashboard sign-in sessions.
public protocol SessionStore: Sendable {
    /// A dashboard session for a user looking at a workspace; `not_found` for an unknown user.
    func createSession(userID: Identifier<User>, workspaceID: Identifier<Workspace>, ttl: Duration) async throws -> IssuedSession

    /// The live session for a cookie token (`nil` when unknown or expired) with its user's
    /// workspaces and roles (as `workspaceRoles(of:)`), in one read.
    func sessionWithWorkspaces(token: String, at now: Date)
        async throws -> (session: Session, workspaces: [(workspace: Workspace, role: WorkspaceRole)])?

    func setSessionWorkspace(token: String, workspaceID: Identifier<Workspace>) async throws

    func deleteSession(token: String) async throws

    /// Ends every session of the user but the one with `token` (after a password change); returns how many.
    func deleteOtherSessions(of userID: Identifier<User>, keeping token: String) async throws -> Int

    func purgeExpiredSessions(before cutoff: Date) async throws -> Int
}
