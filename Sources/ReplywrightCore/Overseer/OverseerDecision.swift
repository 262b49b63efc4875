import Foundation

/// One step of the overseer loop for one draft, persisted with its reasons.
public struct OverseerDecision: Sendable, Hashable, Codable, Identifiable {
    public enum Stage: String, Sendable, Hashable, Codable, CaseIterable {
        case memory
        /// Whether to confirm a time the lead proposed, propose one, or neither.
        case booking
        case gate
        case finalizer
        case autoSend = "auto_send"
    }

    public enum Verdict: String, Sendable, Hashable, Codable {
        /// Memory: facts stored. Gate: the draft may go as it is. Auto-send: sent.
        case approve
        /// The gate (or a hard gate) changed the text.
        case revise
        /// Nothing may be sent (gate, hard gate) or not sent automatically (auto-send).
        case block
        /// The gate did not answer in time or failed: no auto-send.
        case failedClosed = "failed_closed"
        /// Auto-send: left for a human.
        case hold
    }

    public var id: Identifier<OverseerDecision>
    public var workspaceID: Identifier<Workspace>
    public var leadID: Identifier<Lead>
    public var messageID: Identifier<Message>?
    public var draftID: Identifier<Draft>?
    public var stage: Stage
    public var verdict: Verdict
    public var source: DecisionSource
    public var reasons: [String]
    /// Numbers only (scores, counts, thresholds): never message text.
    public var stats: [String: Double]
    public var createdAt: Date

    public init(
        id: Identifier<OverseerDecision>, workspaceID: Identifier<Workspace>, leadID: Identifier<Lead>, messageID: Identifier<Message>?,
        draftID: Identifier<Draft>?, stage: Stage, verdict: Verdict, source: DecisionSource, reasons: [String], stats: [String: Double],
        createdAt: Date
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.leadID = leadID
        self.messageID = messageID
        self.draftID = draftID
        self.stage = stage
        self.verdict = verdict
        self.source = source
        self.reasons = reasons
        self.stats = stats
        self.createdAt = createdAt
    }
}
