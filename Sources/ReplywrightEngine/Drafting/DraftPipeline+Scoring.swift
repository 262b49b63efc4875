import Foundation
import ReplywrightCore
import ReplywrightLLM
import ReplywrightStore

/// Scoring every candidate, the deterministic winner and the correction path.
extension DraftPipeline {
    typealias Scored = (scores: CandidateScores, combined: Double, violations: [ScopeCheck.Violation])

    /// Scores candidates the same way every time (pure, nothing recorded).
    struct Scorer {
        var index: NearDuplicateIndex
        var voice: VoiceProfile
        var allowedSources: String
        var bannedPhrases: [String]
        var points: [String]
        var mode: ScoringMode
        /// The rules tier writes what the reply needs and no filler: its band is an upper bound.
        var upperBoundOnly = false

        func check(_ archetype: Archetype) -> ScopeCheck {
            let band = archetype.length.words
            return ScopeCheck(
                lengthBand: upperBoundOnly ? 1...band.upperBound : band, bannedPhrases: bannedPhrases,
                allowedSources: allowedSources)
        }

        /// `relevance`: to the inbound, from `DraftPipeline.relevances` (semantic or lexical).
        func score(_ candidate: Candidate, relevance: Double) -> Scored {
            let violations = check(candidate.archetype).violations(in: candidate.body)
            let scores = CandidateScores(
                coverage: StrategyCoverage.score(candidate.body, points: points),
                voice: voice.similarity(of: candidate.body), scope: ScopeCheck.score(violations),
                uniqueness: UniquenessScore.score(index.match(candidate.body)),
                relevance: relevance)
            return (scores, mode.combined(scores), violations)
        }
    }

    func scorer(_ situation: Situation, strategy: DraftStrategy?, source: DecisionSource) -> Scorer {
        let known = situation.known
        // The thread's setter's own voice once it has enough evidence, else the team's.
        let personal = situation.context.sender.userID.flatMap { known.voices[$0] }
        let voice = personal.flatMap { $0.isEnforced() ? $0 : nil } ?? known.voice
        return Scorer(
            index: known.index, voice: voice, allowedSources: Self.allowedSources(situation),
            bannedPhrases: configuration.bannedPhrases, points: strategy?.points ?? [], mode: .draft, upperBoundOnly: source != .llm)
    }

    /// The scores of `body` as a replacement for `draft`'s text (a setter's edit), measured as
    /// its candidates were: voice, scope (the archetype's length band, banned phrases, nothing
    /// the conversation and knowledge do not say) and relevance to the message it answers.
    /// Coverage was measured against the plan and uniqueness against the texts stored then (the
    /// draft's own text among them now), so those two stay as they were.
    public func rescore(_ draft: Draft, body: String) async throws -> (scores: CandidateScores, combined: Double) {
        let pipeline = try await forWorkspace(draft.workspaceID)
        let conversation = try await store.messages(leadID: draft.leadID, in: draft.workspaceID)
        let trigger =
            draft.triggerMessageID.flatMap { id in conversation.first { $0.id == id } }
            ?? conversation.last { $0.direction == .inbound }
        guard let trigger else { return (draft.scores, draft.combinedScore) }
        let situation = try await pipeline.situation(
            replyingTo: trigger.readable, signature: LeadTimeZone.signature(in: trigger.body), in: draft.workspaceID, regeneration: true,
            jobID: nil)
        let scorer = pipeline.scorer(situation, strategy: nil, source: draft.source)
        let archetype = ArchetypeCatalog.standard.first { $0.id == draft.archetypeID } ?? situation.archetypes[0]
        let relevance = await pipeline.relevances(
            of: [body], situation: situation, deadline: now().addingTimeInterval(configuration.budget.timeInterval))[0]
        var scores = scorer.score(Candidate(archetype: archetype, body: body), relevance: relevance).scores
        scores.coverage = draft.scores.coverage
        scores.uniqueness = draft.scores.uniqueness
        return (scores, scorer.mode.combined(scores))
    }

