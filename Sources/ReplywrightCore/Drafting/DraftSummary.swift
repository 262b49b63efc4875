import Foundation

/// A draft as lists show it (the inbox, `GET /v1/drafts`): its text and verdicts, with the
/// lead's name and email, without the score breakdown and candidate statistics that only the
/// draft itself carries. Lists are read by the page-full, so this is what one row costs.
public struct DraftSummary: Sendable, Hashable, Identifiable {
    public var id: Identifier<Draft>
    public var leadID: Identifier<Lead>
    public var triggerMessageID: Identifier<Message>?
    public var status: Draft.Status
    public var disposition: Draft.Disposition?
    public var source: DecisionSource
    public var intent: ReplyIntent
    public var archetypeID: String
    public var body: String
    public var combinedScore: Double
    public var correction: Draft.Correction
    public var createdAt: Date
    public var updatedAt: Date
    /// The lead's `displayName` and email.
    public var leadName: String
    public var leadEmail: String

    public init(
        id: Identifier<Draft>, leadID: Identifier<Lead>, triggerMessageID: Identifier<Message>?, status: Draft.Status,
        disposition: Draft.Disposition?, source: DecisionSource, intent: ReplyIntent, archetypeID: String, body: String,
        combinedScore: Double, correction: Draft.Correction, createdAt: Date, updatedAt: Date, leadName: String, leadEmail: String
    ) {
        self.id = id
        self.leadID = leadID
        self.triggerMessageID = triggerMessageID
        self.status = status
        self.disposition = disposition
        self.source = source
        self.intent = intent
        self.archetypeID = archetypeID
        self.body = body
        self.combinedScore = combinedScore
        self.correction = correction
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.leadName = leadName
        self.leadEmail = leadEmail
    }
}
