import Foundation
import Logging
import ReplywrightCore
import ReplywrightLLM
import ReplywrightStore

/// What happens to a draft after the drafting step, before anything can be sent:
/// Memory (durable facts from the inbound into lead memory) → Overseer gate (the draft against
/// memory and booking state: approve, revise or block) → Finalizer (the hard gates) →
/// Auto-send evaluator. Each step has a model tier and a rules tier, and each decision is
/// stored with its reasons. A gate that errs or runs out of time fails closed: the draft waits
/// for a human.
public struct OverseerLoop: Sendable {
    private let store: any DataStore
    private let llm: (any LLMProvider)?
    private let model: String?
    private let telemetry: AITelemetry
    private let sender: DraftSender
    private let now: @Sendable () -> Date

    public init(
        store: any DataStore, llm: (any LLMProvider)?, model: String?, telemetry: AITelemetry, sender: DraftSender,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.store = store
        self.llm = llm
        self.model = model
        self.telemetry = telemetry
        self.sender = sender
        self.now = now
    }

    public struct Outcome: Sendable {
        public var draft: Draft
        public var decisions: [OverseerDecision]
        public var autoSend: AutoSendEvaluator.Result
    }

    /// Runs the loop unless the draft already has decisions (a retried job finds its draft
    /// reviewed); `nil` then.
    public func reviewIfNew(_ draft: Draft, triggerID: Identifier<Message>, logger: Logger) async throws -> Outcome? {
        let earlier = try await store.decisions(leadID: draft.leadID, in: draft.workspaceID, limit: 200)
        guard !earlier.contains(where: { $0.draftID == draft.id }) else { return nil }
        return try await review(draft, trigger: try await store.message(triggerID, in: draft.workspaceID), logger: logger)
    }

    /// Runs the loop for a freshly written draft of `trigger`.
    public func review(_ draft: Draft, trigger: Message, logger: Logger) async throws -> Outcome {
        let workspaceID = draft.workspaceID
        let policy = try await store.policySettings(in: workspaceID)
        let parser = MeetingTimeParser(workspaceTimeZone: policy.zone)
        var decisions: [OverseerDecision] = []
        func decide(_ stage: OverseerDecision.Stage, _ verdict: OverseerDecision.Verdict, _ source: DecisionSource, _ reasons: [String],
                    _ stats: [String: Double] = [:]) {
            decisions.append(OverseerDecision(
                id: Identifier(UUID().uuidString.lowercased()), workspaceID: workspaceID, leadID: draft.leadID, messageID: trigger.id,
                draftID: draft.id, stage: stage, verdict: verdict, source: source, reasons: reasons, stats: stats, createdAt: now()))
        }

        // 1. Memory.
        let known = try await store.memory(leadID: draft.leadID, in: workspaceID, at: now())
        var started = ContinuousClock.now
        let (facts, memorySource) = await extractFacts(trigger, known: known, parser: parser, draft: draft, logger: logger)
        await recordRules("overseer.memory", memorySource, since: started, workspaceID: workspaceID, metadata: ["facts": Double(facts.count)])
        let fresh = facts.filter { fact in !known.contains { $0.category == fact.category.rawValue && $0.text == fact.text } }
        for fact in fresh {
            _ = try await store.addMemory(
                leadID: draft.leadID, category: fact.category.rawValue, text: fact.text, detail: fact.detail,
                expiresAt: trigger.occurredAt.addingTimeInterval(ExtractedFact.retention), in: workspaceID)
        }
        let categories = Set(fresh.map(\.category.rawValue)).sorted()
        decide(.memory, .approve, memorySource,
               fresh.isEmpty ? ["nothing new to remember"] : ["remembered \(fresh.count): \(categories.joined(separator: ", "))"],
               ["facts": Double(fresh.count), "known": Double(known.count)])

        // 2. Overseer gate.
        let lead = try await store.lead(draft.leadID, in: workspaceID)
        let memory = try await store.memory(leadID: draft.leadID, in: workspaceID, at: now())
        let context = OverseerContext(
            draft: draft.body, inbound: trigger.body, memory: memory, lead: lead, sentAt: trigger.occurredAt,
            leadTimeZone: OverseerContext.leadTimeZone(in: memory))
        let booking = BookingGate.decide(context, parser: parser, now: now())
        switch booking {
        case .confirm, .propose: decide(.booking, .approve, .rules, [booking.summary])
        case .askAgain, .hold: decide(.booking, .hold, .rules, [booking.summary])
        }

        started = ContinuousClock.now
        let rules = RulesOverseerGate(parser: parser).review(context)
        let gate = await modelGate(context, rules: rules, parser: parser, timeout: policy.gateTimeoutSeconds, draft: draft, logger: logger)
        await recordRules("overseer.gate", gate.source, since: started, workspaceID: workspaceID, metadata: ["reasons": Double(gate.outcome.reasons.count)])
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
        let evaluation = AutoSendEvaluator.evaluate(AutoSendEvaluator.Input(
            combinedScore: draft.combinedScore, source: draft.source, intent: draft.intent, gate: gate.outcome.verdict,
            finalizer: final.verdict, modelConfidence: gate.confidence), policy: policy)
        decide(.autoSend, evaluation.send ? .approve : .hold, .rules, evaluation.send ? ["auto-sent"] : evaluation.reasons,
               ["confidence": evaluation.confidence, "threshold": policy.autoSendThreshold, "combined_score": draft.combinedScore,
                "auto_send_enabled": policy.autoSend ? 1 : 0])
        try await store.recordDecisions(decisions)
        if evaluation.send, current.status == .pending {
            current = try await sender.send(current.id, in: workspaceID, action: .autoSend)
        }
        return Outcome(draft: current, decisions: decisions, autoSend: evaluation)
    }

