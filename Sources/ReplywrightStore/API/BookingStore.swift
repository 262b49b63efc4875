import Foundation
import ReplywrightCore

/// Booking events from calendars, matched to leads by email.
public protocol BookingStore: Sendable {
    /// Stores the event and, when a lead of the workspace has its email, updates the lead's
    /// appointment (booked / rescheduled keep `bookedAt`; canceled clears it). A duplicate
    /// delivery (same provider, id and kind) changes nothing.
    func recordBooking(_ event: BookingEvent, in workspaceID: Identifier<Workspace>) async throws -> BookingRecord

    /// Newest first; `unmatchedOnly`: events whose email matched no lead.
    func bookingEvents(in workspaceID: Identifier<Workspace>, unmatchedOnly: Bool, limit: Int) async throws -> [StoredBookingEvent]
}

/// What storing a booking event did.
public struct BookingRecord: Sendable, Equatable {
    public var eventID: String
    /// The matched lead after the update; `nil`: no lead has that email (stored unmatched).
    public var lead: Lead?
    /// The same event was delivered before; nothing changed.
    public var duplicate: Bool
}

/// A booking event as stored.
public struct StoredBookingEvent: Sendable, Equatable {
    public var id: String
    public var event: BookingEvent
    public var leadID: Identifier<Lead>?
    public var receivedAt: Date
}
