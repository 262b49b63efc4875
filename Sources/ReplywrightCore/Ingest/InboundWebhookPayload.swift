import Foundation

/// The generic inbound-message webhook body (`POST /v1/webhooks/inbound`), exactly as sent.
///
/// Fields are decoded loosely (strings stay strings) so that `validated(receivedBy:)` can
/// name the offending field in plain words instead of surfacing a decoder error.
public struct InboundWebhookPayload: Sendable, Decodable, Equatable {
    public struct LeadPart: Sendable, Decodable, Equatable {
        public var email: String
        public var firstName: String?
        public var lastName: String?
        public var company: String?
        public var customVariables: [String: JSONValue]?

        public init(
            email: String, firstName: String? = nil, lastName: String? = nil, company: String? = nil,
            customVariables: [String: JSONValue]? = nil
        ) {
            self.email = email
            self.firstName = firstName
            self.lastName = lastName
            self.company = company
            self.customVariables = customVariables
        }
    }

    public struct MessagePart: Sendable, Decodable, Equatable {
        public var id: String
        public var channel: String
        public var subject: String?
        /// May be empty when a subject is given (a subject-only auto-reply) or `raw` is.
        public var body: String?
        public var receivedAt: String?
        /// The mail's header fields, as an object (`{"Auto-Submitted": "auto-replied"}`) or a
        /// list of `{"name", "value"}` pairs: they tell a person from an auto-reply or a bounce.
        public var headers: HeaderList?
        /// The whole RFC 5322 message, for callers that read a mailbox: its headers, subject,
        /// text and report parts are read from it when `body`, `subject` or `headers` are absent.
        public var raw: String?

        public init(
            id: String, channel: String, subject: String? = nil, body: String?, receivedAt: String? = nil, headers: HeaderList? = nil,
            raw: String? = nil
        ) {
            self.id = id
            self.channel = channel
            self.subject = subject
            self.body = body
            self.receivedAt = receivedAt
            self.headers = headers
            self.raw = raw
        }
    }

    /// Header fields in either of the shapes callers send.
    public struct HeaderList: Sendable, Decodable, Equatable {
        public var headers: MailHeaders

        public init(_ headers: MailHeaders) { self.headers = headers }

        struct Pair: Decodable {
            var name: String
            var value: String
            enum CodingKeys: String, CodingKey { case name, value, Name, Value }
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                name = try container.decodeIfPresent(String.self, forKey: .name) ?? container.decode(String.self, forKey: .Name)
                value = try container.decodeIfPresent(String.self, forKey: .value) ?? container.decode(String.self, forKey: .Value)
            }
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let object = try? container.decode([String: String].self) {
                headers = MailHeaders(object)
            } else {
                headers = MailHeaders(try container.decode([Pair].self).map { MailHeaders.Field(name: $0.name, value: $0.value) })
            }
        }
    }

    public var lead: LeadPart
    public var message: MessagePart

    public init(lead: LeadPart, message: MessagePart) {
        self.lead = lead
        self.message = message
    }

    /// Checks every field and produces the domain value, or an `invalid_request` error that
    /// names the field. `now` fills a missing `receivedAt`.
    public func validated(now: Date) throws(AppError) -> InboundMessage {
        guard EmailAddress.isValid(lead.email) else {
            throw .invalid("lead.email: '\(lead.email.prefix(80))' is not a valid email address")
        }
        let externalID = message.id.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !externalID.isEmpty else {
            throw .invalid("message.id must not be empty (it is the sending platform's message id)")
        }
        guard externalID.count <= 200 else { throw .invalid("message.id must be at most 200 characters") }
        guard let channel = Channel(rawValue: message.channel.lowercased()) else {
            let known = Channel.allCases.map(\.rawValue).joined(separator: ", ")
            throw .invalid("message.channel: unknown channel '\(message.channel.prefix(40))' (expected one of \(known))")
        }
        let raw = message.raw.map { RawMail.parse($0) }
        let body = message.body ?? raw?.text ?? ""
        let subject = message.subject.nonBlank ?? raw?.subject.nonBlank
        // An auto-reply may be all subject ("Automatic reply: Intro", no text).
        guard !body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || subject != nil else {
            throw .invalid("message.body must not be empty (unless message.subject is given)")
        }
        if let given = message.headers?.headers, given.fields.count > MailHeaders.fieldLimit {
            throw .invalid("message.headers: at most \(MailHeaders.fieldLimit) fields")
        }
        let headers = (message.headers?.headers ?? raw?.headers ?? MailHeaders()).bounded
        var receivedAt = now
        if let raw = message.receivedAt {
            guard let parsed = ISO8601.parse(raw) else {
                throw .invalid("message.receivedAt: '\(raw.prefix(40))' is not an ISO 8601 date-time")
            }
            receivedAt = parsed
        }
        return InboundMessage(
            lead: LeadProfile(
                email: lead.email, firstName: lead.firstName.nonBlank, lastName: lead.lastName.nonBlank,
                company: lead.company.nonBlank, customVariables: lead.customVariables),
            message: NewMessage(
                channel: channel, direction: .inbound, sender: .lead, subject: subject,
                body: body, externalID: externalID, occurredAt: receivedAt),
            headers: headers, reports: raw?.reports ?? []
        )
    }
}

/// A validated inbound message with what it tells us about its lead, and the mail's headers and
/// report parts (read at ingest to tell a person from a machine; not stored).
public struct InboundMessage: Sendable, Equatable {
    public var lead: LeadProfile
    public var message: NewMessage
    public var headers: MailHeaders
    public var reports: [String]

    public init(lead: LeadProfile, message: NewMessage, headers: MailHeaders = MailHeaders(), reports: [String] = []) {
        self.lead = lead
        self.message = message
        self.headers = headers
        self.reports = reports
    }
}

extension Optional where Wrapped == String {
    /// `nil` for a missing or whitespace-only string.
    var nonBlank: String? {
        guard let value = self?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }
}
