import Foundation

/// A person a workspace is trying to book a meeting with.
public struct Lead: Sendable, Codable, Equatable, Identifiable {
    public var id: Identifier<Lead>
    public var workspaceID: Identifier<Workspace>
    public var email: String
    public var firstName: String?
    public var lastName: String?
    public var company: String?
    public var customVariables: [String: JSONValue]
    public var status: LeadStatus
    public var optedOut: Bool
    public var appointmentStatus: AppointmentStatus
    public var bookedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date
    /// When mail to the lead's address bounced for good: nothing more is sent to it.
    public var undeliverableAt: Date?

    public init(
        id: Identifier<Lead>, workspaceID: Identifier<Workspace>, email: String,
        firstName: String? = nil, lastName: String? = nil, company: String? = nil,
        customVariables: [String: JSONValue] = [:], status: LeadStatus = .new, optedOut: Bool = false,
        appointmentStatus: AppointmentStatus = .none, bookedAt: Date? = nil,
        createdAt: Date, updatedAt: Date, undeliverableAt: Date? = nil
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.company = company
        self.customVariables = customVariables
        self.status = status
        self.optedOut = optedOut
        self.appointmentStatus = appointmentStatus
        self.bookedAt = bookedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.undeliverableAt = undeliverableAt
    }

    /// Mail to the lead's address bounced for good.
    public var isUndeliverable: Bool { undeliverableAt != nil }

    /// "First Last", or whichever part is known, or the email.
    public var displayName: String { Self.displayName(firstName: firstName, lastName: lastName, email: email) }

    public static func displayName(firstName: String?, lastName: String?, email: String) -> String {
        let name = [firstName, lastName].compactMap { $0 }.joined(separator: " ")
        return name.isEmpty ? email : name
    }
}

/// Where a lead stands in the conversation.
public enum LeadStatus: String, Sendable, Codable, CaseIterable {
    case new
    case replied
    case inConversation = "in_conversation"
    case booked
    case closed
}

/// The state of the lead's meeting, as reported by booking webhooks. Canceled is not booked.
public enum AppointmentStatus: String, Sendable, Codable, CaseIterable {
    case none
    case booked
    case canceled
    case rescheduled
}

/// What an ingest or API call knows about a lead; `nil` fields leave stored values untouched.
public struct LeadProfile: Sendable, Equatable {
    public var email: String
    public var firstName: String?
    public var lastName: String?
    public var company: String?
    public var customVariables: [String: JSONValue]?

    public init(
        email: String, firstName: String? = nil, lastName: String? = nil, company: String? = nil,
        customVariables: [String: JSONValue]? = nil
    ) {
        self.email = EmailAddress.normalized(email)
        self.firstName = firstName
        self.lastName = lastName
        self.company = company
        self.customVariables = customVariables
    }
}

/// How many of a workspace's leads can still be written to: the insights page's deliverability
/// line (a bounced address is not a lead who declined).
public struct LeadReach: Sendable, Equatable, Codable {
    public var leads: Int
    /// Addresses a permanent bounce marked undeliverable, ever and since the date asked about.
    public var undeliverable: Int
    public var undeliverableSince: Int
    public var optedOut: Int

    public init(leads: Int, undeliverable: Int, undeliverableSince: Int, optedOut: Int) {
        self.leads = leads
        self.undeliverable = undeliverable
        self.undeliverableSince = undeliverableSince
        self.optedOut = optedOut
    }
}
