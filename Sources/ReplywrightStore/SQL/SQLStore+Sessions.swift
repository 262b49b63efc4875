import Crypto
import Foundation
import ReplywrightCore
import SQLKit

extension SQLStore: SessionStore {
    public func createSession(userID: Identifier<User>, workspaceID: Identifier<Workspace>, ttl: Duration) async throws -> IssuedSession {
        let token = Self.randomToken()
        let now = clock()
        let inserted = try await read { db in
            try await db.raw(
                """
                INSERT INTO sessions (token_hash, user_id, workspace_id, csrf_token, created_at, expires_at)
                SELECT \(bind: Self.hash(token)), id, \(bind: workspaceID.rawValue), \(bind: Self.randomToken()), \(bind: now),
                       \(bind: now.addingTimeInterval(ttl.timeInterval))
                FROM users WHERE id = \(bind: userID.rawValue)
                RETURNING token_hash
                """
            ).first()
        }
        guard inserted != nil, let session = try await sessionWithWorkspaces(token: token, at: now)?.session else {
            throw AppError.notFound("user")
        }
        return IssuedSession(token: token, session: session)
    }

    public func sessionWithWorkspaces(token: String, at now: Date)
        async throws -> (session: Session, workspaces: [(workspace: Workspace, role: WorkspaceRole)])?
    {
        guard token.count <= 128 else { return nil }
        // One row per membership (one row with NULLs without any): every dashboard request reads this.
        let rows = try await rows(
            """
            SELECT s.user_id, u.email, u.time_zone, s.workspace_id, s.csrf_token, s.expires_at,
                   w.id AS member_workspace_id, w.name AS member_workspace_name, w.created_at AS member_workspace_created_at,
                   m.role AS member_role
            FROM sessions s JOIN users u ON u.id = s.user_id
            LEFT JOIN memberships m ON m.user_id = s.user_id LEFT JOIN workspaces w ON w.id = m.workspace_id
            WHERE s.token_hash = \(bind: Self.hash(token)) AND s.expires_at > \(bind: now)
            ORDER BY w.name, w.id
            """)
        guard let first = rows.first else { return nil }
        let session = Session(
            userID: Identifier(try first.string("user_id")), email: try first.string("email"),
            workspaceID: Identifier(try first.string("workspace_id")), csrfToken: try first.string("csrf_token"),
            expiresAt: try first.date("expires_at"), userTimeZone: try first.optionalString("time_zone"))
        let workspaces = try rows.compactMap { row -> (workspace: Workspace, role: WorkspaceRole)? in
            guard let id = try row.optionalString("member_workspace_id") else { return nil }
            return (
                Workspace(
                    id: Identifier(id), name: try row.string("member_workspace_name"),
                    createdAt: try row.date("member_workspace_created_at")),
                WorkspaceRole(rawValue: try row.string("member_role")) ?? .setter
            )
        }
        return (session, workspaces)
    }

    public func setSessionWorkspace(token: String, workspaceID: Identifier<Workspace>) async throws {
        try await read { db in
            try await db.raw(
                """
                UPDATE sessions SET workspace_id = \(bind: workspaceID.rawValue) WHERE token_hash = \(bind: Self.hash(token))
                """
            ).run()
        }
    }

    public func deleteSession(token: String) async throws {
        try await read { db in
            try await db.raw("DELETE FROM sessions WHERE token_hash = \(bind: Self.hash(token))").run()
        }
    }

    public func deleteOtherSessions(of userID: Identifier<User>, keeping token: String) async throws -> Int {
        try await read { db in
            try await db.raw(
                """
                DELETE FROM sessions WHERE user_id = \(bind: userID.rawValue) AND token_hash <> \(bind: Self.hash(token)) RETURNING token_hash
                """
            ).all().count
        }
    }

    public func purgeExpiredSessions(before cutoff: Date) async throws -> Int {
        try await read { db in
            try await db.raw("DELETE FROM sessions WHERE expires_at <= \(bind: cutoff) RETURNING token_hash").all().count
        }
    }

    /// 43 characters from a 56-letter alphabet: about 250 bits from the system CSPRNG.
    static func randomToken() -> String { PasswordGenerator.generate(length: 43) }

    static func hash(_ token: String) -> String { sha256Hex(token) }
}

/// The SHA-256 of `text`'s UTF-8 in lowercase hex: how session tokens and API keys are stored
/// (hex digits by table: `String(format: "%02x")` per byte was 3 % of every dashboard page).
func sha256Hex(_ text: String) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var hex: [UInt8] = []
    hex.reserveCapacity(64)
    for byte in SHA256.hash(data: Data(text.utf8)) {
        hex.append(digits[Int(byte >> 4)])
        hex.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: hex, as: UTF8.self)
}
