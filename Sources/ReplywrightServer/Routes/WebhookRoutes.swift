import Foundation
import Hummingbird
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

/// `POST /v1/webhooks/inbound`: the generic inbound-message webhook.
struct WebhookRoutes {
    let ingestor: InboundIngestor

    func register(on group: RouterGroup<AppRequestContext>) {
        group.post("/webhooks/inbound", use: inbound)
    }

    /// Validates, then stores lead + message + draft job in one transaction; 202 once the
    /// job is durable. Redelivery of the same `message.id` answers with the same ids.
    @Sendable func inbound(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<InboundAcceptedDTO> {
        let workspaceID = try context.workspaceID()
        let payload = try await request.decodeJSON(InboundWebhookPayload.self, context: context)
        let inbound = try payload.validated(now: Date())
        let result = try await ingestor.ingest(inbound, in: workspaceID)
        context.logger.info("inbound message accepted", metadata: [
            "message_id": "\(result.messageID)", "job_id": "\(result.jobID)", "duplicate": "\(result.duplicate)",
        ])
        return JSONResponse(status: .accepted, value: InboundAcceptedDTO(
            messageId: result.messageID.rawValue, jobId: result.jobID.rawValue, leadId: result.leadID.rawValue,
            duplicate: result.duplicate))
    }
}
