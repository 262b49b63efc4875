import Foundation
import ReplywrightCore

/// Wire shapes of the JSON API (camelCase, `…Id` suffixes), kept apart from domain types so
/// the API can stay stable while the domain evolves.
struct LeadDTO: Encodable, Sendable {
    var id: String
    var email: String
    var firstName: String?
    var lastName: String?
    var company: String?
    var customVariables: [String: JSONValue]
    var status: String
    var optedOut: Bool
    var appointmentStatus: String
    var bookedAt: Date?
    /// When mail to the lead's address bounced for good.
    var undeliverableAt: Date?
    var createdAt: Date
    var updatedAt: Date

    init(_ lead: Lead) {
        id = lead.id.rawValue
        email = lead.email
        firstName = lead.firstName
        lastName = lead.lastName
        company = lead.company
        customVariables = lead.customVariables
        status = lead.status.rawValue
        optedOut = lead.optedOut
        appointmentStatus = lead.appointmentStatus.rawValue
        bookedAt = lead.bookedAt
        undeliverableAt = lead.undeliverableAt
        createdAt = lead.createdAt
        updatedAt = lead.updatedAt
    }
}

struct MessageDTO: Encodable, Sendable {
    var id: String
    var leadId: String
    var channel: String
    var direction: String
    var sender: String
    var subject: String?
    var body: String
    var externalId: String?
    var draftId: String?
    /// The dashboard user who sent it, for setter messages sent from the dashboard.
    var sentByUserId: String?
    var occurredAt: Date
    var createdAt: Date
    /// An inbound email's new words, quoted history and signature cut (absent: the body is all new words).
    var visibleBody: String?
    /// person, auto_reply, bounce, delayed, complaint or automated; and why.
    var kind: String
    var kindEvidence: String?

    init(_ message: Message) {
        id = message.id.rawValue
        leadId = message.leadID.rawValue
        channel = message.channel.rawValue
        direction = message.direction.rawValue
        sender = message.sender.rawValue
        subject = message.subject
        body = message.body
        externalId = message.externalID
        draftId = message.draftID
        sentByUserId = message.sentByUserID?.rawValue
        occurredAt = message.occurredAt
        createdAt = message.createdAt
        visibleBody = message.visibleBody
        kind = message.kind.rawValue
        kindEvidence = message.kindEvidence
    }
}

struct LeadDetailDTO: Encodable, Sendable {
    var lead: LeadDTO
    var messages: [MessageDTO]
    /// Redacted for setter keys (emails, phones, URLs, card numbers, the lead's names); full for admins.
    var memory: [MemoryEntryDTO]
    var memoryRedacted: Bool
    /// The overseer loop's decisions, newest first.
    var decisions: [DecisionDTO]
    /// The lead context bundle of the newest draft, in numbers; absent before the first draft.
    var lastBundleStats: [String: Double]?
    /// Replies the conversation policy scheduled for later, newest first.
    var followUps: [FollowUpDTO]
}

struct FollowUpDTO: Encodable, Sendable {
    var id: String
    /// `out_of_office` or `not_now`.
    var reason: String
    var dueAt: Date
    /// `scheduled`, `done` or `cancelled`.
    var state: String
    var messageId: String
    var jobId: String?

    init(_ followUp: FollowUp) {
        id = followUp.id.rawValue
        reason = followUp.reason.rawValue
        dueAt = followUp.dueAt
        state = followUp.state.rawValue
        messageId = followUp.messageID.rawValue
        jobId = followUp.jobID?.rawValue
    }
}

struct MemoryEntryDTO: Encodable, Sendable {
    var id: String
    var category: String
    var text: String
    var detail: JSONValue?
    var expiresAt: Date
    var createdAt: Date

    init(_ entry: LeadMemoryEntry, redactor: Redactor?) {
        id = entry.id.rawValue
        category = entry.category
        text = redactor.map { $0.redact(entry.text).text } ?? entry.text
        // Details are times, zones and dates; a person's name is text and goes with the redaction.
        detail = redactor != nil && entry.category == MemoryCategory.person.rawValue ? nil : entry.detail
        expiresAt = entry.expiresAt
        createdAt = entry.createdAt
    }
}

struct DecisionDTO: Encodable, Sendable {
    var id: String
    var messageId: String?
    var draftId: String?
    var stage: String
    var verdict: String
    var source: String
    var reasons: [String]
    var stats: [String: Double]
    var createdAt: Date

    init(_ decision: OverseerDecision) {
        id = decision.id.rawValue
        messageId = decision.messageID?.rawValue
        draftId = decision.draftID?.rawValue
        stage = decision.stage.rawValue
        verdict = decision.verdict.rawValue
        source = decision.source.rawValue
        reasons = decision.reasons
        stats = decision.stats
        createdAt = decision.createdAt
    }
}

struct DeliveryDTO: Encodable, Sendable {
    var transport: String
    var state: String
    var attempts: Int
    var lastError: String?
    var reference: String?
    var updatedAt: Date

    init(_ delivery: Delivery) {
        transport = delivery.transport
        state = delivery.state.rawValue
        attempts = delivery.attempts
        lastError = delivery.lastError
        reference = delivery.providerReference
        updatedAt = delivery.updatedAt
    }
}

struct LeadListDTO: Encodable, Sendable {
    var leads: [LeadDTO]
    var limit: Int
    var offset: Int
}

struct JobDTO: Encodable, Sendable {
    var id: String
    var kind: String
    var state: String
    var attempts: Int
    var maxAttempts: Int
    var availableAt: Date
    var lastError: String?
    var createdAt: Date
    var completedAt: Date?

    init(_ job: JobRecord) {
        id = job.id.rawValue
        kind = job.kind.rawValue
        state = job.state.rawValue
        attempts = job.attempts
        maxAttempts = job.maxAttempts
        availableAt = job.availableAt
        lastError = job.lastError
        createdAt = job.createdAt
        completedAt = job.completedAt
    }
}

struct InboundAcceptedDTO: Encodable, Sendable {
    var messageId: String
    var jobId: String
    var leadId: String
    var duplicate: Bool
    /// Who or what wrote it: person, auto_reply, bounce, delayed, complaint or automated.
    var kind: String
}
