import Foundation

/// What a lead's reply is about, as the rules tier reads it.
public enum ReplyIntent: String, Sendable, Hashable, Codable, CaseIterable {
    case unsubscribe
    case outOfOffice = "out_of_office"
    case notInterested = "not_interested"
    case referral
    case notNow = "not_now"
    case pricingQuestion = "pricing_question"
    case wantsTimes = "wants_times"
    case objection
    case interested
    case question
    case unclear

    /// Reading by ordered rules: the first intent whose pattern matches wins, so "not
    /// interested, remove me" is an unsubscribe and "out of office until Monday, send
    /// pricing" is out of office.
    public static func classify(_ text: String) -> ReplyIntent {
        let lowered = " " + text.lowercased().replacingOccurrences(of: "’", with: "'") + " "
        for (intent, patterns) in rules where patterns.contains(where: { lowered.contains($0) }) {
            return intent
        }
        return lowered.contains("?") ? .question : .unclear
    }

    /// "a pricing question", for reasons and prompts.
    public var words: String {
        let name = rawValue.replacingOccurrences(of: "_", with: " ")
        return ["a", "e", "i", "o", "u"].contains(name.prefix(1)) ? "an \(name)" : "a \(name)"
    }

    private static let rules: [(ReplyIntent, [String])] = [
        (.unsubscribe, ["unsubscribe", "remove me", "take me off", "stop emailing", "stop contacting", "opt out", "opt-out",
                        "do not contact", "don't contact me", "don't email", "no more emails"]),
        (.outOfOffice, ["out of office", "out of the office", "ooo", "on vacation", "on holiday", "on leave",
                        "limited access to email", "automatic reply", "auto-reply", "away until", "back on"]),
        (.notInterested, ["not interested", "no interest", "no thanks", "no thank you", "not a fit", "not for us",
                          "we're all set", "we are all set", "pass on this", "not looking"]),
        (.referral, ["reach out to", "contact my colleague", "speak to my colleague", "talk to my colleague", "better person",
                     "right person", "cc'ing", "cc’ing", "looping in", "forwarding this to", "in charge of"]),
        (.notNow, ["not right now", "not now", "next quarter", "next year", "maybe later", "circle back", "reach out in",
                   "check back", "bad timing", "in a few months", "after the holidays"]),
        (.pricingQuestion, ["price", "pricing", "cost", "how much", "budget", "quote", "per seat", "per month", "fees"]),
        (.wantsTimes, ["send me some times", "send some times", "what times", "when are you free", "availability",
                       "book a call", "schedule a call", "set up a call", "grab time", "calendar", "your calendar",
                       "times that work", "time that works", "a quick call"]),
        (.objection, ["already use", "already have", "we use ", "too expensive", "no budget", "concern", "worried",
                      "not sure it", "doesn't work for", "don't see how"]),
        (.interested, ["interested", "sounds good", "sounds great", "tell me more", "love to learn", "keen", "let's talk",
                       "happy to chat", "yes", "sure", "works for me"]),
    ]
}
