import Foundation

/// The send ledger's record of one draft's delivery: a draft is handed to a transport at most
/// once, even across crashes.
///
/// `sending` is written before the transport is touched. A transport failure that certainly
/// happened before the message left (connection refused, rejected before the end of DATA, an
/// HTTP 5xx) goes to `retrying`; one after which nobody can know (the connection dropped
/// after the message was handed over), or a `sending` row found by a later attempt (the
/// process died mid-send), goes to `unconfirmed`: never retried automatically, shown on the
/// draft for a human to check. At most once, not at least once.
public struct Delivery: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable {
        case sending
        case delivered
        case retrying
        case failed
        case unconfirmed
    }

    public var draftID: Identifier<Draft>
    public var transport: String
    public var state: State
    public var attempts: Int
    public var lastError: String?
    /// The transport's id for the message (SMTP Message-ID, the platform's id).
    public var providerReference: String?
    public var updatedAt: Date

    public init(
        draftID: Identifier<Draft>, transport: String, state: State, attempts: Int, lastError: String?, providerReference: String?,
        updatedAt: Date
    ) {
        self.draftID = draftID
        self.transport = transport
        self.state = state
        self.attempts = attempts
        self.lastError = lastError
        self.providerReference = providerReference
        self.updatedAt = updatedAt
    }

    /// How a delivery attempt ended.
    public enum Outcome: Sendable, Hashable {
        case delivered(reference: String?)
        /// Certainly not sent; try again later.
        case retry(String)
        /// Certainly not sent and never will be (bad address, refused for good).
        case failed(String)
        /// May or may not have been sent.
        case unconfirmed(String)
    }
}
