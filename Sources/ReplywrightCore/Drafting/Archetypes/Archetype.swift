/// A structural recipe for one reply: how it opens, how many paragraphs, where the call to
/// action sits, how long, how it closes. Each draft candidate follows a different archetype,
/// so the candidates differ in structure, not just in wording.
public struct Archetype: Sendable, Hashable, Codable, Identifiable {
    public enum Opening: String, Sendable, Hashable, Codable, CaseIterable {
        /// Answers the lead's point in the first sentence.
        case directAnswer = "direct_answer"
        case thanks
        /// Picks up the lead's own words or question.
        case mirror
        /// Starts from something specific about the lead (a custom variable).
        case personalHook = "personal_hook"
        /// One short acknowledging line, then the substance.
        case briefAcknowledgement = "brief_acknowledgement"
        /// Sets context (why we wrote) before answering.
        case context
    }

    public enum CallToActionPosition: String, Sendable, Hashable, Codable, CaseIterable { case opening, middle, closing }

    public enum Close: String, Sendable, Hashable, Codable, CaseIterable { case question, statement }

    /// Word-count band of the body.
    public enum LengthBand: String, Sendable, Hashable, Codable, CaseIterable {
        case short, medium, long

        public var words: ClosedRange<Int> {
            switch self {
            case .short: return 20...60
            case .medium: return 55...110
            case .long: return 100...170
            }
        }
    }

    public var id: String
    public var name: String
    public var opening: Opening
    public var paragraphs: Int
    public var callToAction: CallToActionPosition
    public var length: LengthBand
    public var close: Close
    public var usesList: Bool
    public var greeting: Bool
    public var signOff: Bool

    public init(
        id: String, name: String, opening: Opening, paragraphs: Int, callToAction: CallToActionPosition, length: LengthBand,
        close: Close, usesList: Bool = false, greeting: Bool = true, signOff: Bool = true
    ) {
        self.id = id
        self.name = name
        self.opening = opening
        self.paragraphs = paragraphs
        self.callToAction = callToAction
        self.length = length
        self.close = close
        self.usesList = usesList
        self.greeting = greeting
        self.signOff = signOff
    }

    /// The structure as instructions for a model (never the plan's content).
    public var instructions: String {
        var lines = [
            "Open with: \(opening.rawValue.replacingOccurrences(of: "_", with: " ")).",
            "Write \(paragraphs) paragraph\(paragraphs == 1 ? "" : "s"), \(length.words.lowerBound)–\(length.words.upperBound) words in all.",
            "Put the call to action in the \(callToAction.rawValue) part.",
            close == .question ? "End with a question." : "End with a statement, not a question.",
        ]
        if usesList { lines.append("Include a short list of 2–3 items.") }
        lines.append(greeting ? "Start with a one-line greeting." : "No greeting line.")
        lines.append(signOff ? "End with a short sign-off." : "No sign-off phrase: end with your first name alone.")
        return lines.joined(separator: " ")
    }
}

/// The built-in archetypes (workspaces choose an allow-list among them).
public enum ArchetypeCatalog {
    public static let standard: [Archetype] = [
        Archetype(
            id: "straight-answer", name: "Straight answer", opening: .directAnswer, paragraphs: 2, callToAction: .closing,
            length: .short, close: .question),
        Archetype(
            id: "grateful-brief", name: "Grateful and brief", opening: .thanks, paragraphs: 2, callToAction: .closing,
            length: .short, close: .statement),
        Archetype(
            id: "mirror-question", name: "Mirror their question", opening: .mirror, paragraphs: 3, callToAction: .closing,
            length: .medium, close: .question),
        Archetype(
            id: "hook-first", name: "Personal hook first", opening: .personalHook, paragraphs: 3, callToAction: .middle,
            length: .medium, close: .statement),
        Archetype(
            id: "one-liner", name: "One-liner", opening: .briefAcknowledgement, paragraphs: 1, callToAction: .closing,
            length: .short, close: .question, greeting: false, signOff: false),
        Archetype(
            id: "options-list", name: "Options as a list", opening: .directAnswer, paragraphs: 3, callToAction: .closing,
            length: .medium, close: .question, usesList: true),
        Archetype(
            id: "cta-up-front", name: "Call to action up front", opening: .directAnswer, paragraphs: 2,
            callToAction: .opening, length: .short, close: .statement),
        Archetype(
            id: "context-then-ask", name: "Context, then the ask", opening: .context, paragraphs: 3, callToAction: .closing,
            length: .long, close: .question),
        Archetype(
            id: "acknowledge-and-pivot", name: "Acknowledge and pivot", opening: .briefAcknowledgement, paragraphs: 2,
            callToAction: .middle, length: .medium, close: .question),
        Archetype(
            id: "detailed-walkthrough", name: "Detailed walkthrough", opening: .thanks, paragraphs: 4, callToAction: .closing,
            length: .long, close: .statement, usesList: true),
        Archetype(
            id: "no-frills", name: "No frills", opening: .directAnswer, paragraphs: 1, callToAction: .closing,
            length: .short, close: .statement, greeting: false),
        Archetype(
            id: "warm-story", name: "Warm and personal", opening: .personalHook, paragraphs: 2, callToAction: .closing,
            length: .medium, close: .question, signOff: true),
    ]
}
