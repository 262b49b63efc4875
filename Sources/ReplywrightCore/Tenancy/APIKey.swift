import Foundation

/// A workspace API key as stored: the secret itself is never kept, only its hash and a
/// short prefix so people can tell keys apart in lists.
public struct APIKey: Sendable, Codable, Equatable, Identifiable {
    public var id: Identifier<APIKey>
    public var workspaceID: Identifier<Workspace>
    public var prefix: String
    public var name: String
    /// What the key may do: admin keys also change settings; setter keys review and draft.
    public var role: WorkspaceRole
    public var createdAt: Date
    public var revokedAt: Date?
    /// When a request last authenticated with it (to the minute: not every request writes).
    public var lastUsedAt: Date?

    public init(
        id: Identifier<APIKey>, workspaceID: Identifier<Workspace>, prefix: String, name: String,
        role: WorkspaceRole = .admin, createdAt: Date, revokedAt: Date? = nil, lastUsedAt: Date? = nil
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.prefix = prefix
        self.name = name
        self.role = role
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.lastUsedAt = lastUsedAt
    }
}

/// A freshly created key: the only moment the secret exists outside the caller's hands.
public struct IssuedAPIKey: Sendable, Equatable {
    public var key: APIKey
    public var secret: String

    public init(key: APIKey, secret: String) {
        self.key = key
        self.secret = secret
    }
}
