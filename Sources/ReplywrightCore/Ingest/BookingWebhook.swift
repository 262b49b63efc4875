import Foundation

/// A booking, cancellation or reschedule reported by a scheduling tool, matched to a lead by
/// email.
public struct BookingEvent: Sendable, Hashable, Codable {
    public enum Provider: String, Sendable, Hashable, Codable {
        case generic
        case calendly
        case calcom
        /// A history import (`POST /v1/import`).
        case imported = "import"
    }

    public enum Kind: String, Sendable, Hashable, Codable {
        case booked
        case canceled
        case rescheduled
    }

    public var provider: Provider
    public var kind: Kind
    public var email: String
    /// The tool's id for the booking (with the kind, what makes a delivery a duplicate).
    public var externalID: String
    /// When the meeting is.
    public var startsAt: Date?
    /// When the booking (or cancellation) happened: becomes the lead's `bookedAt`.
    public var occurredAt: Date
    /// The invitee's time zone, when the tool sends it.
    public var timeZone: String?

    public init(
        provider: Provider, kind: Kind, email: String, externalID: String, startsAt: Date?, occurredAt: Date, timeZone: String? = nil
    ) {
        self.provider = provider
        self.kind = kind
        self.email = email
        self.externalID = externalID
        self.startsAt = startsAt
        self.occurredAt = occurredAt
        self.timeZone = timeZone
    }
}

/// Reads booking webhooks: a generic shape, Calendly-style and Cal.com-style payloads. The
/// shape is recognised from the body (`triggerEvent` → Cal.com, `event` "invitee.…" →
/// Calendly, else generic). Errors name the field; events that are not bookings → `nil`.
///
/// - Generic: `{"event": "booked|canceled|rescheduled", "email", "id"?, "startsAt"?, "occurredAt"?}`
/// - Calendly: `{"event": "invitee.created|invitee.canceled", "created_at", "payload": {"email",
///   "uri", "old_invitee"?, "rescheduled"?, "scheduled_event": {"start_time"}, "timezone"?}}`.
///   A reschedule arrives as a cancel with `rescheduled: true` (ignored) and a create with
///   `old_invitee` (rescheduled).
/// - Cal.com: `{"triggerEvent": "BOOKING_CREATED|BOOKING_CANCELLED|BOOKING_RESCHEDULED", "createdAt",
///   "payload": {"uid", "startTime", "attendees": [{"email", "timeZone"}]}}`.
public enum BookingWebhook {
    public static func parse(_ body: JSONValue, receivedAt: Date) throws(AppError) -> BookingEvent? {
        guard case .object = body else { throw .invalid("the body must be a JSON object") }
        if body.field("triggerEvent") != nil { return try calcom(body, receivedAt: receivedAt) }
        if let event = body.field("event")?.textValue, event.hasPrefix("invitee.") { return try calendly(body, receivedAt: receivedAt) }
        return try generic(body, receivedAt: receivedAt)
    }

    static func generic(_ body: JSONValue, receivedAt: Date) throws(AppError) -> BookingEvent {
        let event = try string(body, "event")
        guard let kind = BookingEvent.Kind(rawValue: event == "cancelled" ? "canceled" : event) else {
            throw .invalid("event: must be booked, canceled or rescheduled")
        }
        let email = try emailAddress(body.field("email"), field: "email")
        let startsAt = try optionalDate(body, "startsAt")
        let occurredAt = try optionalDate(body, "occurredAt") ?? receivedAt
        let id = try optionalString(body, "id") ?? "\(email)|\(startsAt.map(ISO8601.format) ?? "")"
        return BookingEvent(
            provider: .generic, kind: kind, email: email, externalID: id, startsAt: startsAt, occurredAt: occurredAt,
            timeZone: try optionalString(body, "timeZone"))
    }

