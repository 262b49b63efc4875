import Foundation
import Logging
import ReplywrightCore
import ReplywrightLLM
import ReplywrightStore

/// What the overseer loop reads and writes: the lead, its memory and conversation, the draft,
/// knowledge for the gate, policy, settings and prompts, and its decisions.
public typealias OverseerLoopStore = LeadStore & MessageStore & DraftStore & MemoryStore & KnowledgeStore & PolicyStore & SettingsStore
    & PromptStore & DecisionStore

/// What happens to a draft after the drafting step, before anything can be sent:
/// Memory (durable facts from the inbound into lead memory) → Overseer gate (the draft against
/// memory and booking state: approve, revise or block) → Finalizer (the hard gates) →
/// Auto-send evaluator. Each step has a model tier and a rules tier, and each decision is
/// stored with its reasons. A gate that errs or runs out of time fails closed: the draft waits
/// for a human.
public struct OverseerLoop: Sendable {
    let store: any OverseerLoopStore
    let llm: (any LLMProvider)?
    /// The install's drafting configuration; each review applies its workspace's settings
    /// (the model and effort the workspace chose), as drafting does.
    let configuration: DraftingConfiguration
    let telemetry: AITelemetry
    private let sender: DraftSender
    let now: @Sendable () -> Date
    let prompts: PromptRegistry

    public init(
        store: any OverseerLoopStore, llm: (any LLMProvider)?, configuration: DraftingConfiguration, telemetry: AITelemetry, sender: DraftSender,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.store = store
        self.llm = llm
        self.configuration = configuration
        self.telemetry = telemetry
        self.sender = sender
        self.now = now
        prompts = PromptRegistry(store: store)
    }

    public struct Outcome: Sendable {
        public var draft: Draft
        public var decisions: [OverseerDecision]
        public var autoSend: AutoSendEvaluator.Result
    }

    /// Runs the loop unless the draft already has decisions (a retried job finds its draft
    /// reviewed); `nil` then.
    public func reviewIfNew(_ draft: Draft, triggerID: Identifier<Message>, jobID: String? = nil, logger: Logger) async throws -> Outcome? {
        let earlier = try await store.decisions(leadID: draft.leadID, in: draft.workspaceID, limit: 200)
        guard !earlier.contains(where: { $0.draftID == draft.id }) else { return nil }
        return try await review(draft, trigger: try await store.message(triggerID, in: draft.workspaceID), jobID: jobID, logger: logger)
    }

    /// Runs the loop for a freshly written draft of `trigger` (a regenerated one too).
    public func review(_ draft: Draft, trigger: Message, jobID: String? = nil, logger: Logger) async throws -> Outcome {
        let signature = LeadTimeZone.signature(in: trigger.body)
        let trigger = trigger.readable
        let workspaceID = draft.workspaceID
        let policy = try await store.policySettings(in: workspaceID)
        let model = try await Model(self, workspaceID: workspaceID, draftID: draft.id.rawValue, jobID: jobID)
        let parser = MeetingTimeParser(workspaceTimeZone: policy.zone)
        var decisions: [OverseerDecision] = []
        func decide(
            _ stage: OverseerDecision.Stage, _ verdict: OverseerDecision.Verdict, _ source: DecisionSource, _ reasons: [String],
            _ stats: [String: Double] = [:]
        ) {
            decisions.append(
                OverseerDecision(
                    id: Identifier(UUID().uuidString.lowercased()), workspaceID: workspaceID, leadID: draft.leadID, messageID: trigger.id,
                    draftID: draft.id, stage: stage, verdict: verdict, source: source, reasons: reasons, stats: stats, createdAt: now()))
        }

        // 1. Memory.
        let remembered = try await remember(trigger, policy: policy, parser: parser, model: model, logger: logger)
        decide(.memory, .approve, remembered.source, remembered.reasons, remembered.stats)

        // 2. Overseer gate.
        let lead = try await store.lead(draft.leadID, in: workspaceID)
        let memory = try await store.memory(leadID: draft.leadID, in: workspaceID, at: now())
        let context = OverseerContext(
            draft: draft.body, inbound: trigger.body, memory: memory, lead: lead, sentAt: trigger.occurredAt, writtenAt: now(),
            leadTimeZone: LeadTimeZone.resolve(memory: memory, variables: lead.customVariables, signature: signature))
        let booking = BookingGate.decide(context, parser: parser, now: now())
        switch booking {
        case .confirm, .propose: decide(.booking, .approve, .rules, [booking.summary])
        case .askAgain, .hold: decide(.booking, .hold, .rules, [booking.summary])
        }

        let rules = RulesOverseerGate(parser: parser).review(context)
        let gate = try await modelGate(
            context, rules: rules, booking: booking, trigger: trigger, parser: parser, policy: policy, model: model, logger: logger)
        decide(.gate, gate.outcome.verdict, gate.source, gate.outcome.reasons, gate.confidence.map { ["confidence": $0] } ?? [:])

        // 3. Finalizer: the hard gates, over whatever the gate let through.
        let final: GateOutcome
        if let body = gate.outcome.body {
            final = HardGates.finalize(body, context: context, policy: policy, parser: parser)
        } else {
            final = GateOutcome(verdict: .block, body: nil, reasons: ["the overseer gate blocked it"])
        }
        decide(.finalizer, final.verdict, .rules, final.reasons.isEmpty ? ["hard gates passed"] : final.reasons)

        var current = draft
        if final.body != draft.body {
            current = try await store.applyOverseer(draft.id, body: final.body, in: workspaceID)
        }

        // 4. Auto-send.
        let evaluation = AutoSendEvaluator.evaluate(
            AutoSendEvaluator.Input(
                combinedScore: draft.combinedScore, source: draft.source, intent: draft.intent, rulesIntent: draft.rulesIntent,
                gate: gate.outcome.verdict,
                finalizer: final.verdict, modelConfidence: gate.confidence), policy: policy)
        decide(
            .autoSend, evaluation.send ? .approve : .hold, .rules, evaluation.send ? ["auto-sent"] : evaluation.reasons,
            [
                "confidence": evaluation.confidence, "threshold": policy.autoSendThreshold, "combined_score": draft.combinedScore,
                "auto_send_enabled": policy.autoSend ? 1 : 0,
            ])
        try await store.recordDecisions(decisions)
        if evaluation.send, current.status == .pending {
            current = try await sender.send(current.id, in: workspaceID, action: .autoSend)
        }
        return Outcome(draft: current, decisions: decisions, autoSend: evaluation)
    }

