import Foundation

/// Who an outbound message came from, for the report: a person, or the AI by how its draft
/// went out.
public enum SenderSegment: String, Sendable, Hashable, Codable, DeclarationOrdered {
    case setter
    case aiApproved = "ai_approved"
    case aiEdited = "ai_edited"
    case aiAutoSent = "ai_auto_sent"

    /// `nil` for senders that are not in any segment (the lead, system notices). An AI message
    /// whose disposition is unknown counts as approved: it went out through a person's review.
    public init?(sender: MessageSender, disposition: Draft.Disposition?) {
        switch (sender, disposition) {
        case (.setter, _): self = .setter
        case (.ai, .edited): self = .aiEdited
        case (.ai, .autoSent): self = .aiAutoSent
        case (.ai, _): self = .aiApproved
        case (.lead, _), (.system, _): return nil
        }
    }

    public var isAI: Bool { self != .setter }
}

/// How long the lead waited for this message (from their last message before it).
public enum ReplySpeed: String, Sendable, Hashable, Codable, DeclarationOrdered {
    case under5Minutes = "under_5m"
    case under1Hour = "under_1h"
    case under24Hours = "under_24h"
    case later
    /// Nothing from the lead before it (an opener or a follow-up to silence).
    case unprompted

    public init(waited seconds: Double?) {
        guard let seconds else {
            self = .unprompted
            return
        }
        switch seconds {
        case ..<300: self = .under5Minutes
        case ..<3_600: self = .under1Hour
        case ..<86_400: self = .under24Hours
        default: self = .later
        }
    }
}

/// The length of a message body in characters, banded.
public enum LengthBand: String, Sendable, Hashable, Codable, DeclarationOrdered {
    case short = "under_300"
    case medium = "300_to_700"
    case long = "700_to_1200"
    case veryLong = "over_1200"

    public init(characters: Int) {
        switch characters {
        case ..<300: self = .short
        case ..<700: self = .medium
        case ..<1_200: self = .long
        default: self = .veryLong
        }
    }

    /// The lower bounds, for the SQL that bands lengths the same way.
    public static let thresholds = [300, 700, 1_200]
}

/// An enum ordered as its cases are declared (segments, speed and length bands sort that way in
/// every table).
public protocol DeclarationOrdered: CaseIterable, Comparable {}

extension DeclarationOrdered {
    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
