import Foundation
import Logging
import ReplywrightCore
import ReplywrightLLM
import ReplywrightStore

/// Writes the draft reply to one inbound message: picks archetypes, asks the model for a
/// strategy (step 1) and one candidate per archetype in parallel (step 2), or lets the rules
/// tier compose them; scores every candidate; keeps the winner. One trigger, one draft.
///
/// Tiers: no model configured → rules. The model fails (errors, open breaker, invalid
/// strategy, every variant failed) → rules, recorded as `fallback`. Too little time left for
/// two steps → one step (variants without a strategy).
public struct DraftPipeline: Sendable {
    private let store: any DataStore
    private let llm: (any LLMProvider)?
    private let telemetry: AITelemetry
    /// The install's configuration; each draft applies its workspace's settings on top.
    public private(set) var configuration: DraftingConfiguration
    private let now: @Sendable () -> Date
    private let uniqueness: UniquenessIndexCache

    public init(
        store: any DataStore, llm: (any LLMProvider)?, telemetry: AITelemetry, configuration: DraftingConfiguration,
        uniqueness: UniquenessIndexCache = UniquenessIndexCache(), now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.store = store
        self.uniqueness = uniqueness
        self.llm = llm
        self.telemetry = telemetry
        self.configuration = configuration
        self.now = now
    }

    /// Everything the candidates are written and scored from.
    struct Situation: Sendable {
        var workspaceID: Identifier<Workspace>
        var lead: Lead
        var trigger: Message
        var conversation: [Message]
        var intent: ReplyIntent
        var archetypes: [Archetype]
        var attempt: Int
        var bundle: LeadContextBundle
    }

    struct Candidate: Sendable {
        var archetype: Archetype
        var body: String
    }

    /// Drafts a reply to `triggerID`, or returns the draft it already has.
    public func draft(
        replyingTo triggerID: Identifier<Message>, in workspaceID: Identifier<Workspace>, logger: Logger
    ) async throws -> Draft {
        if let existing = try await store.draft(forTrigger: triggerID, in: workspaceID) { return existing }
        let trigger = try await store.message(triggerID, in: workspaceID)
        return try await forWorkspace(workspaceID).write(replyingTo: trigger, in: workspaceID, regeneration: false, logger: logger)
    }

    /// A new draft for the lead's latest inbound message, with other archetypes than before
    /// (the attempt number changes the seed). Not tied to the trigger, so it never collides
    /// with the trigger's own draft.
    public func regenerate(for leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>, logger: Logger) async throws -> Draft {
        let conversation = try await store.messages(leadID: leadID, in: workspaceID)
        guard let trigger = conversation.last(where: { $0.direction == .inbound }) else {
            throw AppError(.conflict, "the lead has not written yet; there is nothing to reply to")
        }
        return try await forWorkspace(workspaceID).write(replyingTo: trigger, in: workspaceID, regeneration: true, logger: logger)
    }

    /// This pipeline with the workspace's saved settings applied.
    private func forWorkspace(_ workspaceID: Identifier<Workspace>) async throws -> DraftPipeline {
        guard let settings = try await store.draftingSettings(in: workspaceID) else { return self }
        var pipeline = self
        pipeline.configuration = configuration.applying(settings).configuration
        return pipeline
    }

