import Foundation

/// One line of a history import (NDJSON, `docs/import.md`), validated. Errors name the field.
///
/// - `{"type": "lead", "email", "firstName"?, "lastName"?, "company"?, "customVariables"?, "historyComplete"?}`
/// - `{"type": "message", "id", "leadEmail", "direction", "channel", "sender", "disposition"?,
///   "sentByEmail"?, "occurredAt", "subject"?, "body"}`
/// - `{"type": "booking", "id", "leadEmail", "status", "bookedAt", "startsAt"?}`
public enum ImportLine: Sendable, Equatable {
    case lead(LeadProfile, historyComplete: Bool?)
    case message(leadEmail: String, message: NewMessage, sentByEmail: String?)
    case booking(BookingEvent)

    /// The email of the lead the line is about.
    public var leadEmail: String {
        switch self {
        case .lead(let profile, _): profile.email
        case .message(let email, _, _): email
        case .booking(let event): event.email
        }
    }

    /// The longest line accepted (a message body with its JSON around it).
    public static let maxBytes = 256 * 1024

    private struct Raw: Decodable {
        var type: String?
        var id: String?
        var email: String?
        var firstName: String?
        var lastName: String?
        var company: String?
        var customVariables: [String: JSONValue]?
        var historyComplete: Bool?
        var leadEmail: String?
        var direction: String?
        var channel: String?
        var sender: String?
        var disposition: String?
        var sentByEmail: String?
        var occurredAt: String?
        var subject: String?
        var body: String?
        var status: String?
        var bookedAt: String?
        var startsAt: String?
    }

    public static func parse(_ line: some Collection<UInt8>) throws(AppError) -> ImportLine {
        let raw: Raw
        do {
            raw = try JSONDecoder().decode(Raw.self, from: Data(line))
        } catch let error as DecodingError {
            throw .invalid("not a JSON object of the import format: \(DecodingErrorDescription.describe(error))")
        } catch {
            throw .invalid("not valid JSON")
        }
        switch raw.type {
        case "lead": return try lead(raw)
        case "message": return try message(raw)
        case "booking": return try booking(raw)
        case nil: throw .invalid("type: required (lead, message or booking)")
        case let other?: throw .invalid("type: unknown type '\(other.prefix(40))' (expected lead, message or booking)")
        }
    }

    private static func lead(_ raw: Raw) throws(AppError) -> ImportLine {
        let email = try validEmail(raw.email, field: "email")
        return .lead(
            LeadProfile(
                email: email, firstName: raw.firstName.nonBlank, lastName: raw.lastName.nonBlank, company: raw.company.nonBlank,
                customVariables: raw.customVariables),
            historyComplete: raw.historyComplete)
    }

