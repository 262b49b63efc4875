import Foundation
import Logging
import ReplywrightCore
import ReplywrightLLM

/// The loop's model tiers (memory and the overseer gate), each rendered from the workspace's
/// templates with the workspace's model and effort; the rules tier answers without a model.
extension OverseerLoop {
    /// The model side of one review: `nil` model means the rules tier decides.
    struct Model: Sendable {
        var llm: (any LLMProvider)?
        var model: String?
        var effort: ReasoningEffort?
        var prompts: PromptRegistry.Snapshot?
        var workspaceID: Identifier<Workspace>
        var draftID: String?
        var jobID: String?

        init(_ loop: OverseerLoop, workspaceID: Identifier<Workspace>, draftID: String?, jobID: String?) async throws {
            var configuration = loop.configuration
            if let settings = try await loop.store.draftingSettings(in: workspaceID) {
                configuration = configuration.applying(settings).configuration
            }
            llm = loop.llm
            model = loop.llm == nil ? nil : configuration.model
            effort = configuration.effort
            prompts = model == nil ? nil : try await loop.prompts.resolveAll(for: workspaceID)
            self.workspaceID = workspaceID
            self.draftID = draftID
            self.jobID = jobID
        }

        func context(_ feature: String, _ template: PromptRegistry.Resolved? = nil) -> LLMCallContext {
            let plain = LLMCallContext(workspaceID: workspaceID, featureID: feature, draftID: draftID, jobID: jobID)
            return template?.stamp(plain) ?? plain
        }
    }

    // MARK: - Memory tiers

    func extractFacts(
        _ trigger: Message, known: [LeadMemoryEntry], parser: MeetingTimeParser, policy: PolicySettings, model: Model, logger: Logger
    ) async throws -> ([ExtractedFact], DecisionSource) {
        let zone = OverseerContext.leadTimeZone(in: known)
        let extractor = RulesMemoryExtractor(parser: parser)
        var modelTier: (() async throws -> [ExtractedFact]?)?
        if let llm = model.llm, let name = model.model, let template = model.prompts?(BuiltinPrompts.overseerMemory) {
            modelTier = {
                try await self.modelFacts(
                    trigger, known: known, extractor: extractor, zone: zone, policy: policy, llm: llm, name: name, template: template,
                    model: model)
            }
        }
        return try await TieredDecision(telemetry: telemetry, logger: logger, now: now).run(
            model.context("overseer.memory"), model: modelTier, stats: { ["facts": Double($0.count)] }
        ) { _ in extractor.extract(from: trigger.body, sentAt: trigger.occurredAt, leadTimeZone: zone) }
    }

    /// The memory model's facts; `nil` when its answer has none to read.
    private func modelFacts(
        _ trigger: Message, known: [LeadMemoryEntry], extractor: RulesMemoryExtractor, zone: TimeZone?, policy: PolicySettings,
        llm: any LLMProvider, name: String, template: PromptRegistry.Resolved, model: Model
    ) async throws -> [ExtractedFact]? {
        let values = [
            "today": SpokenTime.today(now(), in: policy.zone),
            "received_at": SpokenTime.today(trigger.occurredAt, in: policy.zone),
            "known_memory": known.isEmpty ? "(nothing yet)" : known.map { "- (\($0.category)) \($0.text)" }.joined(separator: "\n"),
            "inbound": trigger.body,
        ]
        let answer = try await llm.generateStructured(
            LLMRequest(
                model: name, messages: template.messages(values), reasoningEffort: model.effort,
                maxOutputTokens: configuration.catalog.capabilities(for: name).outputBudget(answerTokens: 600, effort: model.effort),
                deadline: now().addingTimeInterval(15), context: model.context("overseer.memory", template)),
            schema: Self.memorySchema)
        guard let items = answer.value.field("facts")?.arrayValue else { return nil }
        // The model finds the facts; a fact counts only when its quote is the lead's own words,
        // and times, zones and dates are resolved by the rules tier's parser from that quote,
        // so nothing depends on the model's arithmetic or imagination.
        let inbound = Self.normalisedForQuotes(trigger.body)
        var facts: [ExtractedFact] = []
        for item in items {
            guard let category = item.field("category")?.textValue.flatMap(MemoryCategory.init(rawValue:)),
                let quote = item.field("quote")?.textValue?.trimmingCharacters(in: .whitespacesAndNewlines),
                quote.count >= 3, inbound.contains(Self.normalisedForQuotes(quote))
            else { continue }
            let resolved = extractor.extract(from: quote, sentAt: trigger.occurredAt, leadTimeZone: zone)
            let fitting = resolved.filter { $0.category == category || Self.sameTimeFact($0.category, category) }
            for fact in fitting.isEmpty ? [ExtractedFact(category: category, text: quote)] : fitting where !facts.contains(fact) {
                facts.append(fact)
            }
        }
        return facts
    }

