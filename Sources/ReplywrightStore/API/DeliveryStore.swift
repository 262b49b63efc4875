import Foundation
import ReplywrightCore

/// The send ledger: one delivery per draft, begun before the transport and settled after.
public protocol DeliveryStore: Sendable {
    /// Starts a delivery attempt in the send ledger, or says why not (see `Delivery`).
    func beginDelivery(_ draftID: Identifier<Draft>, transport: String, in workspaceID: Identifier<Workspace>) async throws -> DeliveryStart

    func finishDelivery(_ draftID: Identifier<Draft>, outcome: Delivery.Outcome, in workspaceID: Identifier<Workspace>) async throws -> Delivery

    func delivery(for draftID: Identifier<Draft>, in workspaceID: Identifier<Workspace>) async throws -> Delivery?
}

/// Whether a delivery attempt may go ahead.
public enum DeliveryStart: Sendable, Equatable {
    /// Recorded as `sending`: hand the message to the transport now.
    case send(Delivery)
    /// Already delivered, failed or unconfirmed: do not send.
    case settled(Delivery)
}
