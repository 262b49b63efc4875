import Foundation

/// A signed-in dashboard user: who, in which workspace, until when. The cookie holds a random
/// token; only its hash is stored. Every form posts the session's CSRF token.
public struct Session: Sendable, Equatable {
    public var userID: Identifier<User>
    public var email: String
    public var workspaceID: Identifier<Workspace>
    public var csrfToken: String
    public var expiresAt: Date
    /// The user's own time zone for the dashboard (an IANA identifier), when they chose one
    /// over the workspace's.
    public var userTimeZone: String?

    public init(
        userID: Identifier<User>, email: String, workspaceID: Identifier<Workspace>, csrfToken: String, expiresAt: Date,
        userTimeZone: String? = nil
    ) {
        self.userID = userID
        self.email = email
        self.workspaceID = workspaceID
        self.csrfToken = csrfToken
        self.expiresAt = expiresAt
        self.userTimeZone = userTimeZone
    }
}

/// A new session and the token for its cookie (the only copy).
public struct IssuedSession: Sendable, Equatable {
    public var token: String
    public var session: Session

    public init(token: String, session: Session) {
        self.token = token
        self.session = session
    }
}