    private static func message(_ raw: Raw) throws(AppError) -> ImportLine {
        guard let id = raw.id.nonBlank, id.count <= 200 else { throw .invalid("id: required, at most 200 characters") }
        let email = try validEmail(raw.leadEmail, field: "leadEmail")
        guard let direction = raw.direction.flatMap(MessageDirection.init(rawValue:)) else {
            throw .invalid("direction: inbound or outbound")
        }
        guard let channel = raw.channel.flatMap({ Channel(rawValue: $0.lowercased()) }) else {
            throw .invalid("channel: one of \(Channel.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let sender = raw.sender.flatMap(MessageSender.init(rawValue:)) else { throw .invalid("sender: lead, setter, ai or system") }
        switch (direction, sender) {
        case (.inbound, .lead), (.outbound, .setter), (.outbound, .ai), (.outbound, .system): break
        default: throw .invalid("sender: an \(direction.rawValue) message cannot come from '\(sender.rawValue)'")
        }
        var disposition: Draft.Disposition?
        if let value = raw.disposition {
            guard sender == .ai, let parsed = Draft.Disposition(rawValue: value.uppercased()) else {
                throw .invalid("disposition: APPROVED, EDITED or AUTO_SENT, and only for sender ai")
            }
            disposition = parsed
        }
        let occurredAt = try date(raw.occurredAt, field: "occurredAt")
        // NUL is not text (PostgreSQL refuses it); nothing else is changed.
        guard let body = raw.body?.replacingOccurrences(of: "\u{0}", with: ""),
            !body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        else {
            throw .invalid("body: required, not empty")
        }
        let sentBy = try raw.sentByEmail.nonBlank.map { value throws(AppError) in try validEmail(value, field: "sentByEmail") }
        let message = NewMessage(
            channel: channel, direction: direction, sender: sender, subject: raw.subject.nonBlank, body: body, externalID: id,
            occurredAt: occurredAt, disposition: disposition, intent: direction == .inbound ? ReplyIntent.classify(body) : nil)
        return .message(leadEmail: email, message: message, sentByEmail: sentBy)
    }

    private static func booking(_ raw: Raw) throws(AppError) -> ImportLine {
        guard let id = raw.id.nonBlank, id.count <= 200 else { throw .invalid("id: required, at most 200 characters") }
        let email = try validEmail(raw.leadEmail, field: "leadEmail")
        guard let kind = raw.status.flatMap({ BookingEvent.Kind(rawValue: $0 == "cancelled" ? "canceled" : $0) }) else {
            throw .invalid("status: booked, rescheduled or canceled")
        }
        let bookedAt = try date(raw.bookedAt, field: "bookedAt")
        let startsAt = try raw.startsAt.map { value throws(AppError) in try date(value, field: "startsAt") }
        return .booking(BookingEvent(provider: .imported, kind: kind, email: email, externalID: id, startsAt: startsAt, occurredAt: bookedAt))
    }

    private static func validEmail(_ value: String?, field: String) throws(AppError) -> String {
        guard let value = value.nonBlank else { throw .invalid("\(field): required") }
        guard EmailAddress.isValid(value) else { throw .invalid("\(field): '\(value.prefix(80))' is not a valid email") }
        return EmailAddress.normalized(value)
    }

    private static func date(_ value: String?, field: String) throws(AppError) -> Date {
        guard let value = value.nonBlank else { throw .invalid("\(field): required (ISO 8601)") }
        guard let date = ISO8601.parse(value) else { throw .invalid("\(field): '\(value.prefix(40))' is not an ISO 8601 date-time") }
        return date
    }
}

/// Splits a byte stream into lines (LF or CRLF) without holding more than one line: a line
/// longer than `maxLine` is reported as too long and skipped up to its end.
public struct LineSplitter: Sendable {
    public enum Piece: Sendable, Equatable {
        case line([UInt8])
        case tooLong
    }

    private var buffer: [UInt8] = []
    private var skipping = false
    private let maxLine: Int

    public init(maxLine: Int = ImportLine.maxBytes) {
        self.maxLine = maxLine
    }

    /// The complete lines in `chunk` (and what the previous chunks left).
    public mutating func push(_ chunk: some Sequence<UInt8>) -> [Piece] {
        var pieces: [Piece] = []
        for byte in chunk {
            if byte == UInt8(ascii: "\n") {
                pieces.append(skipping ? .tooLong : .line(trimmed()))
                buffer.removeAll(keepingCapacity: true)
                skipping = false
            } else if !skipping {
                buffer.append(byte)
                if buffer.count > maxLine {
                    skipping = true
                    buffer.removeAll(keepingCapacity: true)
                }
            }
        }
        return pieces
    }

    /// What is left after the last chunk (a last line without a newline).
    public mutating func finish() -> Piece? {
        defer {
            buffer.removeAll()
            skipping = false
        }
        if skipping { return .tooLong }
        let rest = trimmed()
        return rest.isEmpty ? nil : .line(rest)
    }

    private func trimmed() -> [UInt8] {
        buffer.last == UInt8(ascii: "\r") ? Array(buffer.dropLast()) : buffer
    }
}
