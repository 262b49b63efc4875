import Foundation

/// The cohort and windows of a message-performance report. Stored with the report; its hash
/// names the cohort.
public struct AttributionParameters: Sendable, Hashable, Codable {
    /// Outbound messages sent in `[from, to)` are counted.
    public var from: Date
    public var to: Date
    /// What the report may know: messages and bookings after it are ignored, and maturity is
    /// measured against it. Same data and `asOf` → the same report.
    public var asOf: Date
    /// How long before a booking a message can earn its credit.
    public var attributionDays: Int
    /// How long after the attribution window a message waits before it counts as not booked.
    public var maturityDays: Int

    public static let defaultAttributionDays = 14
    public static let defaultMaturityDays = 7

    public init(
        from: Date, to: Date, asOf: Date, attributionDays: Int = defaultAttributionDays, maturityDays: Int = defaultMaturityDays
    ) {
        self.from = from
        self.to = to
        self.asOf = asOf
        self.attributionDays = attributionDays
        self.maturityDays = maturityDays
    }

    /// Checks the ranges a caller can get wrong; messages name the field.
    public func validated() throws(AppError) -> AttributionParameters {
        guard from < to else { throw .invalid("from must be before to") }
        guard (1...90).contains(attributionDays) else { throw .invalid("attributionDays: 1 to 90") }
        guard (0...90).contains(maturityDays) else { throw .invalid("maturityDays: 0 to 90") }
        return self
    }

    public var attributionWindow: TimeInterval { TimeInterval(attributionDays) * 86_400 }
    /// A message sent at or before this instant has waited long enough to be `not_booked`.
    public var maturityCutoff: Date { asOf.addingTimeInterval(-TimeInterval(attributionDays + maturityDays) * 86_400) }
}

/// What happened to one outbound message.
public enum MessageOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    /// The credited message of a booking.
    case booked
    /// Not credited, and old enough that a booking would have credited it by now.
    case notBooked = "not_booked"
    /// Not credited yet, but still inside the attribution and maturity windows.
    case pending
    /// Its credit is ambiguous (a tie, an incomplete history): counted, never in a pattern claim.
    case unattributed
}

/// Why a booking credits no message.
public enum UnattributedReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// No outbound message in the window before `bookedAt`.
    case noOutboundInWindow = "no_outbound_in_window"
    /// Two or more messages share the last instant before `bookedAt`.
    case tied
    /// The lead's history is known to be incomplete (an import said so).
    case incompleteHistory = "incomplete_history"
}
