import Foundation
import Hummingbird
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

/// `POST /v1/webhooks/inbound`: the generic inbound-message webhook;
/// `POST /v1/webhooks/inbound/{smartlead|instantly}`: those platforms' reply webhooks; and
/// `POST /v1/webhooks/booking`: bookings, cancellations and reschedules. All check the
/// workspace's webhook signature when it has set a secret.
struct WebhookRoutes {
    let store: any DataStore
    let ingestor: InboundIngestor

    func register(on group: RouterGroup<APIRequestContext>) {
        group.post("/webhooks/inbound", use: inbound)
        group.post("/webhooks/inbound/:platform", use: platform)
        group.post("/webhooks/booking", use: booking)
    }

    private func body<T: Decodable>(_ type: T.Type, _ request: Request, _ context: APIRequestContext) async throws -> T {
        try await request.verifiedJSON(type, context: context, secret: try await store.webhookSecret(in: context.workspaceID))
    }

    /// Matched lead → 200 with its appointment; unknown email → 202, stored unmatched; an
    /// event that is not about a booking → 202 `ignored`. Redelivery changes nothing.
    @Sendable func booking(_ request: Request, context: APIRequestContext) async throws -> Response {
        let json = try await body(JSONValue.self, request, context)
        guard let event = try BookingWebhook.parse(json, receivedAt: Date()) else {
            return try JSONResponse(status: .accepted, value: IgnoredEventDTO(ignored: true, reason: "not a booking event"))
                .response(from: request, context: context)
        }
        let record = try await store.recordBooking(event, in: context.workspaceID)
        context.logger.info(
            "booking event",
            metadata: [
                "kind": "\(event.kind.rawValue)", "provider": "\(event.provider.rawValue)", "matched": "\(record.lead != nil)",
                "duplicate": "\(record.duplicate)",
            ])
        let answer = BookingAcceptedDTO(
            eventId: record.eventID, matched: record.lead != nil, duplicate: record.duplicate, kind: event.kind.rawValue,
            leadId: record.lead?.id.rawValue, appointmentStatus: record.lead?.appointmentStatus.rawValue, bookedAt: record.lead?.bookedAt)
        return try JSONResponse(status: record.lead == nil ? .accepted : .ok, value: answer).response(from: request, context: context)
    }

    /// A platform's event: a reply is ingested like the generic webhook (202 with ids); any
    /// other event is acknowledged (202, `ignored`) so the platform does not retry it.
    @Sendable func platform(_ request: Request, context: APIRequestContext) async throws -> Response {
        let name = try context.parameters.require("platform")
        guard let platform = PlatformReplyWebhook.Platform(rawValue: name) else {
            throw AppError.notFound("webhook adapter '\(name.prefix(40))'")
        }
        let json = try await body(JSONValue.self, request, context)
        guard let payload = try PlatformReplyWebhook.translate(json, from: platform) else {
            return try JSONResponse(status: .accepted, value: IgnoredEventDTO(ignored: true, reason: "not a reply event"))
                .response(from: request, context: context)
        }
        return try await accept(try payload.validated(now: Date()), request: request, context: context).response(from: request, context: context)
    }

    /// Validates, then stores lead + message + draft job in one transaction; 202 once the
    /// job is durable. Redelivery of the same `message.id` answers with the same ids.
    @Sendable func inbound(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<InboundAcceptedDTO> {
        let payload = try await body(InboundWebhookPayload.self, request, context)
        return try await accept(try payload.validated(now: Date()), request: request, context: context)
    }

    private func accept(_ inbound: InboundMessage, request: Request, context: APIRequestContext) async throws -> JSONResponse<InboundAcceptedDTO> {
        let workspaceID = context.workspaceID
        let result = try await ingestor.ingest(inbound, in: workspaceID)
        context.logger.info(
            "inbound message accepted",
            metadata: [
                "message_id": "\(result.messageID)", "job_id": "\(result.jobID)", "duplicate": "\(result.duplicate)",
                "kind": "\(result.kind.rawValue)",
            ])
        return JSONResponse(
            status: .accepted,
            value: InboundAcceptedDTO(
                messageId: result.messageID.rawValue, jobId: result.jobID.rawValue, leadId: result.leadID.rawValue,
                duplicate: result.duplicate, kind: result.kind.rawValue))
    }
}

struct IgnoredEventDTO: Encodable, Sendable {
    var ignored: Bool
    var reason: String
}

struct BookingAcceptedDTO: Encodable, Sendable {
    var eventId: String
    var matched: Bool
    var duplicate: Bool
    var kind: String
    var leadId: String?
    var appointmentStatus: String?
    var bookedAt: Date?
}