    private func write(
        replyingTo trigger: Message, in workspaceID: Identifier<Workspace>, regeneration: Bool, logger: Logger
    ) async throws -> Draft {
        let deadline = now().addingTimeInterval(configuration.budget.timeInterval)
        let lead = try await store.lead(trigger.leadID, in: workspaceID)
        let conversation = try await store.messages(leadID: lead.id, in: workspaceID)
        let earlier = try await store.drafts(leadID: lead.id, in: workspaceID)
        let recentArchetypes = earlier.map(\.archetypeID)
        let attempt = regeneration ? earlier.count : 0
        let usage = try await store.archetypeUsage(in: workspaceID, limit: 500)
        var archetypes = ArchetypeSelector.select(
            count: configuration.variants, seed: (lead.id.rawValue, trigger.id.rawValue, attempt),
            allowed: configuration.archetypes, recentForLead: recentArchetypes, usage: usage)
        if !regeneration {
            // A retried job keeps the first attempt's archetypes even though usage has moved on.
            let planned = try await store.planArchetypes(archetypes.map(\.id), forTrigger: trigger.id, in: workspaceID)
            let known = planned.compactMap { id in ArchetypeCatalog.standard.first { $0.id == id } }
            if known.count == planned.count, !known.isEmpty { archetypes = known }
        }
        let bundle = configuration.contextBundle
            ? LeadContextBundle.assemble(
                .draft, budgets: configuration.bundleBudgets, assets: try await store.knowledgeAssets(in: workspaceID),
                memory: try await store.memory(leadID: lead.id, in: workspaceID, at: now()), lead: lead, now: now())
            : .disabled(.draft)
        let situation = Situation(
            workspaceID: workspaceID, lead: lead, trigger: trigger, conversation: conversation,
            intent: ReplyIntent.classify(trigger.body), archetypes: archetypes, attempt: attempt, bundle: bundle)

        var strategy: DraftStrategy?
        var candidates: [Candidate] = []
        var source = DecisionSource.rules
        if let llm, let model = configuration.model {
            do {
                (strategy, candidates) = try await modelCandidates(situation, llm: llm, model: model, deadline: deadline)
                source = .llm
            } catch {
                logger.warning("model drafting failed; the rules tier answers", metadata: ["error_code": "\(LLMError.code(of: error))"])
                source = .fallback
                try? await telemetry.recordDecision(
                    context(situation, feature: "draft.fallback"), source: .fallback, latency: .zero,
                    errorCode: LLMError.code(of: error), at: now())
            }
        }
        if candidates.isEmpty {
            let started = ContinuousClock.now
            candidates = rulesCandidates(situation)
            try? await telemetry.recordDecision(
                context(situation, feature: "draft.rules"), source: source == .fallback ? .fallback : .rules,
                latency: ContinuousClock.now - started,
                metadata: situation.bundle.stats.metadata.merging(["candidates": Double(candidates.count)]) { $1 }, at: now())
        }
        return try await choose(
            candidates, strategy: strategy, situation: situation, source: source, regeneration: regeneration, deadline: deadline)
    }

    // MARK: - Tiers

    private func modelCandidates(
        _ situation: Situation, llm: any LLMProvider, model: String, deadline: Date
    ) async throws -> (DraftStrategy?, [Candidate]) {
        let conversation = Self.transcript(situation.conversation) + Self.contextSection(situation.bundle)
        var strategy: DraftStrategy?
        if deadline.timeIntervalSince(now()) >= configuration.twoStepMinimum.timeInterval {
            let plan = try await llm.generateStructured(LLMRequest(
                model: model,
                messages: [
                    .system("You plan email replies for a sales team. Answer with the JSON object only."),
                    .user("Conversation (oldest first):\n\(conversation)\n\nPlan the reply to the lead's last message."),
                ],
                reasoningEffort: configuration.effort, maxOutputTokens: 600, deadline: deadline,
                context: context(situation, feature: "draft.strategy", prompt: BuiltinPrompts.draftStrategyEmail)),
                schema: DraftStrategy.schema)
            strategy = DraftStrategy(plan.value)
        }
        let brief = strategy?.brief ?? "Intent: \(situation.intent.rawValue.replacingOccurrences(of: "_", with: " "))."
        let candidates = await withTaskGroup(of: (Int, Candidate?).self) { group in
            for (index, archetype) in situation.archetypes.enumerated() {
                group.addTask {
                    let response = try? await llm.generate(LLMRequest(
                        model: model,
                        messages: [
                            .system("You write one email reply for a sales team. Plain text, no subject line. Never mention the plan."),
                            .user("Plan:\n\(brief)\n\nStructure: \(archetype.instructions)\n\nConversation:\n\(conversation)\n\nWrite the reply."),
                        ],
                        reasoningEffort: configuration.effort, temperature: 1.0,
                        maxOutputTokens: archetype.length.words.upperBound * 3, deadline: deadline,
                        context: context(situation, feature: "draft.variant", prompt: BuiltinPrompts.draftVariantEmail)))
                    guard let text = response?.text.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return (index, nil) }
                    return (index, Candidate(archetype: archetype, body: text))
                }
            }
            var results: [(Int, Candidate)] = []
            for await (index, candidate) in group { if let candidate { results.append((index, candidate)) } }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
        guard !candidates.isEmpty else { throw LLMError(.serverError, "every variant call failed") }
        return (strategy, candidates)
    }

    private func rulesCandidates(_ situation: Situation) -> [Candidate] {
        let variables = situation.lead.customVariables.compactMapValues(\.textValue)
        // Only sentences from the knowledge, so the rules tier states nothing it was not told.
        let facts: [String]
        switch situation.intent {
        case .pricingQuestion: facts = situation.bundle.sentences(mentioning: ["$", "€", "£", "price", "pricing", "per seat", "per month", "plan"])
        case .question, .objection, .interested: facts = Array(situation.bundle.sentences().prefix(2))
        default: facts = []
        }
        return situation.archetypes.map { archetype in
            Candidate(archetype: archetype, body: RulesComposer().compose(RulesComposer.Inputs(
                intent: situation.intent, archetype: archetype, firstName: situation.lead.firstName, company: situation.lead.company,
                variables: variables, facts: facts, senderName: configuration.senderName,
                seed: "\(situation.lead.id)|\(situation.trigger.id)|\(situation.attempt)")))
        }
    }

