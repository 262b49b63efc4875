import Foundation
import Logging
import ReplywrightCore
import ReplywrightLLM
import ReplywrightStore

/// Decides what a session sees after it submits a step: (1) the form's rules; (2) for a session
/// in the adaptive variant, the model's `propose_next_step` call, under the decision timeout and
/// checked against the form's whitelist; (3) the next step in order. A step whose call to action
/// finishes the form, or no step ahead, completes the session.
public struct NextStepCascade: Sendable {
    /// What was decided, and how.
    public struct Decision: Sendable, Equatable {
        /// The next step's plan; `nil` completes the session.
        public var plan: FormPlan?
        public var source: DecisionSource
        public var confidence: Double?
        public var reason: String
        public var latency: Duration
    }

    public static let defaultTimeout: Duration = .milliseconds(1_500)
    public static let temperature = 0.2

    let store: any SettingsStore & PromptStore
    let llm: (any LLMProvider)?
    let configuration: DraftingConfiguration
    let prompts: PromptRegistry
    let tiers: TieredDecision
    let now: @Sendable () -> Date

    public init(
        store: any SettingsStore & PromptStore, llm: (any LLMProvider)?, configuration: DraftingConfiguration, telemetry: AITelemetry,
        logger: Logger = Logger(label: "replywright.forms"), now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.store = store
        self.llm = llm
        self.configuration = configuration
        self.prompts = PromptRegistry(store: store)
        self.tiers = TieredDecision(telemetry: telemetry, logger: logger, now: now)
        self.now = now
    }

    private struct Proposal: Sendable {
        var parsed: NextStepProposal.Parsed
        var cached: Bool
    }

    public func next(
        after submitted: String, answers: FormAnswers, definition: FormDefinition, adaptive: Bool, events: [FormEvent], stepStartedAt: Date,
        session: Identifier<FormSession>, in workspaceID: Identifier<Workspace>
    ) async throws -> Decision {
        let started = ContinuousClock.now
        let flow = FormFlow(definition)
        func decided(_ plan: FormPlan?, _ source: DecisionSource, _ reason: String, confidence: Double? = nil) -> Decision {
            Decision(plan: plan, source: source, confidence: confidence, reason: reason, latency: ContinuousClock.now - started)
        }
        guard let step = definition.step(submitted) else { throw AppError.invalid("step \(submitted) is not in the form") }
        if step.cta.finishes { return decided(nil, .rules, "the step's \(step.cta.action.rawValue) button finishes the form") }
        if let target = flow.ruleTarget(after: submitted, answers: answers) {
            return decided(flow.plan(for: target, answers: answers), .rules, "a rule sends this answer to \(target)")
        }
        let ahead = flow.remainingSteps(after: submitted, answers: answers)
        guard let next = ahead.first else { return decided(nil, .rules, "no step ahead") }
        let basic = flow.plan(for: next.id, answers: answers)
        guard adaptive else { return decided(basic, .rules, "the next step in order") }

        let template = try await prompts.resolve(BuiltinPrompts.formNextStep.key, for: workspaceID)
        let context = template.stamp(LLMCallContext(workspaceID: workspaceID, featureID: "forms.next_step"))
        let model = try await modelName(in: workspaceID)
        let modelTier: (() async throws -> Proposal?)? = model.flatMap { name in
            llm.map { llm in
                {
                    try await self.propose(
                        llm: llm, model: name, template: template, context: context, flow: flow, candidates: ahead, answers: answers,
                        submitted: submitted, events: events, stepStartedAt: stepStartedAt, timeout: definition.decisionTimeout)
                }
            }
        }
        let (proposal, source) = try await tiers.run(context, model: modelTier) { _ -> Proposal? in nil }
        if let proposal {
            return decided(proposal.parsed.plan, proposal.cached ? .cache : .llm, proposal.parsed.reasoning, confidence: proposal.parsed.confidence)
        }
        return decided(
            basic, source,
            source == .rules ? "no model configured: the next step in order" : "the model's proposal could not be used: the next step in order")
    }

    private func modelName(in workspaceID: Identifier<Workspace>) async throws -> String? {
        guard llm != nil else { return nil }
        var effective = configuration
        if let saved = try await store.draftingSettings(in: workspaceID) { effective = configuration.applying(saved).configuration }
        return effective.model
    }

    private func propose(
        llm: any LLMProvider, model: String, template: PromptRegistry.Resolved, context: LLMCallContext, flow: FormFlow, candidates: [FormStep],
        answers: FormAnswers, submitted: String, events: [FormEvent], stepStartedAt: Date, timeout: Duration
    ) async throws -> Proposal? {
        let now = now()
        let fieldsOnStep = flow.definition.step(submitted)?.fields.count ?? 0
        let signals = FormSignals.derive(events: events, stepStartedAt: stepStartedAt, fieldsOnStep: fieldsOnStep, now: now)
        let values = FormPromptContext.describe(
            definition: flow.definition, answers: answers, submittedStep: submitted, candidates: candidates, signals: signals,
            recentEvents: events, now: now)
        let parameters = NextStepProposal.parameters(candidates: candidates, definition: flow.definition)
        var request = LLMRequest(
            model: model, messages: template.messages(values), temperature: Self.temperature, maxOutputTokens: 600,
            tools: [
                LLMTool(
                    name: NextStepProposal.toolName, description: "Choose the form's next step and how its fields are shown.",
                    parameters: parameters, strict: true)
            ],
            deadline: now.addingTimeInterval(timeout.timeInterval), context: context, cacheable: true)
        request.requiredTool = NextStepProposal.toolName
        let response = try await llm.generate(request)
        // Some compatible servers answer with the JSON as text instead of a tool call.
        let argumentsText = response.toolCalls.first { $0.name == NextStepProposal.toolName }?.arguments ?? response.text
        guard let arguments = try? JSONDecoder().decode(JSONValue.self, from: Data(argumentsText.utf8)),
            JSONSchema(name: NextStepProposal.toolName, schema: parameters).validate(arguments).isEmpty
        else { return nil }
        switch NextStepProposal.parse(arguments, candidates: candidates, flow: flow, answers: answers) {
        case .success(let parsed): return Proposal(parsed: parsed, cached: response.fromCache)
        case .failure: return nil
        }
    }
}

extension FormDefinition {
    /// How long the adaptive variant waits for the model before the next step in order is shown.
    public var decisionTimeout: Duration {
        guard let seconds = decisionTimeoutSeconds else { return NextStepCascade.defaultTimeout }
        return .milliseconds(Int(seconds * 1_000))
    }
}
