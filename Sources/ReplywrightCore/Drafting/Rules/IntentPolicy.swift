import Foundation

/// What each reading of a reply means, in one table: which intent handles a reply that has
/// several (the table's order), what the conversation does (reply, write nothing, wait for the
/// lead's return, close), whether the reply may ask for a call or open with a warm-up, whether it
/// leads with an acknowledgement, whether the lead's questions are answered, how routine it is
/// for auto-send, whether both readers must agree on it, and the lead's category. Read by the
/// reader, the conversation policy (`ReplyDrafter`), the rules composer, drafting's context and
/// the auto-send evaluator.
public struct IntentPolicy: Sendable, Hashable {
    /// What the conversation does with a reply of this intent.
    public enum Action: Sendable, Hashable {
        /// Answer now.
        case reply
        /// Write nothing (the lead was opted out on arrival).
        case noReply
        /// Write nothing now; a fresh reply the working day after the lead is back (when the
        /// workspace schedules follow-ups).
        case awaitReturn
        /// A short acknowledgement now and a fresh reply on the date the lead named.
        case replyThenFollowUp
        /// A short close, or nothing when the workspace's `closeNotInterested` is off.
        case close
    }

    public var intent: ReplyIntent
    public var action: Action
    /// The reply may ask for a call, offer times or a link.
    public var callToAction: Bool
    /// The reply may open with a warm-up line (a thank-you, a personal hook) before its point.
    public var warmUp: Bool
    /// The reply leads with the intent's acknowledgement ("Understood, and thanks for the clear
    /// answer.") even when it has something else to say.
    public var acknowledges: Bool
    /// The lead's questions are answered from the knowledge (none for a no, an away notice, a
    /// pointer to someone else, or "check back in Q1?").
    public var answersQuestions: Bool
    /// How routine the reply is for auto-send: 1 routine, 0 a human decides.
    public var autoSendWeight: Double
    /// Decides what may be sent at all: when the model's reading and the rules' differ on it,
    /// a human decides.
    public var hardGate: Bool
    /// The lead's category for the team's inbox; `nil` when the reading is unclear.
    public var category: LeadCategory?

    /// One row per intent, in priority order: stopping contact first, then what decides the
    /// next step (away, someone else, later, no), then booking, then what to answer.
    public static let table: [IntentPolicy] = [
        row(.unsubscribe, .noReply, autoSend: 0, hardGate: true, category: .doNotContact),
        row(.outOfOffice, .awaitReturn, autoSend: 0, hardGate: true, category: .outOfOffice),
        row(.referral, .reply, warmUp: true, autoSend: 0, category: .wrongPerson),
        row(.notNow, .replyThenFollowUp, warmUp: true, acknowledges: true, autoSend: 0.7, category: .notInterested),
        row(.notInterested, .close, acknowledges: true, autoSend: 0, category: .notInterested),
        row(.wantsTimes, .reply, callToAction: true, warmUp: true, answers: true, autoSend: 1, category: .meetingRequest),
        row(.pricingQuestion, .reply, callToAction: true, warmUp: true, answers: true, autoSend: 0.9, category: .informationRequest),
        row(.objection, .reply, callToAction: true, warmUp: true, acknowledges: true, answers: true, autoSend: 0.8, category: .informationRequest),
        row(.question, .reply, callToAction: true, warmUp: true, answers: true, autoSend: 0.9, category: .informationRequest),
        row(.interested, .reply, callToAction: true, warmUp: true, answers: true, autoSend: 1, category: .interested),
        // Unclear is not a guess: a neutral reply that asks what would help, for a person to check.
        row(.unclear, .reply, warmUp: true, answers: true, autoSend: 0, category: nil),
    ]

    private static let byIntent = Dictionary(uniqueKeysWithValues: table.map { ($0.intent, $0) })

    /// The row for `intent`.
    public static func of(_ intent: ReplyIntent) -> IntentPolicy { byIntent[intent]! }

    /// The intents in priority order.
    public static let priority = table.map(\.intent)

    private static func row(
        _ intent: ReplyIntent, _ action: Action, callToAction: Bool = false, warmUp: Bool = false, acknowledges: Bool = false,
        answers: Bool = false, autoSend: Double, hardGate: Bool = false, category: LeadCategory?
    ) -> IntentPolicy {
        IntentPolicy(
            intent: intent, action: action, callToAction: callToAction, warmUp: warmUp, acknowledges: acknowledges, answersQuestions: answers,
            autoSendWeight: autoSend, hardGate: hardGate, category: category)
    }
}

/// A lead's category, as sales teams' inboxes and sending platforms name them.
public enum LeadCategory: String, Sendable, Hashable, Codable, CaseIterable {
    case interested
    case meetingRequest = "meeting_request"
    case informationRequest = "information_request"
    case outOfOffice = "out_of_office"
    case notInterested = "not_interested"
    case wrongPerson = "wrong_person"
    case doNotContact = "do_not_contact"
    case bounced
}
