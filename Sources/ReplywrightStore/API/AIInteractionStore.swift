import Foundation
import ReplywrightCore

/// AI telemetry rows (`AIInteractionRecorder`) and their queries.
public protocol AIInteractionStore: AIInteractionRecorder {
    /// Newest first, only this workspace's rows.
    func aiInteractions(in workspaceID: Identifier<Workspace>, matching query: AIInteractionQuery) async throws -> [AIInteraction]

    /// The numbers of the workspace's rows in `[since, until]`, newest first, at most `limit`,
    /// for the usage report (narrow rows: no metadata, no ids).
    func aiUsage(in workspaceID: Identifier<Workspace>, since: Date, until: Date, limit: Int) async throws -> [AIUsageRow]
}
