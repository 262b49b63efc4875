import Foundation
import Hummingbird
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

/// `POST /v1/webhooks/inbound`: the generic inbound-message webhook; and
/// `POST /v1/webhooks/inbound/{smartlead|instantly}`: those platforms' reply webhooks.
struct WebhookRoutes {
    let ingestor: InboundIngestor

    func register(on group: RouterGroup<AppRequestContext>) {
        group.post("/webhooks/inbound", use: inbound)
        group.post("/webhooks/inbound/:platform", use: platform)
    }

    /// A platform's event: a reply is ingested like the generic webhook (202 with ids); any
    /// other event is acknowledged (202, `ignored`) so the platform does not retry it.
    @Sendable func platform(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try context.parameters.require("platform")
        guard let platform = PlatformReplyWebhook.Platform(rawValue: name) else {
            throw AppError.notFound("webhook adapter '\(name.prefix(40))'")
        }
        let body = try await request.decodeJSON(JSONValue.self, context: context)
        guard let payload = try PlatformReplyWebhook.translate(body, from: platform) else {
            return try JSONResponse(status: .accepted, value: IgnoredEventDTO(ignored: true, reason: "not a reply event"))
                .response(from: request, context: context)
        }
        return try await accept(try payload.validated(now: Date()), request: request, context: context).response(from: request, context: context)
    }

    /// Validates, then stores lead + message + draft job in one transaction; 202 once the
    /// job is durable. Redelivery of the same `message.id` answers with the same ids.
    @Sendable func inbound(_ request: Request, context: AppRequestContext) async throws -> JSONResponse<InboundAcceptedDTO> {
        let payload = try await request.decodeJSON(InboundWebhookPayload.self, context: context)
        return try await accept(try payload.validated(now: Date()), request: request, context: context)
    }

    private func accept(_ inbound: InboundMessage, request: Request, context: AppRequestContext) async throws -> JSONResponse<InboundAcceptedDTO> {
        let workspaceID = try context.workspaceID()
        let result = try await ingestor.ingest(inbound, in: workspaceID)
        context.logger.info("inbound message accepted", metadata: [
            "message_id": "\(result.messageID)", "job_id": "\(result.jobID)", "duplicate": "\(result.duplicate)",
        ])
        return JSONResponse(status: .accepted, value: InboundAcceptedDTO(
            messageId: result.messageID.rawValue, jobId: result.jobID.rawValue, leadId: result.leadID.rawValue,
            duplicate: result.duplicate))
    }
}

struct IgnoredEventDTO: Encodable, Sendable {
    var ignored: Bool
    var reason: String
}