    // MARK: - Scoring, the winner and corrections

    /// Scores candidates the same way every time (pure, nothing recorded).
    struct Scorer {
        var index: NearDuplicateIndex
        var voice: VoiceProfile
        var allowedSources: String
        var bannedPhrases: [String]
        var points: [String]
        var mode: ScoringMode

        func check(_ archetype: Archetype) -> ScopeCheck {
            ScopeCheck(lengthBand: archetype.length.words, bannedPhrases: bannedPhrases, allowedSources: allowedSources)
        }

        /// `relevance`: to the inbound, from `DraftPipeline.relevances` (semantic or lexical).
        func score(_ candidate: Candidate, relevance: Double) -> (scores: CandidateScores, combined: Double, violations: [ScopeCheck.Violation]) {
            let violations = check(candidate.archetype).violations(in: candidate.body)
            let scores = CandidateScores(
                coverage: StrategyCoverage.score(candidate.body, points: points),
                voice: voice.similarity(of: candidate.body), scope: max(0, 1 - Double(violations.count) * 0.25),
                uniqueness: UniquenessScore.score(index.match(candidate.body)),
                relevance: relevance)
            return (scores, mode.combined(scores), violations)
        }
    }

    private func choose(
        _ candidates: [Candidate], strategy: DraftStrategy?, situation: Situation, source: DecisionSource, regeneration: Bool,
        deadline: Date
    ) async throws -> Draft {
        let known = try await uniqueness.snapshot(for: situation.workspaceID, store: store)
        let scorer = Scorer(
            index: known.index, voice: known.voice,
            allowedSources: Self.allowedSources(situation),
            bannedPhrases: configuration.bannedPhrases, points: strategy?.points ?? [], mode: .draft)
        let relevance = await relevances(of: candidates.map(\.body), situation: situation, deadline: deadline)
        let scored = zip(candidates, relevance).map(scorer.score)
        let winner = WinnerSelection.pick(scored.map(\.combined)) ?? 0
        var body = candidates[winner].body
        var result = scored[winner]
        var correction = Draft.Correction.none
        if !scorer.mode.passes(result.scores) {
            (body, result, correction) = await correct(
                candidates[winner], scored: result, scorer: scorer, strategy: strategy, situation: situation,
                modelTier: source == .llm, deadline: deadline)
        }
        let stats = zip(candidates, scored).map { candidate, score -> [String: Double] in
            ["words": Double(TextShingles.words(candidate.body).count), "combined": score.combined,
             "scope_violations": Double(score.violations.count),
             "archetype": Double(configuration.archetypes.firstIndex(of: candidate.archetype) ?? -1)]
        }
        let time = now()
        let draft = Draft(
            id: Identifier(UUID().uuidString.lowercased()), workspaceID: situation.workspaceID, leadID: situation.lead.id,
            triggerMessageID: regeneration ? nil : situation.trigger.id, status: .pending, source: source, intent: strategy?.intent ?? situation.intent,
            archetypeID: candidates[winner].archetype.id, body: body, scores: result.scores,
            combinedScore: result.combined, correction: correction, candidateStats: stats,
            bundleStats: situation.bundle.stats.metadata, createdAt: time, updatedAt: time)
        return try await store.insertDraft(draft).draft
    }

