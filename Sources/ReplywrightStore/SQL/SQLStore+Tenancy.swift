import Crypto
import Foundation
import ReplywrightCore
import SQLKit

extension SQLStore: TenancyStore {
    public func createWorkspace(name: String) async throws -> Workspace {
        let workspace = Workspace(
            id: Identifier(Self.newID()), name: try Workspace.validatedName(name), createdAt: clock())
        try await read { db in
            try await db.raw(
                """
                INSERT INTO workspaces (id, name, created_at)
                VALUES (\(bind: workspace.id.rawValue), \(bind: workspace.name), \(bind: workspace.createdAt))
                """
            ).run()
        }
        return workspace
    }

    public func workspace(_ id: Identifier<Workspace>) async throws -> Workspace {
        let row = try await read { db in
            try await db.raw("SELECT id, name, created_at FROM workspaces WHERE id = \(bind: id.rawValue)").first()
        }
        guard let row else { throw AppError.notFound("workspace") }
        return try Self.workspace(from: row)
    }

    public func workspaces() async throws -> [Workspace] {
        try await read { db in
            try await db.raw("SELECT id, name, created_at FROM workspaces ORDER BY created_at, id").all()
        }.map(Self.workspace(from:))
    }

    static func workspace(from row: any SQLRow) throws -> Workspace {
        Workspace(id: Identifier(try row.string("id")), name: try row.string("name"), createdAt: try row.date("created_at"))
    }

    public func createUser(email: String, passwordHash: String) async throws -> User {
        guard EmailAddress.isValid(email) else { throw AppError.invalid("'\(email.prefix(80))' is not a valid email address") }
        let user = User(id: Identifier(Self.newID()), email: EmailAddress.normalized(email), createdAt: clock())
        let inserted = try await read { db in
            try await db.raw(
                """
                INSERT INTO users (id, email, password_hash, created_at)
                VALUES (\(bind: user.id.rawValue), \(bind: user.email), \(bind: passwordHash), \(bind: user.createdAt))
                ON CONFLICT (email) DO NOTHING
                RETURNING id
                """
            ).first()
        }
        guard inserted != nil else { throw AppError(.conflict, "a user with email \(user.email) already exists") }
        return user
    }

    public func user(email: String) async throws -> UserCredentials? {
        let row = try await read { db in
            try await db.raw(
                """
                SELECT id, email, password_hash, created_at FROM users WHERE email = \(bind: EmailAddress.normalized(email))
                """
            ).first()
        }
        guard let row else { return nil }
        return UserCredentials(
            user: User(id: Identifier(try row.string("id")), email: try row.string("email"), createdAt: try row.date("created_at")),
            passwordHash: try row.string("password_hash"))
    }

    public func updatePasswordHash(userID: Identifier<User>, passwordHash: String) async throws {
        let updated = try await read { db in
            try await db.raw(
                """
                UPDATE users SET password_hash = \(bind: passwordHash) WHERE id = \(bind: userID.rawValue) RETURNING id
                """
            ).first()
        }
        guard updated != nil else { throw AppError.notFound("user") }
    }

    public func senderProfile(of userID: Identifier<User>) async throws -> SenderProfile {
        let row = try await read { db in
            try await db.raw("SELECT display_name, signature FROM users WHERE id = \(bind: userID.rawValue)").first()
        }
        guard let row else { throw AppError.notFound("user") }
        return SenderProfile(displayName: try row.optionalString("display_name"), signature: try row.optionalString("signature"))
    }

    public func setUserTimeZone(_ identifier: String?, of userID: Identifier<User>) async throws {
        let zone = try UserTimeZone.validated(identifier)
        let updated = try await read { db in
            try await db.raw("UPDATE users SET time_zone = \(bind: zone) WHERE id = \(bind: userID.rawValue) RETURNING id").first()
        }
        guard updated != nil else { throw AppError.notFound("user") }
    }