    /// For a message the conversation policy answers without a reply (an unsubscribe, an away
    /// notice): the memory step still runs when `remember` (a return date is worth keeping; a
    /// bounce's or a complaint report's text is nobody's words), and the decision to write
    /// nothing is recorded with its reason.
    public func noReply(to trigger: Message, reason: String, remember: Bool = true, jobID: String? = nil, logger: Logger) async throws
        -> [OverseerDecision]
    {
        let workspaceID = trigger.workspaceID
        var steps: [(OverseerDecision.Stage, OverseerDecision.Verdict, DecisionSource, [String], [String: Double])] = []
        if remember {
            let policy = try await store.policySettings(in: workspaceID)
            let model = try await Model(self, workspaceID: workspaceID, draftID: nil, jobID: jobID)
            let remembered = try await self.remember(
                trigger.readable, policy: policy, parser: MeetingTimeParser(workspaceTimeZone: policy.zone), model: model, logger: logger)
            steps.append((.memory, .approve, remembered.source, remembered.reasons, remembered.stats))
        }
        steps.append((.finalizer, .block, .rules, ["no reply drafted: \(reason)"], [:]))
        let decisions = steps.map { stage, verdict, source, reasons, stats in
            OverseerDecision(
                id: Identifier(UUID().uuidString.lowercased()), workspaceID: workspaceID, leadID: trigger.leadID, messageID: trigger.id,
                draftID: nil, stage: stage, verdict: verdict, source: source, reasons: reasons, stats: stats, createdAt: now())
        }
        try await store.recordDecisions(decisions)
        return decisions
    }

    /// The memory step: durable facts of the trigger stored for 90 days (those not known yet).
    private func remember(
        _ trigger: Message, policy: PolicySettings, parser: MeetingTimeParser, model: Model, logger: Logger
    ) async throws -> (source: DecisionSource, reasons: [String], stats: [String: Double]) {
        let workspaceID = trigger.workspaceID
        let known = try await store.memory(leadID: trigger.leadID, in: workspaceID, at: now())
        let (facts, source) = try await extractFacts(trigger, known: known, parser: parser, policy: policy, model: model, logger: logger)
        let fresh = facts.filter { fact in !known.contains { $0.category == fact.category.rawValue && $0.text == fact.text } }
        for fact in fresh {
            _ = try await store.addMemory(
                leadID: trigger.leadID, category: fact.category.rawValue, text: fact.text, detail: fact.detail,
                expiresAt: trigger.occurredAt.addingTimeInterval(ExtractedFact.retention), in: workspaceID)
        }
        let categories = Set(fresh.map(\.category.rawValue)).sorted()
        return (
            source, fresh.isEmpty ? ["nothing new to remember"] : ["remembered \(fresh.count): \(categories.joined(separator: ", "))"],
            ["facts": Double(fresh.count), "known": Double(known.count)]
        )
    }
}
