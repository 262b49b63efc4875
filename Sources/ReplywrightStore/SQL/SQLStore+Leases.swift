import Foundation
import ReplywrightCore
import SQLKit

extension SQLStore: LeaseStore {
    public func acquireLease(_ name: String, holder: String, ttl: Duration) async throws -> Bool {
        let now = clock()
        let expires = now.addingTimeInterval(ttl.timeInterval)
        // One statement on both engines: take a free lease, renew ours, or steal an expired one.
        return try await read { db in
            try await db.raw(
                """
                INSERT INTO scheduler_leases (name, holder, expires_at)
                VALUES (\(bind: name), \(bind: holder), \(bind: expires))
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                WHERE scheduler_leases.holder = excluded.holder OR scheduler_leases.expires_at <= \(bind: now)
                RETURNING holder
                """
            ).first()
        } != nil
    }

    public func releaseLease(_ name: String, holder: String) async throws {
        try await read { db in
            try await db.raw(
                """
                DELETE FROM scheduler_leases WHERE name = \(bind: name) AND holder = \(bind: holder)
                """
            ).run()
        }
    }
}
