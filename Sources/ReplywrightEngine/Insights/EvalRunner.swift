import Foundation
import Logging
import ReplywrightCore
import ReplywrightLLM
import ReplywrightStore

/// Runs an eval: the newest inbound messages with known outcomes, each drafted as the workspace
/// stands and with the candidate change (`DraftTrial`, nothing stored), scored directly (rubric
/// → pass, 0–10, reason) and judged pairwise in both orders (a win only when both orders agree).
/// With no model the rules judge (the scoring functions) decides. Runs and items are stored as
/// they go.
public struct EvalRunner: Sendable {
    let store: any EvalStore & KnowledgeStore & PromptStore & SettingsStore & InsightsSettingsStore
    let pipeline: DraftPipeline
    let llm: (any LLMProvider)?
    let configuration: DraftingConfiguration
    let prompts: PromptRegistry
    let now: @Sendable () -> Date
    let logger: Logger

    public static let defaultItems = 20
    public static let maxItems = 50

    public init(
        store: any EvalStore & KnowledgeStore & PromptStore & SettingsStore & InsightsSettingsStore, pipeline: DraftPipeline, llm: (any LLMProvider)?,
        configuration: DraftingConfiguration,
        logger: Logger = Logger(label: "replywright.evals"), now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.store = store
        self.pipeline = pipeline
        self.llm = llm
        self.configuration = configuration
        self.prompts = PromptRegistry(store: store)
        self.now = now
        self.logger = logger
    }

    /// Checks a candidate: exactly one change, a known prompt key with known placeholders, or a
    /// valid asset (of this workspace when it names one).
    static func validate(_ trial: DraftTrial, prompts: PromptRegistry, store: any KnowledgeStore, in workspaceID: Identifier<Workspace>)
        async throws -> (DraftTrial, EvalRun.TargetKind, String)
    {
        switch (trial.prompt, trial.knowledge) {
        case (let prompt?, nil):
            let template = try prompts.validatedOverride(key: prompt.key, system: prompt.system, user: prompt.user)
            return (DraftTrial(prompt: template), .prompt, template.key)
        case (nil, let knowledge?):
            if let assetID = knowledge.assetID { _ = try await store.knowledgeAsset(Identifier(assetID), in: workspaceID) }
            let change = DraftTrial.KnowledgeChange(assetID: knowledge.assetID, input: try knowledge.input.validated())
            return (DraftTrial(knowledge: change), .knowledge, knowledge.assetID ?? "new")
        default:
            throw AppError.invalid("a candidate changes exactly one thing: a prompt ({key, system, user}) or a knowledge asset")
        }
    }

    public func run(
        _ candidate: DraftTrial, items count: Int = defaultItems, createdBy: String?, in workspaceID: Identifier<Workspace>,
        progress: @Sendable (EvalRun, Int) async -> Void = { _, _ in }
    ) async throws -> EvalRun {
        guard (1...Self.maxItems).contains(count) else { throw AppError.invalid("items: 1 to \(Self.maxItems)") }
        let (trial, kind, target) = try await Self.validate(candidate, prompts: prompts, store: store, in: workspaceID)
        let matured = TimeInterval(AttributionParameters.defaultAttributionDays + AttributionParameters.defaultMaturityDays) * 86_400
        let messages = try await store.evalMessages(in: workspaceID, decidedBefore: now().addingTimeInterval(-matured), limit: count)
        guard !messages.isEmpty else {
            throw AppError(.conflict, "no inbound message has a known outcome yet (booked, or older than \(Int(matured / 86_400)) days)")
        }
        let judge = try await InsightsModel.resolve(llm: llm, configuration: configuration, store: store, in: workspaceID)
        var run = EvalRun(
            id: Identifier(UUID().uuidString.lowercased()), workspaceID: workspaceID, targetKind: kind, target: target,
            candidate: String(decoding: try CanonicalJSON.encoder.encode(trial), as: UTF8.self), judge: judge == nil ? .rules : .llm,
            createdBy: createdBy, createdAt: now())
        try await store.createEvalRun(run)
        var items: [EvalItem] = []
        do {
            for (position, entry) in messages.enumerated() {
                let item = await judgeOne(entry.message, outcome: entry.outcome, trial: trial, judge: judge, position: position, in: workspaceID)
                try await store.saveEvalItem(item, runID: run.id, in: workspaceID)
                items.append(item)
                run.summary = EvalSummary(items: items)
                await progress(run, messages.count)
            }
            run.state = .completed
        } catch {
            run.state = .failed
            run.finishedAt = now()
            try? await store.saveEvalRun(run)
            throw error
        }
        run.finishedAt = now()
        try await store.saveEvalRun(run)
        return run
    }