    public func saveSenderProfile(_ profile: SenderProfile, of userID: Identifier<User>) async throws -> SenderProfile {
        let profile = try profile.validated()
        let updated = try await read { db in
            try await db.raw(
                """
                UPDATE users SET display_name = \(bind: profile.displayName), signature = \(bind: profile.signature)
                WHERE id = \(bind: userID.rawValue) RETURNING id
                """
            ).first()
        }
        guard updated != nil else { throw AppError.notFound("user") }
        return profile
    }

    public func setMembership(_ membership: Membership) async throws {
        try await transaction { (tx: SQLStore) in
            let db = tx.requireConnection
            _ = try await tx.workspace(membership.workspaceID)
            guard try await db.raw("SELECT id FROM users WHERE id = \(bind: membership.userID.rawValue)").first() != nil else {
                throw AppError.notFound("user")
            }
            try await db.raw(
                """
                INSERT INTO memberships (workspace_id, user_id, role, created_at)
                VALUES (\(bind: membership.workspaceID.rawValue), \(bind: membership.userID.rawValue),
                        \(bind: membership.role.rawValue), \(bind: tx.clock()))
                ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = excluded.role
                """
            ).run()
        }
    }

    public func workspaceRoles(of userID: Identifier<User>) async throws -> [(workspace: Workspace, role: WorkspaceRole)] {
        try await read { db in
            try await db.raw(
                """
                SELECT w.id, w.name, w.created_at, m.role FROM memberships m JOIN workspaces w ON w.id = m.workspace_id
                WHERE m.user_id = \(bind: userID.rawValue)
                ORDER BY w.name, w.id
                """
            ).all()
        }.map { row in (try Self.workspace(from: row), WorkspaceRole(rawValue: try row.string("role")) ?? .setter) }
    }

    public func members(of workspaceID: Identifier<Workspace>, limit: Int, offset: Int) async throws -> [(user: User, role: WorkspaceRole)] {
        try await read { db in
            try await db.raw(
                """
                SELECT u.id, u.email, u.created_at, m.role FROM memberships m JOIN users u ON u.id = m.user_id
                WHERE m.workspace_id = \(bind: workspaceID.rawValue)
                ORDER BY u.email LIMIT \(bind: min(max(limit, 1), 500)) OFFSET \(bind: max(0, offset))
                """
            ).all()
        }.map { row in
            (
                User(id: Identifier(try row.string("id")), email: try row.string("email"), createdAt: try row.date("created_at")),
                WorkspaceRole(rawValue: try row.string("role")) ?? .setter
            )
        }
    }

    public func member(_ userID: Identifier<User>, of workspaceID: Identifier<Workspace>) async throws -> (user: User, role: WorkspaceRole)? {
        try await read { db in
            try await db.raw(
                """
                SELECT u.id, u.email, u.created_at, m.role FROM memberships m JOIN users u ON u.id = m.user_id
                WHERE m.workspace_id = \(bind: workspaceID.rawValue) AND m.user_id = \(bind: userID.rawValue)
                """
            ).first()
        }.map { row in
            (
                User(id: Identifier(try row.string("id")), email: try row.string("email"), createdAt: try row.date("created_at")),
                WorkspaceRole(rawValue: try row.string("role")) ?? .setter
            )
        }
    }

    public func adminIDs(of workspaceID: Identifier<Workspace>) async throws -> Set<Identifier<User>> {
        Set(
            try await read { db in
                try await db.raw(
                    """
                    SELECT user_id FROM memberships WHERE workspace_id = \(bind: workspaceID.rawValue) AND role = \(bind: WorkspaceRole.admin.rawValue)
                    """
                ).all()
            }.map { Identifier(try $0.string("user_id")) })
    }

    public func removeMembership(userID: Identifier<User>, from workspaceID: Identifier<Workspace>) async throws {
        try await transaction { (tx: SQLStore) in
            let db = tx.requireConnection
            let removed = try await db.raw(
                """
                DELETE FROM memberships WHERE workspace_id = \(bind: workspaceID.rawValue) AND user_id = \(bind: userID.rawValue)
                RETURNING user_id
                """
            ).first()
            guard removed != nil else { throw AppError.notFound("member") }
            // Their open sessions in this workspace end with it.
            try await db.raw(
                """
                DELETE FROM sessions WHERE workspace_id = \(bind: workspaceID.rawValue) AND user_id = \(bind: userID.rawValue)
                """
            ).run()
        }
    }