    /// Rules-tier and fallback decisions go to telemetry here; model calls are recorded by the gateway.
    private func recordRules(
        _ feature: String, _ source: DecisionSource, since started: ContinuousClock.Instant, workspaceID: Identifier<Workspace>,
        metadata: [String: Double]
    ) async {
        guard source != .llm else { return }
        try? await telemetry.recordDecision(
            LLMCallContext(workspaceID: workspaceID, featureID: feature), source: source, latency: ContinuousClock.now - started,
            metadata: metadata, at: now())
    }

    // MARK: - Memory tiers

    private func extractFacts(
        _ trigger: Message, known: [LeadMemoryEntry], parser: MeetingTimeParser, draft: Draft, logger: Logger
    ) async -> ([ExtractedFact], DecisionSource) {
        let zone = OverseerContext.leadTimeZone(in: known)
        let rules = RulesMemoryExtractor(parser: parser).extract(from: trigger.body, sentAt: trigger.occurredAt, leadTimeZone: zone)
        guard let llm, let model else { return (rules, .rules) }
        do {
            let answer = try await llm.generateStructured(LLMRequest(
                model: model,
                messages: [
                    .system("""
                        You keep a sales team's notes about a lead. From the lead's message, list durable facts worth \
                        remembering for 90 days: availability, times ruled out, time zone, objections, preferences, people \
                        mentioned, and any date before which they asked not to be contacted. Quote the lead's own sentence as \
                        the text. Answer with the JSON object only; an empty list when there is nothing.
                        """),
                    .user(trigger.body),
                ],
                maxOutputTokens: 600, deadline: now().addingTimeInterval(15),
                context: LLMCallContext(workspaceID: draft.workspaceID, featureID: "overseer.memory")),
                schema: Self.memorySchema)
            guard let items = answer.value.field("facts")?.arrayValue else { return (rules, .fallback) }
            // The model finds the facts; times, zones and dates are resolved by the same rules
            // as the rules tier, so details never depend on the model's arithmetic.
            var facts: [ExtractedFact] = []
            for item in items {
                guard let category = item.field("category")?.textValue.flatMap(MemoryCategory.init(rawValue:)),
                      let text = item.field("text")?.textValue, !text.isEmpty else { continue }
                let resolved = RulesMemoryExtractor(parser: parser).extract(from: text, sentAt: trigger.occurredAt, leadTimeZone: zone)
                    .filter { $0.category == category }
                facts += resolved.isEmpty ? [ExtractedFact(category: category, text: text)] : resolved
            }
            return (facts, .llm)
        } catch {
            logger.warning("memory model failed; the rules tier answers", metadata: ["error_code": "\(LLMError.code(of: error))"])
            return (rules, .fallback)
        }
    }

    static let memorySchema = JSONSchema(name: "lead_memory", schema: [
        "type": "object", "additionalProperties": false, "required": ["facts"],
        "properties": [
            "facts": [
                "type": "array", "maxItems": 10,
                "items": [
                    "type": "object", "additionalProperties": false, "required": ["category", "text"],
                    "properties": [
                        "category": ["type": "string", "enum": .array(MemoryCategory.allCases.map { .string($0.rawValue) })],
                        "text": ["type": "string"],
                    ],
                ],
            ],
        ],
    ])

