import Foundation
import Logging
import ReplywrightCore
import ReplywrightLLM
import ReplywrightStore

/// What drafting reads and writes: the lead and conversation, earlier drafts, knowledge and
/// memory, the workspace's policy, settings and prompts, the sender's profile, and the
/// follow-ups the conversation policy schedules (`ReplyDrafter`).
public typealias DraftingStore = LeadStore & MessageStore & DraftStore & KnowledgeStore & MemoryStore & PolicyStore & SettingsStore
    & PromptStore & TenancyStore & FollowUpStore & SlotHoldStore

/// Writes the draft reply to one inbound message: picks archetypes, asks the model for a
/// strategy (step 1) and one candidate per archetype in parallel (step 2), or lets the rules
/// tier compose them; scores every candidate; keeps the winner. One trigger, one draft.
///
/// Both tiers work from one `DraftContext`: the lead, who signs, the conversation with the
/// answered message marked, the knowledge passages relevant to it, memory, and the booking
/// gate's decision (taken before writing, so the writer confirms the time the lead offered).
/// Every model call renders its template from the `PromptRegistry` (the workspace's override
/// revision, else the built-in) and telemetry names the revision sent.
///
/// Tiers: no model configured → rules. A strategy that fails after its repair → one step
/// (variants written from the context without a plan). The model fails otherwise (errors,
/// open breaker, every variant failed or cut off) → rules, recorded as `fallback`. Too little
/// time left for two steps → one step.
public struct DraftPipeline: Sendable {
    let store: any DraftingStore
    /// The model provider (the gateway), `nil` for the rules tier only.
    public let llm: (any LLMProvider)?
    let telemetry: AITelemetry
    /// The install's configuration; each draft applies its workspace's settings on top.
    public private(set) var configuration: DraftingConfiguration
    let now: @Sendable () -> Date
    let uniqueness: UniquenessIndexCache
    let prompts: PromptRegistry
    /// Set by `trial(replyingTo:in:trial:logger:)`: draft with this change and store nothing.
    private(set) var trial: DraftTrial?

    public init(
        store: any DraftingStore, llm: (any LLMProvider)?, telemetry: AITelemetry, configuration: DraftingConfiguration,
        uniqueness: UniquenessIndexCache = UniquenessIndexCache(), now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.store = store
        self.uniqueness = uniqueness
        self.llm = llm
        self.telemetry = telemetry
        self.configuration = configuration
        self.now = now
        prompts = PromptRegistry(store: store)
    }

    /// Everything the candidates are written and scored from.
    struct Situation: Sendable {
        var workspaceID: Identifier<Workspace>
        /// Chosen before writing, so every model call's telemetry names the draft it is for.
        var draftID: Identifier<Draft>
        var jobID: String?
        var lead: Lead
        var trigger: Message
        var conversation: [Message]
        /// The rules classifier's reading (the model's, when it plans, is the draft's intent).
        var intent: ReplyIntent
        var reading: ReplyReading
        /// Set when the draft is a scheduled follow-up.
        var followUp: FollowUp.Reason?
        var archetypes: [Archetype]
        var attempt: Int
        var bundle: LeadContextBundle
        var retriever: KnowledgeRetriever
        var context: DraftContext
        var known: UniquenessIndexCache.Snapshot
        /// The lead asked for no call ("email only"): the reply asks for none.
        var declinesCalls: Bool
    }

    struct Candidate: Sendable {
        var archetype: Archetype
        var body: String
    }

    /// Drafts a reply to `triggerID`, or returns the draft it already has. `jobID`: the job
    /// doing it, for telemetry.
    public func draft(
        replyingTo triggerID: Identifier<Message>, in workspaceID: Identifier<Workspace>, jobID: String? = nil, logger: Logger
    ) async throws -> Draft {
        if let existing = try await store.draft(forTrigger: triggerID, in: workspaceID) { return existing }
        let trigger = try await store.message(triggerID, in: workspaceID)
        return try await forWorkspace(workspaceID).write(
            replyingTo: trigger, in: workspaceID, regeneration: false, followingUp: nil, jobID: jobID, logger: logger)
    }