    /// Below threshold: regenerate once with the failed checks as constraints (model tier,
    /// time permitting), else edit the violations out, else keep it as it is, for a human.
    /// Each step is kept only if it reaches the threshold.
    private func correct(
        _ winner: Candidate, scored: (scores: CandidateScores, combined: Double, violations: [ScopeCheck.Violation]),
        scorer: Scorer, strategy: DraftStrategy?, situation: Situation, modelTier: Bool, deadline: Date
    ) async -> (String, (scores: CandidateScores, combined: Double, violations: [ScopeCheck.Violation]), Draft.Correction) {
        if modelTier, let llm, let model = configuration.model, deadline.timeIntervalSince(now()) > 2 {
            let constraints = scored.violations.isEmpty
                ? "Cover every point of the plan and answer the lead's message directly."
                : scored.violations.map { "Fix: \($0)." }.joined(separator: " ")
            let response = try? await llm.generate(LLMRequest(
                model: model,
                messages: [
                    .system("You write one email reply for a sales team. Plain text, no subject line. Never mention the plan."),
                    .user("Plan:\n\(strategy?.brief ?? "")\n\nStructure: \(winner.archetype.instructions)\n\nConversation:\n"
                        + Self.transcript(situation.conversation) + Self.contextSection(situation.bundle)
                        + "\n\nA first draft failed these checks. \(constraints)\n\nWrite the reply."),
                ],
                reasoningEffort: configuration.effort, temperature: 0.7, maxOutputTokens: winner.archetype.length.words.upperBound * 3,
                deadline: deadline, context: context(situation, feature: "draft.constraint_boost", prompt: BuiltinPrompts.draftVariantEmail)))
            if let text = response?.text.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty {
                let relevance = await relevances(of: [text], situation: situation, deadline: deadline)[0]
                let boosted = scorer.score(Candidate(archetype: winner.archetype, body: text), relevance: relevance)
                if scorer.mode.passes(boosted.scores) { return (text, boosted, .constraintBoost) }
            }
        }
        let edited = MinimalEdit.apply(winner.body, check: scorer.check(winner.archetype))
        if !edited.isEmpty, edited != winner.body {
            let relevance = await relevances(of: [edited], situation: situation, deadline: deadline)[0]
            let rescored = scorer.score(Candidate(archetype: winner.archetype, body: edited), relevance: relevance)
            if scorer.mode.passes(rescored.scores) { return (edited, rescored, .minimalEdit) }
        }
        return (winner.body, scored, .passThrough)
    }

    /// How well each text answers the inbound: the cosine similarity of their embeddings when
    /// an embedding model is configured (one call for all texts), else lexical. A failed
    /// embedding call falls back to lexical for this draft, recorded by the gateway.
    private func relevances(of texts: [String], situation: Situation, deadline: Date) async -> [Double] {
        let inbound = situation.trigger.body
        let lexical = texts.map { Self.relevance($0, to: inbound) }
        guard let llm, let model = configuration.embeddingModel, deadline > now() else { return lexical }
        do {
            let response = try await llm.embed(EmbeddingRequest(
                model: model, inputs: [inbound] + texts, deadline: deadline, context: context(situation, feature: "draft.relevance")))
            guard response.vectors.count == texts.count + 1 else { return lexical }
            return response.vectors.dropFirst().map { max(0, Self.cosine($0, response.vectors[0])) }
        } catch {
            return lexical
        }
    }

    static func cosine(_ a: [Double], _ b: [Double]) -> Double {
        guard a.count == b.count, !a.isEmpty else { return 0 }
        var dot = 0.0, normA = 0.0, normB = 0.0
        for (x, y) in zip(a, b) { dot += x * y; normA += x * x; normB += y * y }
        return normA > 0 && normB > 0 ? dot / (normA.squareRoot() * normB.squareRoot()) : 0
    }

    /// Lexical relevance: the share of the inbound's content words the reply picks up,
    /// saturating at a third (a reply need not echo everything).
    static func relevance(_ reply: String, to inbound: String) -> Double {
        let wanted = StrategyCoverage.contentWords(inbound)
        guard !wanted.isEmpty else { return 1 }
        let have = StrategyCoverage.contentWords(reply)
        return min(1, Double(wanted.intersection(have).count) / Double(wanted.count) * 3)
    }

    /// Where a draft's numbers may come from: the conversation, the knowledge, and the lead's
    /// own details (a company called "Studio 54" is not an invented figure).
    static func allowedSources(_ situation: Situation) -> String {
        let lead = situation.lead
        let details = [lead.company, lead.firstName, lead.lastName].compactMap { $0 } + lead.customVariables.values.compactMap(\.textValue)
        return (situation.conversation.map(\.body) + [situation.bundle.knowledgeText] + details).joined(separator: "\n")
    }

    /// What we know, for the prompts (empty when the bundle is off or empty).
    static func contextSection(_ bundle: LeadContextBundle) -> String {
        var parts: [String] = []
        if !bundle.knowledge.isEmpty { parts.append("\n\nWhat we know (use only these facts):\n\(bundle.knowledgeText)") }
        if !bundle.memory.isEmpty { parts.append("\n\nAbout this lead:\n\(bundle.memoryText)") }
        if let website = bundle.websiteURL { parts.append("\n\nOur website: \(website)") }
        return parts.joined()
    }

    static func transcript(_ messages: [Message]) -> String {
        messages.suffix(12).map { "\($0.direction == .inbound ? "Lead" : "Us"): \($0.body)" }.joined(separator: "\n")
    }

    private func context(_ situation: Situation, feature: String, prompt: PromptTemplate? = nil) -> LLMCallContext {
        LLMCallContext(workspaceID: situation.workspaceID, featureID: feature, promptKey: prompt?.key, promptVersion: prompt?.version,
                       metadata: situation.bundle.stats.metadata)
    }
}