    // MARK: - Gate tiers

    private struct GateResult {
        var outcome: GateOutcome
        var source: DecisionSource
        var confidence: Double?
    }

    /// The model reviews the draft when one is configured; the rules tier otherwise. A model
    /// that fails or runs past the gate's budget fails closed, with the rules tier's edits kept
    /// for the human who will now review it.
    private func modelGate(
        _ context: OverseerContext, rules: GateOutcome, parser: MeetingTimeParser, timeout: Int, draft: Draft, logger: Logger
    ) async -> GateResult {
        guard let llm, let model else { return GateResult(outcome: rules, source: .rules, confidence: nil) }
        let memoryLines = context.memory.map { "- \($0.category): \($0.text)" }.joined(separator: "\n")
        do {
            let answer = try await llm.generateStructured(LLMRequest(
                model: model,
                messages: [
                    .system("""
                        You supervise a sales team's email replies. Check the draft against what we know about the lead and \
                        their booking state. Block or revise a draft that re-asks something the lead already told us, proposes \
                        times the lead ruled out, or offers new times to a lead who already booked. Answer with the JSON \
                        object only; revised_body is the full corrected email when the verdict is revise, else empty.
                        """),
                    .user("""
                        Lead's message:
                        \(context.inbound)

                        What we know:
                        \(memoryLines.isEmpty ? "(nothing yet)" : memoryLines)
                        Booking: \(context.lead.appointmentStatus.rawValue)

                        Draft:
                        \(context.draft)
                        """),
                ],
                maxOutputTokens: 1200, deadline: now().addingTimeInterval(TimeInterval(timeout)),
                context: LLMCallContext(workspaceID: draft.workspaceID, featureID: "overseer.gate")),
                schema: Self.gateSchema)
            let reasons = (answer.value.field("reasons")?.arrayValue ?? []).compactMap(\.textValue)
            let confidence = answer.value.field("confidence")?.numberValue
            let verdict = answer.value.field("verdict")?.textValue ?? "block"
            // The rules' findings always stand: the model can add to them, not wave them through.
            if rules.verdict == .block { return GateResult(outcome: rules, source: .llm, confidence: confidence) }
            switch verdict {
            case "approve":
                return GateResult(outcome: GateOutcome(verdict: rules.verdict, body: rules.body, reasons: rules.reasons), source: .llm,
                                  confidence: confidence)
            case "revise":
                let revised = answer.value.field("revised_body")?.textValue?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                guard !revised.isEmpty else { fallthrough }
                // The model's rewrite is checked by the same rules before it is kept.
                let recheck = RulesOverseerGate(parser: parser).review(
                    OverseerContext(draft: revised, inbound: context.inbound, memory: context.memory, lead: context.lead,
                                    sentAt: context.sentAt, leadTimeZone: context.leadTimeZone))
                return GateResult(
                    outcome: GateOutcome(verdict: recheck.verdict == .block ? .block : .revise, body: recheck.body,
                                         reasons: reasons + rules.reasons + recheck.reasons),
                    source: .llm, confidence: confidence)
            default:
                return GateResult(outcome: GateOutcome(verdict: .block, body: nil, reasons: reasons.isEmpty ? ["the model blocked it"] : reasons),
                                  source: .llm, confidence: confidence)
            }
        } catch {
            logger.warning("overseer gate failed closed", metadata: ["error_code": "\(LLMError.code(of: error))"])
            return GateResult(
                outcome: GateOutcome(
                    verdict: .failedClosed, body: rules.body,
                    reasons: ["the model gate did not answer (\(LLMError.code(of: error))): no auto-send"] + rules.reasons),
                source: .fallback, confidence: nil)
        }
    }

    static let gateSchema = JSONSchema(name: "overseer_verdict", schema: [
        "type": "object", "additionalProperties": false, "required": ["verdict", "reasons", "revised_body", "confidence"],
        "properties": [
            "verdict": ["type": "string", "enum": ["approve", "revise", "block"]],
            "reasons": ["type": "array", "items": ["type": "string"], "maxItems": 5],
            "revised_body": ["type": "string"],
            "confidence": ["type": "number"],
        ],
    ])
}
