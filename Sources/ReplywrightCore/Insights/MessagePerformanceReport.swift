import Foundation

/// Which messages booked meetings, by who sent them and how: counts, booked rates with Wilson
/// intervals, and each AI segment against setters with Newcombe's interval. Built from
/// `ReportCell`s, so the same cells and parameters always give the same report, byte for byte
/// (`canonicalJSON`).
public struct MessagePerformanceReport: Sendable, Equatable, Codable {
    public var parameters: AttributionParameters
    /// SHA-256 of `canonicalJSON(parameters)` (hex): names the cohort definition.
    public var parametersHash: String
    /// How the cohort is defined, in words.
    public var cohort: String
    public var totals: Row
    /// Sender × channel, cross-channel attribution.
    public var segments: [Row]
    /// Sender × channel, each channel's bookings credited within that channel.
    public var withinChannel: [Row]
    /// Each sender over every channel.
    public var bySender: [Row]
    /// Each AI segment's booked rate minus setters', over every channel.
    public var comparisons: [Comparison]
    public var byChannel: [Row]
    public var byArchetype: [Row]
    public var byLength: [Row]
    public var byIntent: [Row]
    public var byReplySpeed: [Row]
    /// Booked rate by week of sending (`key` = the week's Monday, UTC).
    public var weekly: [Row]
    public var unattributed: Unattributed
    /// Example messages for the synthesis and for admins (snippets redacted); empty for others.
    public var sample: Sample

    /// Outcome counts of one segment; `bookedRate` = booked ÷ (booked + not booked), pending and
    /// unattributed left out; `nil` with no decided message.
    public struct Row: Sendable, Equatable, Codable {
        public var sender: SenderSegment?
        public var channel: Channel?
        /// The breakdown value (archetype id, length band, intent, reply speed, week).
        public var key: String?
        public var messages: Int
        public var booked: Int
        public var notBooked: Int
        public var pending: Int
        public var unattributed: Int
        public var bookedRate: Double?
        public var interval: [Double]?

        public var decided: Int { booked + notBooked }
    }

    public struct Comparison: Sendable, Equatable, Codable {
        public var sender: SenderSegment
        public var versus: SenderSegment
        public var difference: Double?
        /// Newcombe 95 % interval of the difference.
        public var interval: [Double]?
        /// The interval excludes zero.
        public var significant: Bool
    }

    public struct Unattributed: Sendable, Equatable, Codable {
        /// Bookings that credit no message, and why.
        public var bookings: Int
        public var reasons: [String: Int]
        /// Cohort messages whose outcome is ambiguous.
        public var messages: Int
    }

    public struct Sample: Sendable, Equatable, Codable {
        public var messages: [SampleMessage]
        /// The most kept per sender and outcome.
        public var limitPerGroup: Int
        /// How many cohort messages were not kept (cap per run).
        public var dropped: Int

        public init(messages: [SampleMessage], limitPerGroup: Int, dropped: Int) {
            self.messages = messages
            self.limitPerGroup = limitPerGroup
            self.dropped = dropped
        }

        public static let empty = Sample(messages: [], limitPerGroup: 0, dropped: 0)
    }

    public struct SampleMessage: Sendable, Equatable, Codable {
        public var id: String
        public var sender: SenderSegment
        public var channel: Channel
        public var outcome: MessageOutcome
        public var archetype: String?
        public var sentAt: Date
        /// The first 280 characters, personal data redacted.
        public var snippet: String

        public init(
            id: String, sender: SenderSegment, channel: Channel, outcome: MessageOutcome, archetype: String?, sentAt: Date, snippet: String
        ) {
            self.id = id
            self.sender = sender
            self.channel = channel
            self.outcome = outcome
            self.archetype = archetype
            self.sentAt = sentAt
            self.snippet = snippet
        }
    }
}

extension MessagePerformanceReport {
    /// Sorted keys, ISO 8601 dates, rates rounded to 6 decimals: equal reports encode equally.
    public func canonicalJSON() throws -> Data {
        try CanonicalJSON.encoder.encode(self)
    }

    public static func decode(_ data: Data) throws -> MessagePerformanceReport {
        try CanonicalJSON.decoder.decode(MessagePerformanceReport.self, from: data)
    }

    /// The parameters as the hash of `parametersHash` is taken over.
    public static func canonicalJSON(_ parameters: AttributionParameters) -> Data {
        (try? CanonicalJSON.encoder.encode(parameters)) ?? Data()
    }
}

/// How insights are stored and returned: sorted keys, unescaped slashes, ISO 8601 dates, so
/// equal values encode to equal bytes.
public enum CanonicalJSON {
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    public static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
