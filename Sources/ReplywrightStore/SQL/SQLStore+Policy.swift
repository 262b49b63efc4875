import Foundation
import ReplywrightCore
import SQLKit

extension SQLStore: PolicyStore {
    public func policySettings(in workspaceID: Identifier<Workspace>) async throws -> PolicySettings {
        try await workspaceDocument(PolicySettings.self, table: "workspace_policies", column: "policy", in: workspaceID) ?? PolicySettings()
    }

    public func savePolicySettings(_ policy: PolicySettings, in workspaceID: Identifier<Workspace>) async throws -> PolicySettings {
        let policy = try policy.validated()
        try await saveWorkspaceDocument(policy, table: "workspace_policies", column: "policy", in: workspaceID)
        return policy
    }
}