    /// A new draft for the lead's latest inbound message, with other archetypes than before
    /// (the attempt number changes the seed). Not tied to the trigger, so it never collides
    /// with the trigger's own draft. Returns the message it answers too (the overseer needs it).
    /// `followingUp`: the draft is a scheduled follow-up (the lead was away, or said not now).
    public func regenerate(
        for leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>, followingUp: FollowUp.Reason? = nil, logger: Logger
    ) async throws -> (draft: Draft, trigger: Message) {
        let conversation = try await store.messages(leadID: leadID, in: workspaceID)
        guard let trigger = conversation.last(where: { $0.direction == .inbound }) else {
            throw AppError(.conflict, "the lead has not written yet; there is nothing to reply to")
        }
        let draft = try await forWorkspace(workspaceID).write(
            replyingTo: trigger, in: workspaceID, regeneration: true, followingUp: followingUp, jobID: nil, logger: logger)
        return (draft, trigger)
    }

    /// The draft the pipeline would write for `triggerID` with `trial` applied (none: as the
    /// workspace stands), not stored: what evals compare. Both sides of a comparison choose the
    /// same archetypes (same seed).
    public func trial(
        replyingTo triggerID: Identifier<Message>, in workspaceID: Identifier<Workspace>, trial: DraftTrial, logger: Logger
    ) async throws -> Draft {
        let trigger = try await store.message(triggerID, in: workspaceID)
        var pipeline = try await forWorkspace(workspaceID)
        pipeline.trial = trial
        return try await pipeline.write(replyingTo: trigger, in: workspaceID, regeneration: true, followingUp: nil, jobID: nil, logger: logger)
    }

    /// This pipeline with the workspace's saved settings applied.
    func forWorkspace(_ workspaceID: Identifier<Workspace>) async throws -> DraftPipeline {
        guard let settings = try await store.draftingSettings(in: workspaceID) else { return self }
        var pipeline = self
        pipeline.configuration = configuration.applying(settings).configuration
        return pipeline
    }

    private func write(
        replyingTo trigger: Message, in workspaceID: Identifier<Workspace>, regeneration: Bool, followingUp: FollowUp.Reason?,
        jobID: String?, logger: Logger
    ) async throws -> Draft {
        let deadline = now().addingTimeInterval(configuration.budget.timeInterval)
        var situation = try await situation(
            replyingTo: trigger.readable, signature: LeadTimeZone.signature(in: trigger.body), in: workspaceID, regeneration: regeneration,
            jobID: jobID)
        if let followingUp {
            // A follow-up is a fresh reach-out, not an answer to "I'm away": it may ask for a call.
            situation.followUp = followingUp
            situation.intent = .interested
        }

        var modelTier: (() async throws -> (DraftStrategy?, [Candidate])?)?
        if let llm, let model = configuration.model {
            modelTier = { try await self.modelCandidates(situation, llm: llm, model: model, deadline: deadline, logger: logger) }
        }
        let ((strategy, candidates), source) = try await TieredDecision(telemetry: telemetry, logger: logger, now: now).run(
            context(situation, feature: "draft.rules"), step: "draft", model: modelTier,
            stats: { situation.bundle.stats.metadata.merging(["candidates": Double($0.1.count)]) { $1 } }
        ) { _ in (nil, rulesCandidates(situation)) }
        return try await choose(
            candidates, strategy: strategy, situation: situation, source: source, regeneration: regeneration, deadline: deadline)
    }

