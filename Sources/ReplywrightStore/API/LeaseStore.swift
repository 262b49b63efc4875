import Foundation
import ReplywrightCore

/// Named, expiring leases: "only one node does this at a time" (the scheduler leader).
public protocol LeaseStore: Sendable {
    /// Takes or renews the lease if it is free, expired or already ours.
    func acquireLease(_ name: String, holder: String, ttl: Duration) async throws -> Bool

    func releaseLease(_ name: String, holder: String) async throws
}
