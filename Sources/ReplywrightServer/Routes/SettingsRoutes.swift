import Foundation
import Hummingbird
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

/// `GET/PUT /v1/settings`: the workspace's drafting settings, with what the model makes of
/// them (`effective`: coerced model and effort, and each coercion in words), and its sending
/// policy (auto-send, threshold, blocked domains, time zone, gate budget). Writes need an
/// admin key; `PUT` takes either part or both.
///
/// `POST /v1/settings/webhook-secret` (admin) creates or rotates the secret webhooks must be
/// signed with and shows it once; `DELETE` stops requiring signatures.
struct SettingsRoutes {
    let store: any PolicyStore & SettingsStore & WebhookSecretStore
    let pipeline: DraftPipeline

    func register(on group: RouterGroup<APIRequestContext>) {
        group.get("/settings", use: show)
        group.put("/settings", use: update)
        group.post("/settings/webhook-secret", use: rotateSecret)
        group.delete("/settings/webhook-secret", use: removeSecret)
    }

    @Sendable func show(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<SettingsDTO> {
        try await settings(in: context.workspaceID)
    }

    struct UpdateBody: Decodable {
        var drafting: DraftingSettings?
        var policy: PolicySettings?
        /// `booking.link`, `booking.hours`, `booking.slotMinutes`, `booking.slotShare` (kept with the policy).
        var booking: BookingSettings?
    }

    @Sendable func update(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<SettingsDTO> {
        let workspaceID = try context.adminWorkspaceID()
        let body = try await request.decodeJSON(UpdateBody.self, context: context)
        guard body.drafting != nil || body.policy != nil || body.booking != nil else {
            throw AppError.invalid("drafting, policy or booking: send at least one")
        }
        // All are validated before any is saved, so a bad policy leaves the drafting settings alone.
        let drafting = try body.drafting?.validated()
        var policy = try body.policy?.validated()
        if let booking = try body.booking?.validated() {
            var updated: PolicySettings
            if let policy { updated = policy } else { updated = try await store.policySettings(in: workspaceID) }
            updated.booking = booking
            policy = updated
        } else if policy != nil {
            policy?.booking = try await store.policySettings(in: workspaceID).booking  // a policy without booking keeps it
        }
        if let drafting { _ = try await store.saveDraftingSettings(drafting, in: workspaceID) }
        if let policy { _ = try await store.savePolicySettings(policy, in: workspaceID) }
        return try await settings(in: workspaceID)
    }

    private func settings(in workspaceID: Identifier<Workspace>) async throws -> JSONResponse<SettingsDTO> {
        let drafting = try await store.draftingSettings(in: workspaceID) ?? pipeline.configuration.settings
        return JSONResponse(
            value: SettingsDTO(
                drafting, pipeline.configuration.applying(drafting), policy: try await store.policySettings(in: workspaceID),
                signedWebhooks: try await store.webhookSecret(in: workspaceID) != nil))
    }

    @Sendable func rotateSecret(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<WebhookSecretDTO> {
        let workspaceID = try context.adminWorkspaceID()
        let secret = WebhookSignature.newSecret()
        try await store.setWebhookSecret(secret, in: workspaceID)
        return JSONResponse(status: .created, value: WebhookSecretDTO(secret: secret))
    }

    @Sendable func removeSecret(_ request: Request, context: APIRequestContext) async throws -> Response {
        try await store.setWebhookSecret(nil, in: try context.adminWorkspaceID())
        return Response(status: .noContent)
    }
}

/// Shown once, when created.
struct WebhookSecretDTO: Encodable, Sendable {
    var secret: String
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
    var policy: PolicySettings
    /// How meetings are offered: `link`, `hours`, `slotMinutes`, `slotShare`.
    var booking: BookingSettings
    /// Whether webhooks must carry a signature (the secret itself is never shown again).
    var signedWebhooks: Bool

    init(_ settings: DraftingSettings, _ effective: DraftingConfiguration.Effective, policy: PolicySettings, signedWebhooks: Bool) {
        drafting = settings
        self.policy = policy
        booking = policy.booking
        self.signedWebhooks = signedWebhooks
        let configuration = effective.configuration
        self.effective = Effective(
            model: configuration.model, effort: configuration.effort?.rawValue, variants: configuration.variants,
            archetypes: configuration.archetypes.map(\.id), contextBundle: configuration.contextBundle, coercions: effective.coercions)
    }
}