    /// Reads and assembles what both tiers write from.
    /// `signature`: the one under the lead's message (`trigger` is its new words only), which may
    /// say where they are.
    func situation(
        replyingTo trigger: Message, signature: String, in workspaceID: Identifier<Workspace>, regeneration: Bool, jobID: String?
    ) async throws -> Situation {
        let lead = try await store.lead(trigger.leadID, in: workspaceID)
        let conversation = try await store.messages(leadID: lead.id, in: workspaceID)
        let earlier = try await store.drafts(leadID: lead.id, in: workspaceID)
        let attempt = regeneration && trial == nil ? earlier.count : 0
        let usage = try await store.archetypeUsage(in: workspaceID, limit: 500)
        var archetypes = ArchetypeSelector.select(
            count: configuration.variants, seed: (lead.id.rawValue, trigger.id.rawValue, attempt),
            allowed: configuration.archetypes, recentForLead: earlier.map(\.archetypeID), usage: usage)
        if !regeneration {
            // A retried job keeps the first attempt's archetypes even though usage has moved on.
            let planned = try await store.planArchetypes(archetypes.map(\.id), forTrigger: trigger.id, in: workspaceID)
            let known = planned.compactMap { id in ArchetypeCatalog.standard.first { $0.id == id } }
            if known.count == planned.count, !known.isEmpty { archetypes = known }
        }
        let memory = try await store.memory(leadID: lead.id, in: workspaceID, at: now())
        let assets = (trial ?? DraftTrial()).applying(to: try await store.knowledgeAssets(in: workspaceID), workspaceID: workspaceID, now: now())
        let bundle =
            configuration.contextBundle
            ? LeadContextBundle.assemble(
                .draft, budgets: configuration.bundleBudgets, assets: assets, memory: memory, lead: lead, now: now(), query: trigger.body)
            : .disabled(.draft)
        let policy = try await store.policySettings(in: workspaceID)
        let known = try await uniqueness.snapshot(for: workspaceID, store: store)
        let parser = MeetingTimeParser(workspaceTimeZone: policy.zone)
        let leadZone = LeadTimeZone.resolve(memory: memory, variables: lead.customVariables, signature: signature)
        let reading = ReplyReader(parser: parser).read(trigger, memory: memory, leadZone: leadZone)
        // The booking gate decides before anything is written, on the lead's own words, with what
        // this message rules out ("Thursday is packed") already counted (the memory step that
        // stores it runs after drafting).
        let stated = RulesMemoryExtractor(parser: parser).extract(from: trigger.body, sentAt: trigger.occurredAt, leadTimeZone: leadZone)
            .map {
                LeadMemoryEntry(
                    id: Identifier("pending"), leadID: lead.id, category: $0.category.rawValue, text: $0.text,
                    detail: $0.detail, expiresAt: .distantFuture, createdAt: trigger.occurredAt)
            }
        let booking = BookingGate.decide(
            OverseerContext(
                draft: "", inbound: trigger.body, memory: stated + memory, lead: lead, sentAt: trigger.occurredAt,
                leadTimeZone: leadZone),
            parser: parser, now: now())
        let retriever = KnowledgeRetriever(bundle.knowledge)
        let semantic = await semanticSimilarities(
            [trigger.body] + DraftContext.answerable(reading), passages: retriever.passages, workspaceID: workspaceID, jobID: jobID)
        let (facts, questions) = DraftContext.relevantFacts(for: trigger, reading: reading, using: retriever, semantic: semantic)
        // A lead who asks for times without naming one is offered the team's link, or slots from its
        // hours; one who gave windows ("next week", "Thursday afternoon"), slots inside them. Slots
        // other leads hold are not offered (`booking.slotShare`).
        let declinesCalls = RulesMemoryExtractor.declinesCalls(stated + memory)
        var offers: [String] = []
        var slots: [Date] = []
        // "What are the next steps?" is answered with the next step, a call: it is offered like one asked for.
        let asks =
            !reading.proposesTime
            && (reading.primary == .wantsTimes || booking.isAskAgain || reading.asksNextSteps && IntentPolicy.of(reading.primary).callToAction)
        if !declinesCalls, asks || booking.isPropose {
            if let link = policy.booking.link {
                offers = [link]
            } else {
                if case .propose(let time) = booking, time.kind == .slot {
                    slots = [time.start]  // a passed time, a week on
                } else {
                    let windows =
                        booking.isPropose
                        ? RulesMemoryExtractor.offeredTimes(in: trigger.body, sentAt: trigger.occurredAt, parser: parser, leadTimeZone: leadZone)
                            .filter { $0.kind == .window && $0.end > now() } : []
                    let held = try await store.heldSlots(at: now(), except: lead.id, in: workspaceID)
                    slots = policy.booking.slots(after: now(), zone: policy.zone, memory: stated + memory, within: windows, held: held)
                }
                offers = slots.map { SpokenTime.dateTime($0, in: leadZone ?? policy.zone, also: policy.zone) }
            }
        }
        // Only the model's prompts name the workspace: the rules tier saves the read.
        let workspaceName = llm != nil && configuration.model != nil ? try await store.workspace(workspaceID).name : ""
        let context = DraftContext(
            workspaceName: workspaceName, zone: policy.zone, now: now(), lead: lead, trigger: trigger,
            earlier: Array(conversation.prefix { $0.id != trigger.id }), facts: facts, questions: questions,
            memory: bundle.memoryText, booking: booking, offers: offers, slots: slots, bookingLink: policy.booking.link,
            material: reading.material.map { DraftContext.Material(name: $0, url: KnowledgeAsset.material($0, in: assets)?.url) },
            copiedIn: reading.copiedIn,
            sender: try await sender(of: conversation),
            voiceExamples: known.examples)
        return Situation(
            workspaceID: workspaceID, draftID: Identifier(UUID().uuidString.lowercased()), jobID: jobID, lead: lead, trigger: trigger,
            conversation: conversation, intent: reading.primary, reading: reading, followUp: nil, archetypes: archetypes, attempt: attempt,
            bundle: bundle, retriever: retriever, context: context, known: known, declinesCalls: declinesCalls)
    }

