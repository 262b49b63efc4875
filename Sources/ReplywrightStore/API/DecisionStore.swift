import Foundation
import ReplywrightCore

/// The overseer loop's decisions, with their reasons.
public protocol DecisionStore: Sendable {
    func recordDecisions(_ decisions: [OverseerDecision]) async throws

    /// Newest first.
    func decisions(leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>, limit: Int) async throws -> [OverseerDecision]
}
