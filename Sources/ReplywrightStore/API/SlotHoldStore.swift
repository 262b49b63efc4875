import Foundation
import ReplywrightCore

/// Slots offered to leads and held for them, always inside one workspace.
public protocol SlotHoldStore: Sendable {
    /// How many leads other than `leadID` hold each slot start, among holds still running at `now`.
    func heldSlots(at now: Date, except leadID: Identifier<Lead>?, in workspaceID: Identifier<Workspace>) async throws -> [Date: Int]

    /// The slots now offered to the lead, held until `until`; they replace the lead's earlier holds
    /// (a lead holds only what they were offered last).
    func holdSlots(
        _ starts: [Date], leadID: Identifier<Lead>, draftID: Identifier<Draft>?, until: Date, in workspaceID: Identifier<Workspace>
    ) async throws

    /// Frees what the lead holds (they answered, or booked); returns how many holds ended.
    @discardableResult
    func releaseSlotHolds(leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>) async throws -> Int
}
