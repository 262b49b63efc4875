import Foundation
import Hummingbird
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

/// `GET/PUT /v1/settings`: the workspace's drafting settings, with what the model makes of
/// them (`effective`: coerced model and effort, and each coercion in words).
///
/// API keys are workspace credentials that only admins can create, so they may write; the
/// dashboard's user sessions add the setter/admin distinction.
struct SettingsRoutes {
    let store: any DataStore
    let pipeline: DraftPipeline

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("/settings", use: show)
        group.put("/settings", use: update)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<SettingsDTO> {
        let workspaceID = try context.workspaceID()
        let settings = try await store.draftingSettings(in: workspaceID) ?? pipeline.configuration.settings
        return JSONResponse(value: SettingsDTO(settings, pipeline.configuration.applying(settings)))
    }

    struct UpdateBody: Decodable { var drafting: DraftingSettings }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<SettingsDTO> {
        let workspaceID = try context.adminWorkspaceID()
        let body = try await request.decodeJSON(UpdateBody.self, context: context)
        let saved = try await store.saveDraftingSettings(body.drafting, in: workspaceID)
        return JSONResponse(value: SettingsDTO(saved, pipeline.configuration.applying(saved)))
    }
}

struct SettingsDTO: Encodable, Sendable {
    struct Effective: Encodable, Sendable {
        /// `null` when no model is configured for this install (the rules tier drafts).
        var model: String?
        var effort: String?
        var variants: Int
        var archetypes: [String]
        var contextBundle: Bool
        var coercions: [String]
    }

    var drafting: DraftingSettings
    var effective: Effective

    init(_ settings: DraftingSettings, _ effective: DraftingConfiguration.Effective) {
        drafting = settings
        let configuration = effective.configuration
        self.effective = Effective(
            model: configuration.model, effort: configuration.effort?.rawValue, variants: configuration.variants,
            archetypes: configuration.archetypes.map(\.id), contextBundle: configuration.contextBundle, coercions: effective.coercions)
    }
}
