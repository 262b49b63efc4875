import Foundation
import ReplywrightCore
import SQLKit

extension SQLStore: BookingStore {
    public func recordBooking(_ event: BookingEvent, in workspaceID: Identifier<Workspace>) async throws -> BookingRecord {
        try await transaction { (tx: SQLStore) in
            let db = tx.requireConnection
            let lead = try await db.raw(
                """
                SELECT \(unsafeRaw: Self.leadColumns) FROM leads
                WHERE workspace_id = \(bind: workspaceID.rawValue) AND email = \(bind: event.email)
                """
            ).first().map(Self.lead(from:))
            let eventID = Self.newID()
            let inserted =
                try await db.raw(
                    """
                    INSERT INTO booking_events (id, workspace_id, lead_id, provider, kind, email, external_id, starts_at, occurred_at, created_at)
                    VALUES (\(bind: eventID), \(bind: workspaceID.rawValue), \(bind: lead?.id.rawValue), \(bind: event.provider.rawValue),
                            \(bind: event.kind.rawValue), \(bind: event.email), \(bind: event.externalID), \(bind: event.startsAt),
                            \(bind: event.occurredAt), \(bind: tx.clock()))
                    ON CONFLICT (workspace_id, provider, external_id, kind) DO NOTHING
                    RETURNING id
                    """
                ).first() != nil
            guard inserted, var lead else { return BookingRecord(eventID: eventID, lead: lead, duplicate: !inserted) }
            // The latest event decides the lead's state: one that arrives late (an import, a
            // retried webhook) after a newer one is kept as history only.
            let newer = try await db.raw(
                """
                SELECT id FROM booking_events
                WHERE workspace_id = \(bind: workspaceID.rawValue) AND lead_id = \(bind: lead.id.rawValue)
                    AND occurred_at > \(bind: event.occurredAt) LIMIT 1
                """
            ).first()
            if newer != nil { return BookingRecord(eventID: eventID, lead: lead, duplicate: false) }
            switch event.kind {
            case .booked:
                lead.appointmentStatus = .booked
                lead.bookedAt = event.occurredAt
                lead.status = .booked
            case .rescheduled:
                lead.appointmentStatus = .rescheduled
                lead.bookedAt = lead.bookedAt ?? event.occurredAt
                lead.status = .booked
            case .canceled:
                lead.appointmentStatus = .canceled
                lead.bookedAt = nil
                if lead.status == .booked { lead.status = .inConversation }
            }
            let updated = try await db.raw(
                """
                UPDATE leads SET appointment_status = \(bind: lead.appointmentStatus.rawValue), booked_at = \(bind: lead.bookedAt),
                    status = \(bind: lead.status.rawValue), updated_at = \(bind: tx.clock())
                WHERE id = \(bind: lead.id.rawValue) AND workspace_id = \(bind: workspaceID.rawValue)
                RETURNING \(unsafeRaw: Self.leadColumns)
                """
            ).first().map(Self.lead(from:))
            // A booked lead needs no follow-up, nor the slots offered to them.
            if event.kind != .canceled {
                _ = try await tx.cancelFollowUps(leadID: lead.id, in: workspaceID)
                try await tx.releaseSlotHolds(leadID: lead.id, in: workspaceID)
            }
            return BookingRecord(eventID: eventID, lead: updated, duplicate: false)
        }
    }

    public func bookingEvents(in workspaceID: Identifier<Workspace>, unmatchedOnly: Bool, limit: Int) async throws -> [StoredBookingEvent] {
        try await read { db in
            try await db.raw(
                """
                SELECT id, lead_id, provider, kind, email, external_id, starts_at, occurred_at, created_at FROM booking_events
                WHERE workspace_id = \(bind: workspaceID.rawValue) \(unsafeRaw: unmatchedOnly ? "AND lead_id IS NULL" : "")
                ORDER BY created_at DESC, id DESC LIMIT \(bind: max(0, limit))
                """
            ).all()
        }.map { row in
            StoredBookingEvent(
                id: try row.string("id"),
                event: BookingEvent(
                    provider: BookingEvent.Provider(rawValue: try row.string("provider")) ?? .generic,
                    kind: BookingEvent.Kind(rawValue: try row.string("kind")) ?? .booked, email: try row.string("email"),
                    externalID: try row.string("external_id"), startsAt: try row.optionalDate("starts_at"), occurredAt: try row.date("occurred_at")),
                leadID: try row.optionalString("lead_id").map { Identifier($0) }, receivedAt: try row.date("created_at"))
        }
    }
}
