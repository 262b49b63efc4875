import Foundation

/// A reply Replywright proposes for a lead, waiting for a setter (or auto-send).
public struct Draft: Sendable, Hashable, Codable, Identifiable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case pending, approved, edited, rejected, sent, blocked
        /// A newer message from the lead arrived (or the draft was regenerated): it answers
        /// something that is no longer the last word, and can no longer be sent.
        case superseded
    }

    /// Which tier wrote it: the model, the rules tier (no model to ask), or the rules tier
    /// after the model failed.
    public typealias Source = DecisionSource

    /// How a sent draft went out.
    public enum Disposition: String, Sendable, Hashable, Codable {
        case autoSent = "AUTO_SENT"
        case approved = "APPROVED"
        case edited = "EDITED"
    }

    /// A reviewer's action.
    public enum ReviewAction: Sendable, Hashable {
        case approve
        case edit(body: String)
        case reject
        case send
        /// Sent by the auto-send evaluator without a human (pending → sent, `AUTO_SENT`).
        case autoSend
    }

    /// What was done when the winner scored below the mode's threshold.
    public enum Correction: String, Sendable, Hashable, Codable {
        case none
        /// Regenerated with the failed checks as extra constraints.
        case constraintBoost = "constraint_boost"
        /// The best candidate with its scope violations edited out.
        case minimalEdit = "minimal_edit"
        /// Kept as it was, below threshold, for a human to fix.
        case passThrough = "pass_through"
    }

    public var id: Identifier<Draft>
    public var workspaceID: Identifier<Workspace>
    public var leadID: Identifier<Lead>
    /// The inbound message answered; `nil` for a regeneration without a trigger.
    public var triggerMessageID: Identifier<Message>?
    /// The lead's message the draft answers: the trigger, or for a regeneration the lead's
    /// latest message when it was written (`nil` for regenerations stored before it was kept).
    public var answersMessageID: Identifier<Message>?
    public var status: Status
    /// Set when the draft is sent.
    public var disposition: Disposition?
    public var source: DecisionSource
    public var intent: ReplyIntent
    /// What the rules classifier read, kept next to the model's `intent` (a hard-gate intent
    /// such as unsubscribe drives auto-send only when both agree); `nil` for older drafts.
    public var rulesIntent: ReplyIntent?
    /// The lead asked something no knowledge answers: the draft says the sender will confirm,
    /// and a setter must supply the answer.
    public var needsAnswer: Bool
    public var archetypeID: String
    public var body: String
    /// The winner's evaluation (the other candidates keep stats only).
    public var scores: CandidateScores
    public var combinedScore: Double
    public var correction: Correction
    /// Per candidate: archetype index, word count, combined score… numbers only.
    public var candidateStats: [[String: Double]]
    /// The candidates' texts, in `candidateStats`' order (empty for drafts stored before they were kept).
    public var candidates: [String]
    /// The lead context bundle it was written with, in numbers (`LeadContextBundle.Stats.metadata`).
    public var bundleStats: [String: Double]
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Identifier<Draft>, workspaceID: Identifier<Workspace>, leadID: Identifier<Lead>, triggerMessageID: Identifier<Message>?,
        status: Status, disposition: Disposition? = nil, source: DecisionSource, intent: ReplyIntent, rulesIntent: ReplyIntent? = nil,
        needsAnswer: Bool = false, archetypeID: String,
        body: String,
        scores: CandidateScores,
        combinedScore: Double, correction: Correction, candidateStats: [[String: Double]], bundleStats: [String: Double] = [:],
        createdAt: Date, updatedAt: Date, answersMessageID: Identifier<Message>? = nil, candidates: [String] = []
    ) {
        self.candidates = candidates
        self.id = id
        self.workspaceID = workspaceID
        self.leadID = leadID
        self.triggerMessageID = triggerMessageID
        self.answersMessageID = answersMessageID ?? triggerMessageID
        self.status = status
        self.disposition = disposition
        self.source = source
        self.intent = intent
        self.rulesIntent = rulesIntent
        self.needsAnswer = needsAnswer
        self.archetypeID = archetypeID
        self.body = body
        self.scores = scores
        self.combinedScore = combinedScore
        self.correction = correction
        self.candidateStats = candidateStats
        self.bundleStats = bundleStats
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

extension Draft {
    /// The draft after a review action: pending → approved / edited / rejected; approved or
    /// edited → sent (disposition APPROVED or EDITED). Anything else is a `conflict` that
    /// names the current state.
    public func reviewed(_ action: ReviewAction, at time: Date) throws(AppError) -> Draft {
        var next = self
        next.updatedAt = time
        if status == .superseded, action != .reject {
            throw AppError(.conflict, "a newer message from the lead arrived after this draft was written; regenerate to answer it")
        }
        switch (action, status) {
        case (.approve, .pending), (.approve, .edited):
            next.status = status == .edited ? .edited : .approved
        case (.edit(let body), .pending), (.edit(let body), .approved), (.edit(let body), .edited):
            let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { throw AppError.invalid("body: an edited draft cannot be empty") }
            guard trimmed.count <= 20_000 else { throw AppError.invalid("body: at most 20000 characters") }
            next.body = trimmed
            next.status = .edited
        case (.reject, .pending), (.reject, .approved), (.reject, .edited), (.reject, .blocked), (.reject, .superseded):
            next.status = .rejected
        case (.send, .approved), (.send, .edited):
            next.disposition = status == .edited ? .edited : .approved
            next.status = .sent
        case (.autoSend, .pending):
            next.disposition = .autoSent
            next.status = .sent
        default:
            throw AppError(.conflict, "cannot \(action.verb) a draft that is \(status.rawValue)")
        }
        return next
    }
}

extension Draft.ReviewAction {
    var verb: String {
        switch self {
        case .approve: return "approve"
        case .edit: return "edit"
        case .reject: return "reject"
        case .send: return "send"
        case .autoSend: return "auto-send"
        }
    }
}

extension Draft.Status {
    /// The states in which a draft waits for a human: the inbox.
    public static let waitingForReview: Set<Draft.Status> = [.pending, .approved, .edited]
}