    private func judgeOne(
        _ message: Message, outcome: String, trial: DraftTrial, judge: InsightsModel?, position: Int, in workspaceID: Identifier<Workspace>
    ) async -> EvalItem {
        var item = EvalItem(
            id: UUID().uuidString.lowercased(), messageID: message.id.rawValue, outcome: outcome, currentText: "", candidateText: "",
            currentScore: nil, candidateScore: nil, votes: [], verdict: nil, error: nil, position: position)
        let current: Draft
        let candidate: Draft
        do {
            current = try await pipeline.trial(replyingTo: message.id, in: workspaceID, trial: DraftTrial(), logger: logger)
            candidate = try await pipeline.trial(replyingTo: message.id, in: workspaceID, trial: trial, logger: logger)
        } catch {
            item.error = "drafting failed (\(Self.code(error)))"
            return item
        }
        item.currentText = current.body
        item.candidateText = candidate.body
        guard let judge else {
            item.currentScore = RulesJudge.score(combined: current.combinedScore)
            item.candidateScore = RulesJudge.score(combined: candidate.combinedScore)
            item.votes = [
                RulesJudge.vote(first: current.combinedScore, second: candidate.combinedScore),
                RulesJudge.vote(first: candidate.combinedScore, second: current.combinedScore),
            ]
            item.verdict = PairwiseVerdict.combine(currentFirst: item.votes[0], candidateFirst: item.votes[1])
            return item
        }
        do {
            let facts = try await factsText(in: workspaceID, trial: trial)
            item.currentScore = try await direct(current.body, inbound: message.body, facts: facts.current, judge: judge, in: workspaceID)
            item.candidateScore = try await direct(candidate.body, inbound: message.body, facts: facts.candidate, judge: judge, in: workspaceID)
            let first = try await pairwise(
                a: current.body, b: candidate.body, inbound: message.body, facts: facts.candidate, judge: judge, in: workspaceID)
            let second = try await pairwise(
                a: candidate.body, b: current.body, inbound: message.body, facts: facts.candidate, judge: judge, in: workspaceID)
            item.votes = [first, second]
            item.verdict = PairwiseVerdict.combine(currentFirst: first, candidateFirst: second)
        } catch {
            // A lost verdict is dropped from the win rate and counted, never guessed.
            item.error = "judge failed (\(Self.code(error)))"
        }
        return item
    }

    /// The knowledge the judge sees on each side (the candidate's differs for a knowledge change).
    private func factsText(in workspaceID: Identifier<Workspace>, trial: DraftTrial) async throws -> (current: String, candidate: String) {
        let assets = try await store.knowledgeAssets(in: workspaceID)
        let text = { (assets: [KnowledgeAsset]) in
            assets.isEmpty ? "(none)" : assets.prefix(12).map { "- \($0.title): \($0.content.prefix(600))" }.joined(separator: "\n")
        }
        return (text(assets), text(trial.applying(to: assets, workspaceID: workspaceID, now: now())))
    }

    private func direct(_ draft: String, inbound: String, facts: String, judge: InsightsModel, in workspaceID: Identifier<Workspace>)
        async throws -> DirectScore
    {
        let template = try await prompts.resolve(BuiltinPrompts.evalJudgeDirect.key, for: workspaceID)
        let answer = try await judge.llm.generateStructured(
            LLMRequest(
                model: judge.name, messages: template.messages(["facts": facts, "inbound": inbound, "draft": draft]),
                reasoningEffort: judge.effort, temperature: 0, maxOutputTokens: judge.outputBudget(answerTokens: 200),
                deadline: now().addingTimeInterval(30),
                context: template.stamp(LLMCallContext(workspaceID: workspaceID, featureID: "eval.judge.direct"))),
            schema: Self.directSchema)
        guard let pass = answer.value.field("pass").flatMap({ if case .bool(let b) = $0 { b } else { nil } }),
            let score = answer.value.field("score")?.numberValue
        else { throw LLMError(.schemaMismatch, "the judge's score is incomplete") }
        return DirectScore(pass: pass, score: score, reason: answer.value.field("reason")?.textValue ?? "")
    }

    private func pairwise(a: String, b: String, inbound: String, facts: String, judge: InsightsModel, in workspaceID: Identifier<Workspace>)
        async throws -> PairwiseVerdict.Vote
    {
        let template = try await prompts.resolve(BuiltinPrompts.evalJudgePairwise.key, for: workspaceID)
        let answer = try await judge.llm.generateStructured(
            LLMRequest(
                model: judge.name, messages: template.messages(["facts": facts, "inbound": inbound, "draft_a": a, "draft_b": b]),
                reasoningEffort: judge.effort, temperature: 0, maxOutputTokens: judge.outputBudget(answerTokens: 150),
                deadline: now().addingTimeInterval(30),
                context: template.stamp(LLMCallContext(workspaceID: workspaceID, featureID: "eval.judge.pairwise"))),
            schema: Self.pairwiseSchema)
        guard let vote = answer.value.field("winner")?.textValue.flatMap(PairwiseVerdict.Vote.init(rawValue:)) else {
            throw LLMError(.schemaMismatch, "the judge named no winner")
        }
        return vote
    }

    static func code(_ error: any Error) -> String {
        (error as? AppError)?.code.rawValue ?? LLMError.code(of: error)
    }

    static let directSchema = JSONSchema(
        name: "eval_direct",
        schema: [
            "type": "object", "additionalProperties": false, "required": ["pass", "score", "reason"],
            "properties": [
                "pass": ["type": "boolean", "description": "Would a setter send it unedited?"],
                "score": ["type": "number", "minimum": 0, "maximum": 10],
                "reason": ["type": "string"],
            ],
        ])

    static let pairwiseSchema = JSONSchema(
        name: "eval_pairwise",
        schema: [
            "type": "object", "additionalProperties": false, "required": ["winner", "reason"],
            "properties": [
                "winner": ["type": "string", "enum": ["A", "B", "tie"]],
                "reason": ["type": "string"],
            ],
        ])
}
