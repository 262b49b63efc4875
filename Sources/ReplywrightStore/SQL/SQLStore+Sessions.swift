import Crypto
import Foundation
import ReplywrightCore
import SQLKit

extension SQLStore {
    public func createSession(userID: Identifier<User>, workspaceID: Identifier<Workspace>, ttl: Duration) async throws -> IssuedSession {
        let token = Self.randomToken()
        let now = clock()
        let inserted = try await read { db in
            try await db.raw("""
                INSERT INTO sessions (token_hash, user_id, workspace_id, csrf_token, created_at, expires_at)
                SELECT \(bind: Self.hash(token)), id, \(bind: workspaceID.rawValue), \(bind: Self.randomToken()), \(bind: now),
                       \(bind: now.addingTimeInterval(ttl.timeInterval))
                FROM users WHERE id = \(bind: userID.rawValue)
                RETURNING token_hash
                """).first()
        }
        guard inserted != nil, let session = try await session(token: token, at: now) else { throw AppError.notFound("user") }
        return IssuedSession(token: token, session: session)
    }

    public func session(token: String, at now: Date) async throws -> Session? {
        guard token.count <= 128 else { return nil }
        let row = try await read { db in
            try await db.raw("""
                SELECT s.user_id, u.email, s.workspace_id, s.csrf_token, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
                WHERE s.token_hash = \(bind: Self.hash(token)) AND s.expires_at > \(bind: now)
                """).first()
        }
        return try row.map { row in
            Session(
                userID: Identifier(try row.string("user_id")), email: try row.string("email"),
                workspaceID: Identifier(try row.string("workspace_id")), csrfToken: try row.string("csrf_token"),
                expiresAt: try row.date("expires_at"))
        }
    }

    public func setSessionWorkspace(token: String, workspaceID: Identifier<Workspace>) async throws {
        try await read { db in
            try await db.raw("""
                UPDATE sessions SET workspace_id = \(bind: workspaceID.rawValue) WHERE token_hash = \(bind: Self.hash(token))
                """).run()
        }
    }

    public func deleteSession(token: String) async throws {
        try await read { db in
            try await db.raw("DELETE FROM sessions WHERE token_hash = \(bind: Self.hash(token))").run()
        }
    }

    public func purgeExpiredSessions(before cutoff: Date) async throws -> Int {
        try await read { db in
            try await db.raw("DELETE FROM sessions WHERE expires_at <= \(bind: cutoff) RETURNING token_hash").all().count
        }
    }

    /// 43 characters from a 56-letter alphabet: about 250 bits from the system CSPRNG.
    static func randomToken() -> String { PasswordGenerator.generate(length: 43) }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