    /// The parser's polarity beats the model's: "Thursday is packed" is unavailable whatever
    /// the model called it.
    static func sameTimeFact(_ a: MemoryCategory, _ b: MemoryCategory) -> Bool {
        let times: Set<MemoryCategory> = [.availability, .unavailable]
        return times.contains(a) && times.contains(b)
    }

    /// Lowercased, curly quotes straightened, whitespace collapsed, edge punctuation dropped.
    static func normalisedForQuotes(_ text: String) -> String {
        let straightened = text.lowercased().replacingOccurrences(of: "’", with: "'").replacingOccurrences(of: "“", with: "\"")
            .replacingOccurrences(of: "”", with: "\"")
        return straightened.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            .trimmingCharacters(in: CharacterSet.punctuationCharacters.union(.whitespaces))
    }

    static let memorySchema = JSONSchema(
        name: "lead_memory",
        schema: [
            "type": "object", "additionalProperties": false, "required": ["facts"],
            "properties": [
                "facts": [
                    "type": "array", "maxItems": 10,
                    "items": [
                        "type": "object", "additionalProperties": false, "required": ["category", "quote"],
                        "properties": [
                            "category": ["type": "string", "enum": .array(MemoryCategory.allCases.map { .string($0.rawValue) })],
                            "quote": ["type": "string", "description": "The lead's own words for this fact, copied exactly."],
                        ],
                    ],
                ]
            ],
        ])

    // MARK: - Gate tiers

    struct GateResult {
        var outcome: GateOutcome
        var source: DecisionSource
        var confidence: Double?
    }

    /// The model reviews the draft when one is configured; the rules tier otherwise. It sees
    /// the conversation, the knowledge relevant to the message, the date, the booking decision
    /// and the lead's memory redacted (the `meeting_overseer_gate` profile). A model that fails
    /// or runs past the gate's budget fails closed, with the rules tier's edits kept for the
    /// human who will now review it.
    func modelGate(
        _ context: OverseerContext, rules: GateOutcome, booking: BookingGate.Decision, trigger: Message, parser: MeetingTimeParser,
        policy: PolicySettings, model: Model, logger: Logger
    ) async throws -> GateResult {
        var modelTier: (() async throws -> GateResult?)?
        if let llm = model.llm, let name = model.model, let template = model.prompts?(BuiltinPrompts.overseerGate) {
            modelTier = {
                try await self.askGate(
                    context, rules: rules, booking: booking, trigger: trigger, parser: parser, policy: policy, llm: llm, name: name,
                    template: template, model: model)
            }
        }
        var (result, source) = try await TieredDecision(telemetry: telemetry, logger: logger, now: now).run(
            model.context("overseer.gate"), model: modelTier, stats: { ["reasons": Double($0.outcome.reasons.count)] }
        ) { failure in
            guard let failure else { return GateResult(outcome: rules, source: .rules, confidence: nil) }
            return GateResult(
                outcome: GateOutcome(
                    verdict: .failedClosed, body: rules.body, reasons: ["the model gate did not answer (\(failure)): no auto-send"] + rules.reasons),
                source: .fallback, confidence: nil)
        }
        result.source = source
        return result
    }

