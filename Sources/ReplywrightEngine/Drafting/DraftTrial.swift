import Foundation
import ReplywrightCore

/// An unsaved change to try in an eval: a prompt override, or a knowledge asset's new text (or
/// a new asset). A pipeline drafting with a trial stores nothing.
public struct DraftTrial: Sendable, Equatable, Codable {
    /// Replaces the template of its key for this draft.
    public var prompt: PromptTemplate?
    /// Replaces the asset with this id, or adds an asset when `assetID` is `nil`.
    public var knowledge: KnowledgeChange?

    public init(prompt: PromptTemplate? = nil, knowledge: KnowledgeChange? = nil) {
        self.prompt = prompt
        self.knowledge = knowledge
    }

    public struct KnowledgeChange: Sendable, Hashable, Codable {
        public var assetID: String?
        public var input: KnowledgeAssetInput

        public init(assetID: String?, input: KnowledgeAssetInput) {
            self.assetID = assetID
            self.input = input
        }
    }

    /// The workspace's assets as the trial changes them.
    func applying(to assets: [KnowledgeAsset], workspaceID: Identifier<Workspace>, now: Date) -> [KnowledgeAsset] {
        guard let knowledge else { return assets }
        let changed = KnowledgeAsset(
            id: Identifier(knowledge.assetID ?? "trial"), workspaceID: workspaceID, kind: knowledge.input.kind, title: knowledge.input.title,
            content: knowledge.input.content, priority: knowledge.input.priority, createdAt: now, updatedAt: now)
        var result = assets.filter { $0.id.rawValue != knowledge.assetID }
        result.append(changed)
        return result.sorted { $0.priority != $1.priority ? $0.priority < $1.priority : $0.id.rawValue < $1.id.rawValue }
    }
}

extension PromptRegistry.Snapshot {
    /// This snapshot with `template` active for its key (revision −1: an unsaved candidate).
    func trying(_ template: PromptTemplate?) -> Self {
        guard let template else { return self }
        var copy = self
        copy.replace(template)
        return copy
    }
}

extension Proposal {
    /// The change the proposal makes, as a trial (its `change` holds one).
    public func trial() throws -> DraftTrial {
        try JSONDecoder().decode(DraftTrial.self, from: JSONEncoder().encode(change))
    }
}
