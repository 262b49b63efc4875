import Foundation
import ReplywrightCore

/// Per-workspace settings.
public protocol SettingsStore: Sendable {
    /// The workspace's saved drafting settings, `nil` until an admin saves some (the install's
    /// configuration applies then); `not_found` for an unknown workspace.
    func draftingSettings(in workspaceID: Identifier<Workspace>) async throws -> DraftingSettings?

    /// Validates and saves.
    func saveDraftingSettings(_ settings: DraftingSettings, in workspaceID: Identifier<Workspace>) async throws -> DraftingSettings
}
