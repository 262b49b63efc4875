import Foundation
import ReplywrightCore

/// Knowledge assets, always inside one workspace.
public protocol KnowledgeStore: Sendable {
    func createKnowledgeAsset(_ input: KnowledgeAssetInput, in workspaceID: Identifier<Workspace>) async throws -> KnowledgeAsset

    /// In priority order.
    func knowledgeAssets(in workspaceID: Identifier<Workspace>) async throws -> [KnowledgeAsset]

    func knowledgeAsset(_ id: Identifier<KnowledgeAsset>, in workspaceID: Identifier<Workspace>) async throws -> KnowledgeAsset

    func updateKnowledgeAsset(_ id: Identifier<KnowledgeAsset>, with input: KnowledgeAssetInput, in workspaceID: Identifier<Workspace>)
        async throws -> KnowledgeAsset

    func deleteKnowledgeAsset(_ id: Identifier<KnowledgeAsset>, in workspaceID: Identifier<Workspace>) async throws
}
