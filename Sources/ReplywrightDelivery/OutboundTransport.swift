import Foundation
import ReplywrightCore

/// One email on its way to a lead.
public struct OutboundEmail: Sendable, Hashable {
    public var workspaceID: Identifier<Workspace>
    public var draftID: Identifier<Draft>
    public var leadID: Identifier<Lead>
    public var to: String
    public var toName: String?
    public var subject: String
    public var body: String
    /// Stable per draft (`<draft-id@replywright>`): a receiver that sees it twice can tell.
    public var messageID: String

    public init(
        workspaceID: Identifier<Workspace>, draftID: Identifier<Draft>, leadID: Identifier<Lead>, to: String, toName: String?,
        subject: String, body: String
    ) {
        self.workspaceID = workspaceID
        self.draftID = draftID
        self.leadID = leadID
        self.to = to
        self.toName = toName
        self.subject = subject
        self.body = body
        self.messageID = "<\(draftID.rawValue)@replywright>"
    }
}

/// Hands emails to the outside world. Implementations never throw: every way an attempt can
/// end is a `Delivery.Outcome`, and they must tell "certainly not sent" (`retry`, `failed`)
/// from "cannot know" (`unconfirmed`) so the send ledger can keep sends at most once.
public protocol OutboundTransport: Sendable {
    /// Stored in the ledger ("smtp", "http").
    var name: String { get }
    func deliver(_ email: OutboundEmail) async -> Delivery.Outcome
}