    /// With an embedding model: each query's cosine similarity to every passage, from one call
    /// (at most 64 passages). Empty without a model, without passages, or when the call fails
    /// (BM25 alone then; the gateway records the failure).
    private func semanticSimilarities(
        _ queries: [String], passages: [KnowledgeRetriever.Passage], workspaceID: Identifier<Workspace>, jobID: String?
    ) async -> [String: [Double]] {
        guard let llm, let model = configuration.embeddingModel, !passages.isEmpty, passages.count <= 64 else { return [:] }
        let texts = queries + passages.map(\.text)
        guard
            let response = try? await llm.embed(
                EmbeddingRequest(
                    model: model, inputs: texts, deadline: now().addingTimeInterval(10),
                    context: LLMCallContext(workspaceID: workspaceID, featureID: "draft.retrieval", jobID: jobID))),
            response.vectors.count == texts.count
        else { return [:] }
        let passageVectors = response.vectors.suffix(passages.count)
        var result: [String: [Double]] = [:]
        for (index, query) in queries.enumerated() {
            result[query] = passageVectors.map { Self.cosine(response.vectors[index], $0) }
        }
        return result
    }

    /// Who signs: the setter who last sent in this thread (their name and signature), else the
    /// name that signed our emails in it ("Best,\nJordan"), else the workspace's sender name and
    /// signature, else "The team".
    private func sender(of conversation: [Message]) async throws -> DraftContext.Sender {
        var name = configuration.senderName
        var signature = configuration.signature
        if name == DraftingConfiguration.defaultSenderName,
            let signed = conversation.filter({ $0.direction == .outbound }).reversed().lazy.compactMap({ SignOff.name(in: $0.body) }).first
        {
            name = signed
            signature = nil
        }
        let userID = conversation.last(where: { $0.direction == .outbound && $0.sentByUserID != nil })?.sentByUserID
        if let userID, let profile = try? await store.senderProfile(of: userID) {
            if let own = profile.displayName {
                name = own
                signature = nil  // the workspace's signature names someone else
            }
            signature = profile.signature ?? signature
        }
        return DraftContext.Sender(userID: userID, name: name, signature: signature ?? name)
    }

    /// One candidate per archetype, each worded differently. A short reply with little to say
    /// ("Sounds good" from a lead with nothing asked) could come out word for word the same from
    /// two archetypes, since phrases are picked per slot: a repeat is composed again with other
    /// picks (a few tries, then kept: never fewer candidates than archetypes).
    private func rulesCandidates(_ situation: Situation) -> [Candidate] {
        let inputs = Self.rulesInputs(situation)
        var candidates: [Candidate] = []
        for archetype in situation.archetypes {
            var candidate = inputs
            candidate.archetype = archetype
            var body = RulesComposer().compose(candidate)
            for retry in 1...4 where candidates.contains(where: { $0.body == body }) {
                candidate.seed = "\(inputs.seed)|\(archetype.id)|\(retry)"
                body = RulesComposer().compose(candidate)
            }
            candidates.append(Candidate(archetype: archetype, body: body))
        }
        return candidates
    }

