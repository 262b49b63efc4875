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

    /// The primary intent of `text`, as `ReplyReader` reads it (without a date: times count
    /// only as times).
    public static func classify(_ text: String) -> ReplyIntent {
        ReplyReader.standard.read(text, sentAt: ReplyReader.reference).primary
    }

    /// "a pricing question", for reasons and prompts.
    public var words: String {
        let name = rawValue.replacingOccurrences(of: "_", with: " ")
        return ["a", "e", "i", "o", "u"].contains(name.prefix(1)) ? "an \(name)" : "a \(name)"
    }
}
