import Foundation

/// A workspace's drafting settings, as admins edit them. Unknown archetype ids, out-of-range
/// numbers and empty strings are refused with the field named; the model's effort is
/// coerced later (against the capability table) and the coercion reported, not refused.
public struct DraftingSettings: Sendable, Hashable, Codable {
    /// `nil`: the install's default model.
    public var model: String?
    /// `low | medium | high | extra_high`, or `nil` for the model's default.
    public var effort: String?
    /// Candidates per draft, 1...8.
    public var variants: Int
    /// Archetype ids drafts may use; `nil` means all.
    public var archetypes: [String]?
    /// A draft job's whole time budget, 5...300 seconds.
    public var budgetSeconds: Int
    /// The lead context bundle (knowledge and memory) on or off.
    public var contextBundle: Bool
    public var knowledgeBudget: Int
    public var perAssetBudget: Int
    public var memoryBudget: Int
    public var perEntryBudget: Int
    /// Who signs drafts when the thread has no setter of its own (`drafting.senderName`).
    public var senderName: String?
    /// The sign-off block under the sign-off word, e.g. "Jordan Lee\nHead of Growth, Acme" (`drafting.signature`).
    public var signature: String?

    public init(
        model: String? = nil, effort: String? = nil, variants: Int = 3, archetypes: [String]? = nil, budgetSeconds: Int = 30,
        contextBundle: Bool = true, knowledgeBudget: Int = 4000, perAssetBudget: Int = 1200, memoryBudget: Int = 1200,
        perEntryBudget: Int = 400, senderName: String? = nil, signature: String? = nil
    ) {
        self.model = model
        self.effort = effort
        self.variants = variants
        self.archetypes = archetypes
        self.budgetSeconds = budgetSeconds
        self.contextBundle = contextBundle
        self.knowledgeBudget = knowledgeBudget
        self.perAssetBudget = perAssetBudget
        self.memoryBudget = memoryBudget
        self.perEntryBudget = perEntryBudget
        self.senderName = senderName
        self.signature = signature
    }

    public func validated() throws(AppError) -> DraftingSettings {
        var settings = self
        settings.model = model?.trimmingCharacters(in: .whitespaces)
        if settings.model?.isEmpty == true { settings.model = nil }
        if let model = settings.model, model.count > 100 { throw .invalid("model: at most 100 characters") }
        settings.effort = effort?.trimmingCharacters(in: .whitespaces).lowercased()
        if settings.effort?.isEmpty == true { settings.effort = nil }
        guard (1...8).contains(variants) else { throw .invalid("variants: 1 to 8") }
        if let archetypes {
            let known = Set(ArchetypeCatalog.standard.map(\.id))
            guard !archetypes.isEmpty else { throw .invalid("archetypes: at least one, or null for all") }
            if let unknown = archetypes.first(where: { !known.contains($0) }) {
                throw .invalid("archetypes: unknown archetype '\(unknown)'")
            }
        }
        guard (5...300).contains(budgetSeconds) else { throw .invalid("budgetSeconds: 5 to 300") }
        guard (0...32_000).contains(knowledgeBudget) else { throw .invalid("knowledgeBudget: 0 to 32000 tokens") }
        guard (0...knowledgeBudget).contains(perAssetBudget) || knowledgeBudget == 0 else {
            throw .invalid("perAssetBudget: 0 to knowledgeBudget")
        }
        guard (0...8000).contains(memoryBudget) else { throw .invalid("memoryBudget: 0 to 8000 tokens") }
        guard (0...max(memoryBudget, 0)).contains(perEntryBudget) else { throw .invalid("perEntryBudget: 0 to memoryBudget") }
        settings.senderName = senderName?.trimmingCharacters(in: .whitespacesAndNewlines)
        if settings.senderName?.isEmpty == true { settings.senderName = nil }
        if let name = settings.senderName, name.count > 100 { throw .invalid("senderName: at most 100 characters") }
        settings.signature = signature?.trimmingCharacters(in: .whitespacesAndNewlines)
        if settings.signature?.isEmpty == true { settings.signature = nil }
        if let signature = settings.signature, signature.count > 500 { throw .invalid("signature: at most 500 characters") }
        return settings
    }

    /// The allowed archetypes, in catalogue order.
    public var allowedArchetypes: [Archetype] {
        guard let archetypes else { return ArchetypeCatalog.standard }
        return ArchetypeCatalog.standard.filter { archetypes.contains($0.id) }
    }
}
