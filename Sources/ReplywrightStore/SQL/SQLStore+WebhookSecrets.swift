import Foundation
import ReplywrightCore
import SQLKit

extension SQLStore: WebhookSecretStore {
    public func webhookSecret(in workspaceID: Identifier<Workspace>) async throws -> String? {
        try await read { db in
            try await db.raw("SELECT secret FROM webhook_secrets WHERE workspace_id = \(bind: workspaceID.rawValue)").first()
        }.map { try $0.string("secret") }
    }

    public func setWebhookSecret(_ secret: String?, in workspaceID: Identifier<Workspace>) async throws {
        _ = try await workspace(workspaceID)
        try await read { db in
            if let secret {
                try await db.raw(
                    """
                    INSERT INTO webhook_secrets (workspace_id, secret, created_at) VALUES (\(bind: workspaceID.rawValue), \(bind: secret), \(bind: clock()))
                    ON CONFLICT (workspace_id) DO UPDATE SET secret = \(bind: secret), created_at = \(bind: clock())
                    """
                ).run()
            } else {
                try await db.raw("DELETE FROM webhook_secrets WHERE workspace_id = \(bind: workspaceID.rawValue)").run()
            }
        }
    }
}
