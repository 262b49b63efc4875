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
        let band = Self.thresholds.firstIndex { seconds < Double($0) } ?? Self.thresholds.count
        self = Self.banded[band]
    }

    /// The upper bounds in seconds of the bands in `banded` (the SQL that bands waits the same
    /// way reads them too).
    public static let thresholds = [300, 3_600, 86_400]
    public static let banded: [ReplySpeed] = [.under5Minutes, .under1Hour, .under24Hours, .later]
}

/// The length of a message body in characters, banded.
public enum LengthBand: String, Sendable, Hashable, Codable, DeclarationOrdered {
    case short = "under_300"
    case medium = "300_to_700"
    case long = "700_to_1200"
    case veryLong = "over_1200"

    public init(characters: Int) {
        self = Self.allCases[Self.thresholds.firstIndex { characters < $0 } ?? Self.thresholds.count]
    }

    /// The upper bounds of the bands, in order (the SQL that bands lengths the same way reads them too).
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
