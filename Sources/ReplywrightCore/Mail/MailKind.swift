import Foundation

/// Who or what sent an inbound message: a person, or a machine answering for one.
public enum MailKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A person wrote it: read and answered as the conversation policy says.
    case person
    /// An away notice or other automatic answer (RFC 3834): the away policy.
    case autoReply = "auto_reply"
    /// A permanent delivery failure: the address is undeliverable.
    case bounce
    /// A delivery delayed or refused for now (a 4.x.x status, a full mailbox): no reply.
    case delayed
    /// A spam complaint (an ARF feedback report): the lead is opted out.
    case complaint
    /// Bulk or list mail, a notification: nobody to answer.
    case automated

    /// Whether the message gets a reply or a follow-up at all (a person, or an away notice's
    /// follow-up when they are back).
    public var isAnswerable: Bool { self == .person || self == .autoReply }

    /// "a bounce", for reasons on the page.
    public var words: String {
        switch self {
        case .person: "a person's reply"
        case .autoReply: "an automatic reply"
        case .bounce: "a bounce (the address does not exist)"
        case .delayed: "a delivery delay notice"
        case .complaint: "a spam complaint"
        case .automated: "automated mail"
        }
    }
}

/// What the mail itself says about who sent it: the kind, the evidence for it (a header, the
/// subject, a phrase), and what a machine-written message reports: the address that bounced or
/// complained, an away notice's return date, and for "no longer with the company" whom to write
/// to instead.
public struct MailReading: Sendable, Hashable {
    public var kind: MailKind
    /// Why, in words ("header Auto-Submitted: auto-replied").
    public var evidence: String?
    /// A bounce's or complaint's recipient: the lead's address the report is about.
    public var recipient: String?
    /// An away notice's return date.
    public var returnDate: Date?
    /// The lead has left; the notice names someone else ("please contact Jane Doe, jane@…").
    public var leftCompany: Bool
    public var referral: String?

    public init(
        kind: MailKind, evidence: String? = nil, recipient: String? = nil, returnDate: Date? = nil, leftCompany: Bool = false,
        referral: String? = nil
    ) {
        self.kind = kind
        self.evidence = evidence
        self.recipient = recipient
        self.returnDate = returnDate
        self.leftCompany = leftCompany
        self.referral = referral
    }

    public static let person = MailReading(kind: .person)
}