    func choose(
        _ candidates: [Candidate], strategy: DraftStrategy?, situation: Situation, source: DecisionSource, regeneration: Bool,
        deadline: Date
    ) async throws -> Draft {
        let scorer = scorer(situation, strategy: strategy, source: source)
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
            [
                "words": Double(TextShingles.words(candidate.body).count), "combined": score.combined,
                "scope_violations": Double(score.violations.count),
                "archetype": Double(configuration.archetypes.firstIndex(of: candidate.archetype) ?? -1),
            ]
        }
        let time = now()
        // A job that answers a message the lead has since followed up on writes a draft nobody
        // should send: it is stored, but superseded from the start.
        let latest = situation.conversation.last { $0.direction == .inbound }?.id
        let draft = Draft(
            id: situation.draftID, workspaceID: situation.workspaceID, leadID: situation.lead.id,
            triggerMessageID: regeneration ? nil : situation.trigger.id, status: latest == situation.trigger.id ? .pending : .superseded,
            source: source,
            intent: strategy?.intent ?? situation.intent, rulesIntent: situation.intent,
            needsAnswer: situation.context.questions.contains { $0.answer == nil } || situation.context.material.map { $0.url == nil } == true,
            archetypeID: candidates[winner].archetype.id, body: body, scores: result.scores,
            combinedScore: result.combined, correction: correction, candidateStats: stats,
            bundleStats: situation.bundle.stats.metadata, createdAt: time, updatedAt: time, answersMessageID: situation.trigger.id,
            candidates: candidates.map(\.body))
        if trial != nil { return draft }  // an eval's trial stores nothing
        let stored = try await store.insertDraft(draft).draft
        // A regeneration replaces the drafts it was asked instead of.
        if regeneration, stored.status == .pending {
            _ = try await store.supersedeWaitingDrafts(leadID: situation.lead.id, keeping: stored.id, in: situation.workspaceID)
        }
        // The slots this draft offers are held for the lead, so no other lead is offered them
        // meanwhile: those its text names (all offered, when the writer put them in its own words).
        // A time the draft confirms is held for the lead until they book it.
        let context = situation.context
        var held = zip(context.slots, context.offers).filter { body.contains(SpokenTime.withoutConversions($0.1)) }.map(\.0)
        if held.isEmpty { held = context.slots }
        if case .confirm(let slot) = context.booking, situation.reading.proposesTime { held = [slot.start] }
        if stored.status == .pending, !held.isEmpty {
            try await store.holdSlots(
                held, leadID: situation.lead.id, draftID: stored.id, until: now().addingTimeInterval(BookingSettings.holdDuration),
                in: situation.workspaceID)
        }
        return stored
    }

    /// Below threshold: regenerate once with the failed checks as constraints (model tier,
    /// time permitting), else edit the violations out, else keep it as it is, for a human.
    /// Each step is kept only if it reaches the threshold.
    private func correct(
        _ winner: Candidate, scored: Scored, scorer: Scorer, strategy: DraftStrategy?, situation: Situation, modelTier: Bool,
        deadline: Date
    ) async -> (String, Scored, Draft.Correction) {
        if modelTier, let llm, let model = configuration.model, deadline.timeIntervalSince(now()) > 2 {
            let fixes = ScopeCheck.fixes(for: scored.violations)
            var values = situation.context.values(archetype: winner.archetype, plan: strategy?.brief)
            values["fixes"] = (fixes.isEmpty ? ["Answer every question in the lead's message and cover every note."] : fixes)
                .map { "- \($0)" }.joined(separator: "\n")
            var template = try? await prompts.resolve(BuiltinPrompts.draftBoostEmail.key, for: situation.workspaceID)
            if let candidate = trial?.prompt, candidate.key == BuiltinPrompts.draftBoostEmail.key {
                template = PromptRegistry.Resolved(template: candidate, revision: -1)
            }
            if let template,
                let text = await write(
                    situation, template: template, values: values, archetype: winner.archetype, temperature: 0.7,
                    feature: "draft.constraint_boost", llm: llm, model: model, deadline: deadline)
            {
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
    func relevances(of texts: [String], situation: Situation, deadline: Date) async -> [Double] {
        let inbound = situation.trigger.body
        let lexical = texts.map { Self.relevance($0, to: inbound) }
        guard let llm, let model = configuration.embeddingModel, deadline > now() else { return lexical }
        do {
            let response = try await llm.embed(
                EmbeddingRequest(
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
        for (x, y) in zip(a, b) {
            dot += x * y
            normA += x * x
            normB += y * y
        }
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

    /// Where a draft's numbers may come from: the conversation, the knowledge, the lead's own
    /// details (a company called "Studio 54" is not an invented figure) and the booking
    /// decision's times and dates as the prompt spelled them.
    static func allowedSources(_ situation: Situation) -> String {
        let lead = situation.lead
        let details = [lead.company, lead.firstName, lead.lastName].compactMap { $0 } + lead.customVariables.values.compactMap(\.textValue)
        return
            (situation.conversation.map(\.body) + [
                situation.bundle.knowledgeText, situation.context.bookingText,
                situation.context.sender.signature,
            ] + details).joined(separator: "\n")
    }
}
