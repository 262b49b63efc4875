import Foundation
import Logging
import ReplywrightCore
import ReplywrightLLM
import ReplywrightStore

/// Refines a setter's own text: several candidates (the model's, or the rules tier's edits),
/// scored against the team's voice with the mode's weights, the best kept, with the same
/// correction rules as drafts (scope failures edited out, else passed through).
public struct RefinePipeline: Sendable {
    public struct Result: Sendable {
        public var text: String
        public var source: DecisionSource
        public var scores: CandidateScores
        public var combinedScore: Double
        public var correction: Draft.Correction
        /// Per candidate: words and combined score.
        public var candidateStats: [[String: Double]]
    }

    private let store: any PromptStore & DraftStore
    private let llm: (any LLMProvider)?
    private let telemetry: AITelemetry
    private let configuration: DraftingConfiguration
    private let now: @Sendable () -> Date
    /// Where the team's voice comes from (shared with drafting when one process runs both).
    private let known: UniquenessIndexCache

    public init(
        store: any PromptStore & DraftStore, llm: (any LLMProvider)?, telemetry: AITelemetry, configuration: DraftingConfiguration,
        known: UniquenessIndexCache = UniquenessIndexCache(), now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.store = store
        self.known = known
        self.llm = llm
        self.telemetry = telemetry
        self.configuration = configuration
        self.now = now
    }

    public func refine(
        _ text: String, mode: RefineMode, nudge: RefineNudge?, in workspaceID: Identifier<Workspace>, logger: Logger
    ) async throws -> Result {
        let original = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !original.isEmpty else { throw AppError.invalid("text: nothing to refine") }
        guard original.count <= 20_000 else { throw AppError.invalid("text: at most 20000 characters") }
        let context = LLMCallContext(workspaceID: workspaceID, featureID: "refine.\(mode.rawValue)")
        var modelTier: (() async throws -> [String]?)?
        if let llm, let model = configuration.model {
            modelTier = {
                let template = try await PromptRegistry(store: self.store).resolve(BuiltinPrompts.refineEdit.key, for: workspaceID)
                return try await self.modelCandidates(
                    original, mode: mode, nudge: nudge, template: template, llm: llm, model: model, context: template.stamp(context))
            }
        }
        let (candidates, source) = try await TieredDecision(telemetry: telemetry, logger: logger, now: now).run(
            context, model: modelTier, stats: { ["candidates": Double($0.count)] }
        ) { _ in Self.rulesCandidates(original, mode: mode, nudge: nudge) }

        // Scope: about the original's length (shorter asks for less), no new numbers, placeholders or leaks.
        let words = TextShingles.words(original).count
        let band = nudge == .shorter ? max(1, words / 3)...max(2, words) : max(1, words / 2)...max(2, words * 2)
        let check = ScopeCheck(lengthBand: band, lengthTolerance: 0.1, bannedPhrases: configuration.bannedPhrases, allowedSources: original)
        let voice = try await known.snapshot(for: workspaceID, store: store).voice
        let scoring = mode.scoring
        func score(_ candidate: String) -> CandidateScores {
            CandidateScores(
                coverage: DraftPipeline.relevance(candidate, to: original), voice: voice.similarity(of: candidate),
                scope: check.score(candidate), uniqueness: 1,
                relevance: DraftPipeline.relevance(candidate, to: original))
        }
        let scored = candidates.map(score)
        let winner = WinnerSelection.pick(scored.map(scoring.combined)) ?? 0
        var text = candidates[winner]
        var scores = scored[winner]
        var correction = Draft.Correction.none
        if !scoring.passes(scores) {
            let edited = MinimalEdit.apply(text, check: check)
            if !edited.isEmpty, edited != text, scoring.passes(score(edited)) {
                (text, scores, correction) = (edited, score(edited), .minimalEdit)
            } else {
                correction = .passThrough
            }
        }
        return Result(
            text: text, source: source, scores: scores, combinedScore: scoring.combined(scores), correction: correction,
            candidateStats: zip(candidates, scored).map { ["words": Double(TextShingles.words($0).count), "combined": scoring.combined($1)] })
    }

    /// Rules tier: with a nudge (and a mode beyond copy), the nudged text with and without
    /// the copy edit, so the nudge is never lost to a tie; otherwise the copy edit alone.
    static func rulesCandidates(_ text: String, mode: RefineMode, nudge: RefineNudge?) -> [String] {
        let copyEdited = RulesRefiner.copyEdit(text)
        guard mode != .copy, let nudge else { return [copyEdited] }
        let candidates = [RulesRefiner.copyEdit(RulesRefiner.apply(nudge, to: copyEdited)), RulesRefiner.apply(nudge, to: text)]
        return candidates[0] == candidates[1] ? [candidates[0]] : candidates
    }

    private func modelCandidates(
        _ text: String, mode: RefineMode, nudge: RefineNudge?, template: PromptRegistry.Resolved, llm: any LLMProvider, model: String,
        context: LLMCallContext
    ) async throws -> [String] {
        let instruction: String
        switch mode {
        case .developmental: instruction = "Rethink the content and order where it helps; keep the author's facts and intent."
        case .line: instruction = "Rework sentences for clarity and flow; keep the content and order."
        case .copy: instruction = "Fix only spelling, grammar, punctuation and spacing; change nothing else."
        }
        let temperature = mode == .copy ? 0.2 : mode == .line ? 0.6 : 0.9
        let deadline = now().addingTimeInterval(configuration.budget.timeInterval)
        let count = min(configuration.variants, 3)
        let results = await withTaskGroup(of: (Int, String?).self) { group in
            for index in 0..<count {
                group.addTask {
                    let response = try? await llm.generate(
                        LLMRequest(
                            model: model,
                            messages: template.messages(["mode_instruction": instruction, "nudge": nudge?.instruction ?? "", "text": text]),
                            reasoningEffort: configuration.effort, temperature: temperature,
                            maxOutputTokens: configuration.catalog.capabilities(for: model).outputBudget(
                                answerTokens: max(200, text.count / 2), effort: configuration.effort),
                            deadline: deadline, context: context))
                    // A cut-off edit would lose the end of the setter's text: never offer it.
                    guard let response, response.finishReason != .length else { return (index, nil) }
                    let output = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
                    return (index, output.isEmpty ? nil : output)
                }
            }
            var collected: [(Int, String)] = []
            for await (index, text) in group { if let text { collected.append((index, text)) } }
            return collected.sorted { $0.0 < $1.0 }.map(\.1)
        }
        guard !results.isEmpty else { throw LLMError(.serverError, "every refine call failed") }
        return results
    }
}
