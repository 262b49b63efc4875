import Foundation
import ReplywrightCore

/// The secret inbound webhooks of a workspace are signed with.
public protocol WebhookSecretStore: Sendable {
    /// The secret webhooks of this workspace must be signed with, if it set one.
    func webhookSecret(in workspaceID: Identifier<Workspace>) async throws -> String?

    /// Sets (or with `nil` removes) the webhook signing secret.
    func setWebhookSecret(_ secret: String?, in workspaceID: Identifier<Workspace>) async throws
}