    /// What the rules composer answers with: each question with its passage (or none: the
    /// sender will confirm), the booking gate's decision in the lead's words and zone, the people
    /// to include, and a follow-up line for a lead who said not now.
    static func rulesInputs(_ situation: Situation) -> RulesComposer.Inputs {
        let context = situation.context
        let reading = situation.reading
        var answers = context.questions.map { question in
            RulesComposer.Answer(
                question: question.text, passage: question.answer?.passage.text,
                topic: question.answer?.passage.asset.lowercased())
        }
        if situation.followUp != nil { answers = [] }  // what the lead asked back then was answered then
        // "Send pricing please" asks without a question sentence, "We already use Outreach" raises
        // a point without one: answer it from the best passage.
        if answers.isEmpty, [.pricingQuestion, .question, .objection].contains(situation.intent), let best = context.facts.first,
            best.score >= KnowledgeRetriever.answeringScore
        {
            answers = [RulesComposer.Answer(question: "", passage: best.passage.text, topic: best.passage.asset.lowercased())]
        }
        let quiet = situation.lead.optedOut || situation.declinesCalls || !IntentPolicy.of(situation.intent).callToAction
        let booking: RulesComposer.Booking
        // The gate's reading of a time counts only when the lead offered one ("Thursday is
        // packed" names a day, offers none).
        let decision: BookingGate.Decision =
            quiet
            ? .hold("no call to action")
            : reading.proposesTime || context.booking.isHold ? context.booking : .askAgain("")
        switch decision {
        case .confirm(let slot):
            booking = .confirm(SpokenTime.describe(slot, in: TimeZone(identifier: slot.timeZone) ?? context.zone, also: context.zone))
        case .propose(let window):
            booking =
                context.offers.isEmpty
                ? .offer([SpokenTime.dateTime(window.start, in: TimeZone(identifier: window.timeZone) ?? context.zone, also: context.zone)])
                : Self.offer(context)
        case .askAgain:
            booking = Self.offer(context)
        case .hold(let reason):
            if quiet || reason == "the lead already booked" {
                booking = .noCallToAction
            } else {
                booking = situation.intent == .wantsTimes ? Self.offer(context) : .none
            }
        }
        // People to include on an invite, or the one a referral points to; an away notice's
        // "contact Sam meanwhile" is neither.
        let people = [.wantsTimes, .referral].contains(situation.intent) || reading.proposesTime ? reading.people : []
        let followUp: String? =
            situation.followUp != nil
            ? nil
            : situation.intent == .notNow
                ? reading.notBefore.map { "I'll reach out again in \(SpokenTime.month($0, in: context.zone))." } ?? "I'll check back in a few months."
                : nil
        return RulesComposer.Inputs(
            intent: situation.intent, archetype: situation.archetypes[0], firstName: situation.lead.firstName,
            company: situation.lead.company, variables: situation.lead.customVariables.compactMapValues(\.textValue),
            answers: answers.filter { !$0.question.isEmpty || $0.passage != nil }, booking: booking, people: people,
            channel: situation.trigger.channel.replyChannel, signature: context.sender.signature, followUp: followUp,
            followingUp: situation.followUp, material: situation.followUp == nil ? context.material.map { ($0.name, $0.url) } : nil,
            nextSteps: situation.followUp == nil && reading.asksNextSteps, copiedIn: situation.followUp == nil ? context.copiedIn : nil,
            seed: "\(situation.lead.id)|\(situation.trigger.id)|\(situation.attempt)")
    }

    /// The team's link, or its slots, or a request for the lead's times.
    static func offer(_ context: DraftContext) -> RulesComposer.Booking {
        if let link = context.bookingLink, context.offers == [link] { return .link(link) }
        return context.offers.isEmpty ? .askForTimes : .offer(context.offers)
    }

    func context(_ situation: Situation, feature: String) -> LLMCallContext {
        LLMCallContext(
            workspaceID: situation.workspaceID, featureID: feature, draftID: situation.draftID.rawValue, jobID: situation.jobID,
            metadata: situation.bundle.stats.metadata)
    }
}