    /// The gate model's verdict over the rules tier's (whose findings always stand).
    private func askGate(
        _ context: OverseerContext, rules: GateOutcome, booking: BookingGate.Decision, trigger: Message, parser: MeetingTimeParser,
        policy: PolicySettings, llm: any LLMProvider, name: String, template: PromptRegistry.Resolved, model: Model
    ) async throws -> GateResult {
        let values = try await gateValues(context, booking: booking, trigger: trigger, policy: policy)
        let answer = try await llm.generateStructured(
            LLMRequest(
                model: name, messages: template.messages(values), reasoningEffort: model.effort,
                maxOutputTokens: configuration.catalog.capabilities(for: name).outputBudget(answerTokens: 1200, effort: model.effort),
                deadline: now().addingTimeInterval(TimeInterval(policy.gateTimeoutSeconds)),
                context: model.context("overseer.gate", template)),
            schema: Self.gateSchema)
        let reasons = (answer.value.field("reasons")?.arrayValue ?? []).compactMap(\.textValue)
        let confidence = answer.value.field("confidence")?.numberValue
        let verdict = answer.value.field("verdict")?.textValue ?? "block"
        // The rules' findings always stand: the model can add to them, not wave them through.
        if rules.verdict == .block { return GateResult(outcome: rules, source: .llm, confidence: confidence) }
        switch verdict {
        case "approve":
            return GateResult(
                outcome: GateOutcome(verdict: rules.verdict, body: rules.body, reasons: rules.reasons), source: .llm,
                confidence: confidence)
        case "revise":
            let revised = answer.value.field("revised_body")?.textValue?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            guard !revised.isEmpty else { fallthrough }
            // The model's rewrite is checked by the same rules before it is kept.
            let recheck = RulesOverseerGate(parser: parser).review(
                OverseerContext(
                    draft: revised, inbound: context.inbound, memory: context.memory, lead: context.lead,
                    sentAt: context.sentAt, leadTimeZone: context.leadTimeZone))
            return GateResult(
                outcome: GateOutcome(
                    verdict: recheck.verdict == .block ? .block : .revise, body: recheck.body,
                    reasons: reasons + rules.reasons + recheck.reasons),
                source: .llm, confidence: confidence)
        default:
            return GateResult(
                outcome: GateOutcome(verdict: .block, body: nil, reasons: reasons.isEmpty ? ["the model blocked it"] : reasons),
                source: .llm, confidence: confidence)
        }
    }

    /// What the gate's template is filled with. Memory comes redacted through the gate's bundle
    /// profile; knowledge is ranked for the lead's message like drafting's.
    private func gateValues(
        _ context: OverseerContext, booking: BookingGate.Decision, trigger: Message, policy: PolicySettings
    ) async throws -> [String: String] {
        let workspaceID = trigger.workspaceID
        let gateProfile = LeadContextBundle.Profile.meetingOverseerGate
        let knowledgeBudgets = LeadContextBundle.Profile.draft.defaultBudgets
        let bundle =
            configuration.contextBundle
            ? LeadContextBundle.assemble(
                gateProfile,
                budgets: .init(
                    knowledge: knowledgeBudgets.knowledge, perAsset: knowledgeBudgets.perAsset,
                    memory: gateProfile.defaultBudgets.memory, perEntry: gateProfile.defaultBudgets.perEntry),
                assets: try await store.knowledgeAssets(in: workspaceID), memory: context.memory, lead: context.lead, now: now(),
                query: trigger.body)
            : .disabled(gateProfile)
        let retriever = KnowledgeRetriever(bundle.knowledge)
        let facts = retriever.rank(trigger.body + "\n" + context.draft, limit: DraftContext.factLimit)
        let conversation = try await store.messages(leadID: context.lead.id, in: workspaceID).prefix { $0.id != trigger.id }
        return [
            "today": SpokenTime.today(now(), in: policy.zone),
            "conversation": DraftContext.transcript(Array(conversation), zone: policy.zone, leadName: "the lead", us: "us"),
            "inbound": context.inbound,
            "facts": DraftContext.factsText(facts),
            "memory": bundle.memory.isEmpty ? "(nothing yet)" : bundle.memoryText,
            "booking": booking.instruction(defaultZone: policy.zone),
            "draft": context.draft,
        ]
    }

    static let gateSchema = JSONSchema(
        name: "overseer_verdict",
        schema: [
            "type": "object", "additionalProperties": false, "required": ["verdict", "reasons", "revised_body", "confidence"],
            "properties": [
                "verdict": ["type": "string", "enum": ["approve", "revise", "block"]],
                "reasons": ["type": "array", "items": ["type": "string"], "maxItems": 5],
                "revised_body": ["type": "string", "description": "The whole corrected reply when the verdict is revise, else empty."],
                "confidence": ["type": "number", "minimum": 0, "maximum": 1, "description": "0 to 1: how sure the reply is right to send."],
            ],
        ])
}