    public func issueAPIKey(for workspaceID: Identifier<Workspace>, name: String, role: WorkspaceRole) async throws -> IssuedAPIKey {
        let secret = APIKeySecret.generate()
        let key = APIKey(
            id: Identifier(Self.newID()), workspaceID: workspaceID, prefix: APIKeySecret.displayPrefix(of: secret),
            name: name, role: role, createdAt: clock())
        try await transaction { (tx: SQLStore) in
            _ = try await tx.workspace(workspaceID)
            try await tx.requireConnection.raw(
                """
                INSERT INTO api_keys (id, workspace_id, name, role, prefix, key_hash, created_at)
                VALUES (\(bind: key.id.rawValue), \(bind: workspaceID.rawValue), \(bind: name), \(bind: role.rawValue),
                        \(bind: key.prefix), \(bind: APIKeySecret.hash(secret)), \(bind: key.createdAt))
                """
            ).run()
        }
        return IssuedAPIKey(key: key, secret: secret)
    }

    public func apiKeys(in workspaceID: Identifier<Workspace>) async throws -> [APIKey] {
        try await read { db in
            try await db.raw(
                """
                SELECT id, workspace_id, name, role, prefix, created_at, revoked_at, last_used_at FROM api_keys
                WHERE workspace_id = \(bind: workspaceID.rawValue) ORDER BY created_at DESC, id
                """
            ).all()
        }.map(Self.apiKey(from:))
    }

    public func revokeAPIKey(_ id: Identifier<APIKey>, in workspaceID: Identifier<Workspace>) async throws {
        let row = try await read { db in
            try await db.raw(
                """
                UPDATE api_keys SET revoked_at = COALESCE(revoked_at, \(bind: clock()))
                WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspaceID.rawValue) RETURNING id
                """
            ).first()
        }
        guard row != nil else { throw AppError.notFound("API key") }
    }

    public func authenticateAPIKey(secret: String) async throws -> APIKey? {
        guard APIKeySecret.looksValid(secret) else { return nil }
        let row = try await read { db in
            try await db.raw(
                """
                SELECT id, workspace_id, name, role, prefix, created_at, revoked_at, last_used_at FROM api_keys
                WHERE key_hash = \(bind: APIKeySecret.hash(secret)) AND revoked_at IS NULL
                """
            ).first()
        }
        return try row.map(Self.apiKey(from:))
    }

    public func recordAPIKeyUse(_ id: Identifier<APIKey>, at time: Date) async throws {
        try await read { db in
            try await db.raw(
                """
                UPDATE api_keys SET last_used_at = \(bind: time)
                WHERE id = \(bind: id.rawValue) AND (last_used_at IS NULL OR last_used_at < \(bind: time))
                """
            ).run()
        }
    }

    static func apiKey(from row: any SQLRow) throws -> APIKey {
        APIKey(
            id: Identifier(try row.string("id")), workspaceID: Identifier(try row.string("workspace_id")),
            prefix: try row.string("prefix"), name: try row.string("name"),
            role: WorkspaceRole(rawValue: try row.string("role")) ?? .setter, createdAt: try row.date("created_at"),
            revokedAt: try row.optionalDate("revoked_at"), lastUsedAt: try row.optionalDate("last_used_at"))
    }
}

/// API key secrets: `rw_` + 40 base-62 characters (~238 bits) from the system CSPRNG.
/// Stored as SHA-256 (the secret is random, so a slow hash adds nothing); looked up by hash.
enum APIKeySecret {
    static let marker = "rw_"
    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return marker + String((0..<40).map { _ in alphabet.randomElement(using: &generator)! })
    }

    static func displayPrefix(of secret: String) -> String { String(secret.prefix(marker.count + 6)) }

    static func looksValid(_ secret: String) -> Bool { secret.hasPrefix(marker) && secret.count <= 128 }

    static func hash(_ secret: String) -> String { sha256Hex(secret) }
}
