import Foundation

/// What a lead's reply says, as the rules read it: every intent found (the primary first), the
/// questions asked, whether the lead named a time to meet, people pointed to, and the dates the
/// lead gave (back from leave, "not before").
public struct ReplyReading: Sendable, Hashable {
    /// The intent the reply is handled by (see `IntentPolicy.priority`).
    public var primary: ReplyIntent
    /// Every intent found, the primary first, each once.
    public var intents: [ReplyIntent]
    /// The lead named a usable day or time ("Tuesday 3pm works"): they are asking to book it.
    public var proposesTime: Bool
    /// The asking sentences, in the lead's words.
    public var questions: [String]
    /// People the lead pointed to or asked to include (names as written, emails).
    public var people: [String]
    /// Out of office: when the lead is back.
    public var returnDate: Date?
    /// Not now: the earliest date the lead asked to be contacted again.
    public var notBefore: Date?
    /// How sure the reading is of `primary`: the classifier's calibrated probability (1 for a
    /// hard signal; without a model 1 when a rule matched, 0 when none did).
    public var confidence: Double
    /// Material the lead asked to be sent ("one-pager", "case study", "deck").
    public var material: String?
    /// The lead asked what the next steps are.
    public var asksNextSteps: Bool
    /// Someone the lead copied into the thread (a name, or "your co-founder").
    public var copiedIn: String?

    public init(
        primary: ReplyIntent, intents: [ReplyIntent], proposesTime: Bool = false, questions: [String] = [], people: [String] = [],
        returnDate: Date? = nil, notBefore: Date? = nil, confidence: Double = 1, material: String? = nil, asksNextSteps: Bool = false,
        copiedIn: String? = nil
    ) {
        self.primary = primary
        self.intents = intents
        self.proposesTime = proposesTime
        self.questions = questions
        self.people = people
        self.returnDate = returnDate
        self.notBefore = notBefore
        self.confidence = confidence
        self.material = material
        self.asksNextSteps = asksNextSteps
        self.copiedIn = copiedIn
    }

    public func has(_ intent: ReplyIntent) -> Bool { intents.contains(intent) }
}
