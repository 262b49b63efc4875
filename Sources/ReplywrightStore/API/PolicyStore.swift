import Foundation
import ReplywrightCore

/// The sending policy of each workspace (auto-send, thresholds, time zone).
public protocol PolicyStore: Sendable {
    /// The saved policy, or the defaults (auto-send off).
    func policySettings(in workspaceID: Identifier<Workspace>) async throws -> PolicySettings

    /// Validates and saves.
    func savePolicySettings(_ policy: PolicySettings, in workspaceID: Identifier<Workspace>) async throws -> PolicySettings
}
