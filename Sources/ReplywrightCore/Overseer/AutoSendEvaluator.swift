import Foundation

/// Decides whether a finished draft goes out without a human. Off unless the workspace turns
/// auto-send on; never when the gate failed closed or blocked, when a hard gate changed or
/// stopped the text, or for intents a human must answer (`IntentPolicy.autoSendWeight` 0:
/// unsubscribe, not interested, out of office, referral, unclear).
public enum AutoSendEvaluator {
    public struct Input: Sendable, Hashable {
        public var combinedScore: Double
        public var source: DecisionSource
        public var intent: ReplyIntent
        /// The rules classifier's reading, when the model's `intent` came from a plan.
        public var rulesIntent: ReplyIntent?
        public var gate: OverseerDecision.Verdict
        public var finalizer: OverseerDecision.Verdict
        /// The model gate's own confidence, when a model reviewed the draft.
        public var modelConfidence: Double?

        public init(
            combinedScore: Double, source: DecisionSource, intent: ReplyIntent, rulesIntent: ReplyIntent? = nil,
            gate: OverseerDecision.Verdict, finalizer: OverseerDecision.Verdict, modelConfidence: Double? = nil
        ) {
            self.combinedScore = combinedScore
            self.source = source
            self.intent = intent
            self.rulesIntent = rulesIntent
            self.gate = gate
            self.finalizer = finalizer
            self.modelConfidence = modelConfidence
        }
    }

    public struct Result: Sendable, Hashable {
        public var send: Bool
        public var confidence: Double
        public var reasons: [String]
    }

    public static func evaluate(_ input: Input, policy: PolicySettings) -> Result {
        let confidence = confidence(input)
        var reasons: [String] = []
        if !policy.autoSend { reasons.append("auto-send is off for this workspace") }
        switch input.gate {
        case .failedClosed: reasons.append("the overseer gate did not answer (fails closed)")
        case .block: reasons.append("the overseer gate blocked the draft")
        default: break
        }
        if input.finalizer != .approve { reasons.append("a hard gate \(input.finalizer == .block ? "stopped" : "changed") the draft") }
        if let rules = input.rulesIntent, rules != input.intent, IntentPolicy.of(rules).hardGate || IntentPolicy.of(input.intent).hardGate {
            reasons.append("the model read \(input.intent.words) and the rules \(rules.words): a human decides")
        }
        if IntentPolicy.of(input.intent).autoSendWeight == 0 {
            reasons.append("\(Self.article(input.intent)) \(input.intent.rawValue.replacingOccurrences(of: "_", with: " ")) reply needs a human")
        }
        if input.source == .fallback { reasons.append("the model failed and the rules tier stood in") }
        if confidence < policy.autoSendThreshold {
            reasons.append(String(format: "confidence %.2f is below the threshold %.2f", confidence, policy.autoSendThreshold))
        }
        return Result(send: reasons.isEmpty, confidence: confidence, reasons: reasons)
    }

    /// The draft's score, discounted for a revised draft and by how routine the intent is;
    /// the model's own confidence can only lower it.
    static func confidence(_ input: Input) -> Double {
        let gate: Double =
            switch input.gate {
            case .approve: 1
            case .revise: 0.85
            default: 0
            }
        let rules = max(0, min(1, input.combinedScore)) * gate * IntentPolicy.of(input.intent).autoSendWeight
        return input.modelConfidence.map { min(rules, max(0, min(1, $0))) } ?? rules
    }

    /// "an unsubscribe reply", "an out of office reply", "a question reply".
    static func article(_ intent: ReplyIntent) -> String {
        "aeiou".contains(intent.rawValue.prefix(1)) ? "an" : "a"
    }
}
