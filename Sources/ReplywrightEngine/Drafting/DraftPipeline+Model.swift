import Foundation
import Logging
import ReplywrightCore
import ReplywrightLLM

/// The model tier: step 1 (a strict-JSON strategy) and step 2 (one candidate per archetype,
/// in parallel), each rendered from the workspace's templates.
extension DraftPipeline {
    func modelCandidates(
        _ situation: Situation, llm: any LLMProvider, model: String, deadline: Date, logger: Logger
    ) async throws -> (DraftStrategy?, [Candidate]) {
        let prompts = try await self.prompts.resolveAll(for: situation.workspaceID).trying(trial?.prompt)
        var planned = situation
        var strategy: DraftStrategy?
        if situation.followUp == nil, deadline.timeIntervalSince(now()) >= configuration.twoStepMinimum.timeInterval {
            do {
                // The plan gets half the time left, so a slow one still leaves the variants room.
                let planDeadline = now().addingTimeInterval(deadline.timeIntervalSince(now()) / 2)
                strategy = try await plan(
                    situation, template: prompts(BuiltinPrompts.draftStrategyEmail), llm: llm, model: model,
                    deadline: planDeadline)
            } catch let error as LLMError
                where [.schemaMismatch, .truncated, .malformedResponse, .timeout, .deadlineExceeded].contains(error.code)
            {
                // The model answers, just not with a usable plan (or not in time for one): write without one.
                logger.info("strategy unusable after its repair; drafting in one step", metadata: ["error_code": "\(error.code.rawValue)"])
            }
        }
        if let strategy, !strategy.questions.isEmpty {
            planned.context.questions = strategy.questions.map { DraftContext.Question(text: $0, answer: situation.retriever.answer($0)) }
        }
        let situation = planned
        let variant = prompts(BuiltinPrompts.draftVariantEmail)
        let brief = strategy?.brief ?? situation.followUp.map(Self.followUpBrief)
        let candidates = await withTaskGroup(of: (Int, Candidate?).self) { group in
            for (index, archetype) in situation.archetypes.enumerated() {
                group.addTask {
                    let text = await self.write(
                        situation, template: variant, values: situation.context.values(archetype: archetype, plan: brief),
                        archetype: archetype, temperature: 1.0, feature: "draft.variant", llm: llm, model: model, deadline: deadline)
                    return (index, text.map { Candidate(archetype: archetype, body: $0) })
                }
            }
            var results: [(Int, Candidate)] = []
            for await (index, candidate) in group { if let candidate { results.append((index, candidate)) } }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
        guard !candidates.isEmpty else { throw LLMError(.serverError, "every variant call failed or was cut off") }
        return (strategy, candidates)
    }

    /// The plan of a scheduled follow-up (there is no new message to plan an answer to).
    static func followUpBrief(_ reason: FollowUp.Reason) -> String {
        switch reason {
        case .outOfOffice:
            return "This is a follow-up: the lead was away (their out-of-office reply is the marked message) and is back now. "
                + "Welcome them back in one line, pick up where the conversation left off, and make one clear call to action."
        case .notNow:
            return "This is a follow-up the lead asked for: they said the timing was wrong and named this time to hear back. "
                + "Remind them briefly why you wrote, and make one clear, easy call to action."
        }
    }

    /// Step 1. Hooks on variables the lead lacks and facts from assets not given are dropped.
    private func plan(
        _ situation: Situation, template: PromptRegistry.Resolved, llm: any LLMProvider, model: String, deadline: Date
    ) async throws -> DraftStrategy {
        let budget = configuration.catalog.capabilities(for: model).outputBudget(answerTokens: 900, effort: configuration.effort)
        let answer = try await llm.generateStructured(
            LLMRequest(
                model: model, messages: template.messages(situation.context.values), reasoningEffort: configuration.effort,
                maxOutputTokens: budget, deadline: deadline, context: template.stamp(context(situation, feature: "draft.strategy"))),
            schema: DraftStrategy.schema)
        return DraftStrategy(
            answer.value, variables: Swift.Set(situation.lead.customVariables.keys),
            assets: Swift.Set(situation.bundle.knowledge.map(\.title)))
    }

    /// One candidate's text, or `nil`. An answer cut off at the token limit is never used: it
    /// is asked once more with twice the room, then dropped.
    func write(
        _ situation: Situation, template: PromptRegistry.Resolved, values: [String: String], archetype: Archetype,
        temperature: Double, feature: String, llm: any LLMProvider, model: String, deadline: Date
    ) async -> String? {
        let capabilities = configuration.catalog.capabilities(for: model)
        // Visible tokens for the longest reply the structure allows, plus its signature.
        let answer = max(160, archetype.length.words.upperBound * 2 + 40)
        var request = LLMRequest(
            model: model, messages: template.messages(values), reasoningEffort: configuration.effort, temperature: temperature,
            maxOutputTokens: capabilities.outputBudget(answerTokens: answer, effort: configuration.effort), deadline: deadline,
            context: template.stamp(context(situation, feature: feature)))
        for _ in 0..<2 {
            guard let response = try? await llm.generate(request) else { return nil }
            if response.finishReason == .length {
                request.maxOutputTokens = request.maxOutputTokens.map { min($0 * 2, max(capabilities.maxOutputTokens, $0)) }
                request.context.isRepair = true
                continue
            }
            let text = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? nil : text
        }
        return nil
    }
}
