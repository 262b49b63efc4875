import ReplywrightCore
import ReplywrightLLM

/// How a workspace drafts (defaults until the settings API stores them per workspace).
public struct DraftingConfiguration: Sendable {
    /// `nil`: no model; the rules tier writes every draft.
    public var model: String?
    /// Scores relevance by embeddings (e.g. `text-embedding-3-small`); `nil`: lexical overlap.
    public var embeddingModel: String?
    public var effort: ReasoningEffort?
    /// Candidates per draft, 1...8.
    public var variants: Int
    /// A draft job's whole budget (the webhook default is 30 s).
    public var budget: Duration
    /// Less time left than this for the model: one step (variants without a strategy).
    public var twoStepMinimum: Duration
    public var archetypes: [Archetype]
    public var bannedPhrases: [String]
    /// Who signs drafts when the thread has no setter with a name of their own.
    public var senderName: String
    /// The block under the sign-off word; `nil`: the sender's name.
    public var signature: String?
    /// What the models take (output budgets by reasoning effort).
    public var catalog: ModelCatalog = .standard
    /// The lead context bundle (knowledge and memory) feeds the steps; off, they see only
    /// the conversation. A workspace toggle and the `REPLYWRIGHT_CONTEXT_BUNDLE=off` kill-switch.
    public var contextBundle: Bool
    public var bundleBudgets: LeadContextBundle.Budgets

    public init(
        model: String? = nil, embeddingModel: String? = nil, effort: ReasoningEffort? = nil, variants: Int = 3, budget: Duration = .seconds(30),
        twoStepMinimum: Duration = .seconds(10), archetypes: [Archetype] = ArchetypeCatalog.standard,
        bannedPhrases: [String] = ["circle back", "touch base", "synergy", "as an ai"], senderName: String = defaultSenderName,
        contextBundle: Bool = true,
        bundleBudgets: LeadContextBundle.Budgets = LeadContextBundle.Profile.draft.defaultBudgets
    ) {
        self.model = model
        self.embeddingModel = embeddingModel
        self.effort = effort
        self.variants = min(max(variants, 1), 8)
        self.budget = budget
        self.twoStepMinimum = twoStepMinimum
        self.archetypes = archetypes.isEmpty ? ArchetypeCatalog.standard : archetypes
        self.bannedPhrases = bannedPhrases
        self.senderName = senderName
        self.contextBundle = contextBundle
        self.bundleBudgets = bundleBudgets
    }
}

extension DraftingConfiguration {
    /// Who signs when nothing better is known.
    public static let defaultSenderName = SignOff.anonymous

    /// The settings that reproduce this configuration (what a workspace has before saving any).
    public var settings: DraftingSettings {
        DraftingSettings(
            model: model, effort: effort?.rawValue, variants: variants,
            archetypes: archetypes == ArchetypeCatalog.standard ? nil : archetypes.map(\.id),
            budgetSeconds: Int(budget.components.seconds), contextBundle: contextBundle, knowledgeBudget: bundleBudgets.knowledge,
            perAssetBudget: bundleBudgets.perAsset, memoryBudget: bundleBudgets.memory, perEntryBudget: bundleBudgets.perEntry)
    }

    /// What a workspace's saved settings change, and what the model makes of them.
    public struct Effective: Sendable {
        public var configuration: DraftingConfiguration
        /// Settings the model could not take as given (e.g. `extra_high` on gpt-5.1), in words.
        public var coercions: [String]
        /// The efforts the model takes (what the settings page offers); empty without a model
        /// or for a model without a reasoning setting.
        public var efforts: [ReasoningEffort]
    }

    /// This install's configuration with the workspace's settings applied. The model stays
    /// off when the install has no provider; the env kill-switch beats the workspace toggle.
    public func applying(_ settings: DraftingSettings) -> Effective {
        var result = self
        var coercions: [String] = []
        var efforts: [ReasoningEffort] = []
        if model != nil, let chosen = settings.model { result.model = chosen }
        let requested = ModelCapabilities.effort(fromSetting: settings.effort)
        if settings.effort != nil, requested == nil {
            coercions.append("effort \(settings.effort ?? "") is not one of low, medium, high, extra_high: the model's default is used")
        }
        result.effort = requested
        if let model = result.model {
            let (coerced, changes) = catalog.capabilities(for: model).coerce(
                LLMRequest(model: model, messages: [], reasoningEffort: requested, context: LLMCallContext(featureID: "settings")))
            result.effort = coerced.reasoningEffort
            coercions += changes.map(\.description)
            efforts = catalog.capabilities(for: model).reasoningEfforts
        }
        if let name = settings.senderName { result.senderName = name }
        if let signature = settings.signature { result.signature = signature }
        result.variants = min(max(settings.variants, 1), 8)
        result.budget = .seconds(settings.budgetSeconds)
        result.archetypes = settings.allowedArchetypes
        result.contextBundle = contextBundle && settings.contextBundle
        result.bundleBudgets = LeadContextBundle.Budgets(
            knowledge: settings.knowledgeBudget, perAsset: settings.perAssetBudget, memory: settings.memoryBudget,
            perEntry: settings.perEntryBudget)
        return Effective(configuration: result, coercions: coercions, efforts: efforts)
    }
}
