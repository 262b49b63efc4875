import Foundation
import ReplywrightCore
import ReplywrightLLM
import ReplywrightStore

/// The model the insights features use in a workspace: the insights setting's model (else
/// drafting's), its effort coerced to what the model takes; `nil` without an LLM.
struct InsightsModel: Sendable {
    var llm: any LLMProvider
    var name: String
    var effort: ReasoningEffort?
    var catalog: ModelCatalog

    static func resolve(
        llm: (any LLMProvider)?, configuration: DraftingConfiguration, store: any SettingsStore & InsightsSettingsStore,
        in workspaceID: Identifier<Workspace>
    ) async throws -> InsightsModel? {
        guard let llm else { return nil }
        var effective = configuration
        if let drafting = try await store.draftingSettings(in: workspaceID) { effective = configuration.applying(drafting).configuration }
        let settings = try await store.insightsSettings(in: workspaceID)
        guard let name = settings.model ?? effective.model else { return nil }
        let requested = settings.effort != nil ? ModelCapabilities.effort(fromSetting: settings.effort) : effective.effort
        let (coerced, _) = configuration.catalog.capabilities(for: name).coerce(
            LLMRequest(model: name, messages: [], reasoningEffort: requested, context: LLMCallContext(featureID: "insights")))
        return InsightsModel(llm: llm, name: name, effort: coerced.reasoningEffort, catalog: configuration.catalog)
    }

    func outputBudget(answerTokens: Int) -> Int {
        catalog.capabilities(for: name).outputBudget(answerTokens: answerTokens, effort: effort)
    }
}
