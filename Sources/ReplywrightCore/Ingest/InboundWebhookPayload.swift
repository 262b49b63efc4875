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
        public var body: String
        public var receivedAt: String?

        public init(id: String, channel: String, subject: String? = nil, body: String, receivedAt: String? = nil) {
            self.id = id
            self.channel = channel
            self.subject = subject
            self.body = body
            self.receivedAt = receivedAt
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
        guard !message.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .invalid("message.body must not be empty")
        }
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
                channel: channel, direction: .inbound, sender: .lead, subject: message.subject.nonBlank,
                body: message.body, externalID: externalID, occurredAt: receivedAt)
        )
    }
}

/// A validated inbound message with what it tells us about its lead.
public struct InboundMessage: Sendable, Equatable {
    public var lead: LeadProfile
    public var message: NewMessage

    public init(lead: LeadProfile, message: NewMessage) {
        self.lead = lead
        self.message = message
    }
}

extension Optional where Wrapped == String {
    /// `nil` for a missing or whitespace-only string.
    var nonBlank: String? {
        guard let value = self?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }
}
