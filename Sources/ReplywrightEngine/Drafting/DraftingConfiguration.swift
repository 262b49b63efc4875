import ReplywrightCore
import ReplywrightLLM

/// How a workspace drafts (defaults until the settings API stores them per workspace).
public struct DraftingConfiguration: Sendable {
    /// `nil`: no model; the rules tier writes every draft.
    public var model: String?
    public var effort: ReasoningEffort?
    /// Candidates per draft, 1...8.
    public var variants: Int
    /// A draft job's whole budget (the webhook default is 30 s).
    public var budget: Duration
    /// Less time left than this for the model: one step (variants without a strategy).
    public var twoStepMinimum: Duration
    public var archetypes: [Archetype]
    public var bannedPhrases: [String]
    /// Who signs rules-tier drafts.
    public var senderName: String
    /// Earlier drafts and sent messages the uniqueness score compares against.
    public var uniquenessWindow: Int
    /// The lead context bundle (knowledge and memory) feeds the steps; off, they see only
    /// the conversation. A workspace toggle and the `REPLYWRIGHT_CONTEXT_BUNDLE=off` kill-switch.
    public var contextBundle: Bool
    public var bundleBudgets: LeadContextBundle.Budgets

    public init(
        model: String? = nil, effort: ReasoningEffort? = nil, variants: Int = 3, budget: Duration = .seconds(30),
        twoStepMinimum: Duration = .seconds(10), archetypes: [Archetype] = ArchetypeCatalog.standard,
        bannedPhrases: [String] = ["circle back", "touch base", "synergy", "as an ai"], senderName: String = "The team",
        uniquenessWindow: Int = 500, contextBundle: Bool = true,
        bundleBudgets: LeadContextBundle.Budgets = LeadContextBundle.Profile.draft.defaultBudgets
    ) {
        self.model = model
        self.effort = effort
        self.variants = min(max(variants, 1), 8)
        self.budget = budget
        self.twoStepMinimum = twoStepMinimum
        self.archetypes = archetypes.isEmpty ? ArchetypeCatalog.standard : archetypes
        self.bannedPhrases = bannedPhrases
        self.senderName = senderName
        self.uniquenessWindow = uniquenessWindow
        self.contextBundle = contextBundle
        self.bundleBudgets = bundleBudgets
    }
}