    static func calendly(_ body: JSONValue, receivedAt: Date) throws(AppError) -> BookingEvent? {
        let event = try string(body, "event")
        guard let payload = body.field("payload"), case .object = payload else { throw .invalid("payload: required object") }
        let kind: BookingEvent.Kind
        switch event {
        case "invitee.created":
            kind = (payload.field("old_invitee") ?? .null) == .null ? .booked : .rescheduled
        case "invitee.canceled":
            // The cancel half of a reschedule: the create with `old_invitee` carries the news.
            if payload.field("rescheduled") == .bool(true) { return nil }
            kind = .canceled
        default:
            return nil
        }
        let email = try emailAddress(payload.field("email"), field: "payload.email")
        let scheduled = payload.field("scheduled_event")
        let startsAt = try scheduled.flatMap { (event: JSONValue) throws(AppError) -> Date? in
            try optionalDate(event, "start_time", path: "payload.scheduled_event.")
        }
        let uri = try optionalString(payload, "uri", path: "payload.") ?? "\(email)|\(startsAt.map(ISO8601.format) ?? "")"
        return BookingEvent(
            provider: .calendly, kind: kind, email: email, externalID: uri, startsAt: startsAt,
            occurredAt: try optionalDate(body, "created_at") ?? receivedAt, timeZone: try optionalString(payload, "timezone", path: "payload."))
    }

    static func calcom(_ body: JSONValue, receivedAt: Date) throws(AppError) -> BookingEvent? {
        let trigger = try string(body, "triggerEvent")
        let kind: BookingEvent.Kind
        switch trigger {
        case "BOOKING_CREATED": kind = .booked
        case "BOOKING_CANCELLED": kind = .canceled
        case "BOOKING_RESCHEDULED": kind = .rescheduled
        default: return nil
        }
        guard let payload = body.field("payload"), case .object = payload else { throw .invalid("payload: required object") }
        guard case .array(let attendees)? = payload.field("attendees"), let first = attendees.first else {
            throw .invalid("payload.attendees: required, a non-empty array")
        }
        let email = try emailAddress(first.field("email"), field: "payload.attendees[0].email")
        let startsAt = try optionalDate(payload, "startTime", path: "payload.")
        let uid = try optionalString(payload, "uid", path: "payload.") ?? "\(email)|\(startsAt.map(ISO8601.format) ?? "")"
        return BookingEvent(
            provider: .calcom, kind: kind, email: email, externalID: uid, startsAt: startsAt,
            occurredAt: try optionalDate(body, "createdAt") ?? receivedAt,
            timeZone: try optionalString(first, "timeZone", path: "payload.attendees[0]."))
    }

    // MARK: - Fields

    private static func string(_ object: JSONValue, _ key: String, path: String = "") throws(AppError) -> String {
        guard let value = object.field(key) else { throw .invalid("\(path)\(key): required") }
        guard case .string(let text) = value, !text.isEmpty else { throw .invalid("\(path)\(key): must be a non-empty string") }
        return text
    }

    private static func optionalString(_ object: JSONValue, _ key: String, path: String = "") throws(AppError) -> String? {
        guard let value = object.field(key), value != .null else { return nil }
        guard case .string(let text) = value else { throw .invalid("\(path)\(key): must be a string") }
        return text.isEmpty ? nil : text
    }

    private static func optionalDate(_ object: JSONValue, _ key: String, path: String = "") throws(AppError) -> Date? {
        guard let text = try optionalString(object, key, path: path) else { return nil }
        guard let date = ISO8601.parse(text) else { throw .invalid("\(path)\(key): not an ISO 8601 date-time") }
        return date
    }

    private static func emailAddress(_ value: JSONValue?, field: String) throws(AppError) -> String {
        guard let value, value != .null else { throw .invalid("\(field): required") }
        guard case .string(let text) = value else { throw .invalid("\(field): must be a string") }
        guard EmailAddress.isValid(text) else { throw .invalid("\(field): '\(text)' is not an email address") }
        return EmailAddress.normalized(text)
    }
}
