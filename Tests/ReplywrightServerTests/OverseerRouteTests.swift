import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Metrics
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore
import ReplywrightTesting
import Testing

@Suite("Bookings, signed webhooks, memory views and sending policy over HTTP")
struct OverseerRouteTests {
    struct Booking: Decodable {
        var eventId: String
        var matched: Bool
        var duplicate: Bool
        var kind: String
        var leadId: String?
        var appointmentStatus: String?
        var bookedAt: Date?
    }

    static func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(response.body.readableBytesView))
    }

    static let calendlyCreated = """
        {"event": "invitee.created", "created_at": "2026-11-20T15:00:00Z",
         "payload": {"email": "Maya@Brightline.example", "uri": "https://api.calendly.com/invitees/AAA", "old_invitee": null,
                     "scheduled_event": {"start_time": "2026-11-24T15:00:00Z"}, "timezone": "America/Chicago"}}
        """

    @Test(arguments: TestDatabases.engines)
    func bookingLifecycle(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { client, store, workspace, key, _ in
            _ = try await client.execute(uri: "/v1/webhooks/inbound", method: .post, headers: bearer(key), body: ByteBuffer(string: inboundJSON()))
            let post = { (body: String) in
                try await client.execute(uri: "/v1/webhooks/booking", method: .post, headers: bearer(key), body: ByteBuffer(string: body))
            }

            let created = try await post(Self.calendlyCreated)
            #expect(created.status == .ok)
            let booked = try Self.decode(Booking.self, created)
            #expect(booked.matched && booked.kind == "booked" && booked.appointmentStatus == "booked")
            #expect(booked.bookedAt == ISO8601DateFormatter().date(from: "2026-11-20T15:00:00Z"), "bookedAt is when the booking was made")
            let leadID = Identifier<Lead>(try #require(booked.leadId))
            #expect(try await store.lead(leadID, in: workspace.id).status == .booked)

            let again = try Self.decode(Booking.self, try await post(Self.calendlyCreated))
            #expect(again.duplicate, "a redelivery changes nothing")

            // Cal.com reschedule keeps the original bookedAt.
            let rescheduled = try Self.decode(
                Booking.self,
                try await post(
                    """
                    {"triggerEvent": "BOOKING_RESCHEDULED", "createdAt": "2026-11-21T09:00:00Z",
                     "payload": {"uid": "cal-1", "startTime": "2026-11-25T16:00:00Z", "attendees": [{"email": "maya@brightline.example", "timeZone": "America/Chicago"}]}}
                    """))
            #expect(rescheduled.appointmentStatus == "rescheduled" && rescheduled.bookedAt == booked.bookedAt)

            // The cancel half of a Calendly reschedule is not a cancellation.
            let half = try await post(
                """
                {"event": "invitee.canceled", "payload": {"email": "maya@brightline.example", "uri": "https://api.calendly.com/invitees/AAA", "rescheduled": true}}
                """)
            let afterHalf = try await store.lead(leadID, in: workspace.id)
            #expect(half.status == .accepted && afterHalf.appointmentStatus == .rescheduled)

            let canceled = try Self.decode(Booking.self, try await post(#"{"event": "canceled", "email": "maya@brightline.example", "id": "g-1"}"#))
            #expect(canceled.appointmentStatus == "canceled" && canceled.bookedAt == nil, "canceled is not booked")
            #expect(try await store.lead(leadID, in: workspace.id).isBooked == false)

            let stranger = try await post(#"{"event": "booked", "email": "nobody@else.example", "id": "g-2"}"#)
            #expect(stranger.status == .accepted)
            let unmatched = try Self.decode(Booking.self, stranger)
            #expect(!unmatched.matched && unmatched.leadId == nil, "an unknown lead is stored unmatched, not an error")
        }
    }

    @Test(arguments: [
        (#"{"event": "booked"}"#, "email: required"),
        (#"{"event": "booked", "email": 42}"#, "email: must be a string"),
        (#"{"event": "booked", "email": "not-an-email"}"#, "email: 'not-an-email' is not an email address"),
        (#"{"event": "maybe", "email": "maya@brightline.example"}"#, "event: must be booked, canceled or rescheduled"),
        (#"{"event": "booked", "email": "maya@brightline.example", "startsAt": "tomorrow"}"#, "startsAt: not an ISO 8601 date-time"),
        (#"{"triggerEvent": "BOOKING_CREATED", "payload": {"attendees": []}}"#, "payload.attendees: required, a non-empty array"),
        (#"{"event": "invitee.created", "payload": {"email": ["x"]}}"#, "payload.email: must be a string"),
        (#"[1, 2]"#, "the body must be a JSON object"),
    ])
    func badBookingPayloadsNameTheFieldAndStoreNothing(body: String, message: String) async throws {
        try await withTestApp { client, store, workspace, key, _ in
            let response = try await client.execute(uri: "/v1/webhooks/booking", method: .post, headers: bearer(key), body: ByteBuffer(string: body))
            #expect(response.status == .badRequest)
            #expect(try response.json(ErrorBody.self).error.message == message)
            #expect(try await store.bookingEvents(in: workspace.id, unmatchedOnly: false, limit: 10).isEmpty)
        }
    }

    static func sign(_ body: String, secret: String, timestamp: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data((timestamp + "." + body).utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    @Test func signedWebhooksOnceTheWorkspaceSetsASecret() async throws {
        try await withTestApp { client, store, workspace, key, _ in
            let body = #"{"event": "booked", "email": "maya@brightline.example", "id": "g-1"}"#
            let unsigned = try await client.execute(uri: "/v1/webhooks/booking", method: .post, headers: bearer(key), body: ByteBuffer(string: body))
            #expect(unsigned.status == .accepted, "no secret set: signatures are not required")

            let created = try await client.execute(uri: "/v1/settings/webhook-secret", method: .post, headers: bearer(key))
            #expect(created.status == .created)
            struct Secret: Decodable { var secret: String }
            let secret = try created.json(Secret.self).secret
            let now = String(Int(Date().timeIntervalSince1970))
            func post(_ headers: [(String, String)], body: String = body, uri: String = "/v1/webhooks/booking") async throws -> TestResponse {
                var fields = bearer(key)
                for (name, value) in headers { fields[HTTPField.Name(name)!] = value }
                return try await client.execute(uri: uri, method: .post, headers: fields, body: ByteBuffer(string: body))
            }
            let other = #"{"event": "booked", "email": "maya@brightline.example", "id": "g-2"}"#
            #expect(try await post([]).status == .unauthorized)
            #expect(
                try await post([("X-Replywright-Timestamp", now), ("X-Replywright-Signature", "sha256=" + String(repeating: "0", count: 64))]).status
                    == .unauthorized)
            #expect(
                try await post(
                    [("X-Replywright-Timestamp", now), ("X-Replywright-Signature", "sha256=" + Self.sign(body, secret: secret, timestamp: now))],
                    body: other
                ).status == .unauthorized, "a signature for another body")
            let stale = String(Int(Date().timeIntervalSince1970) - 3600)
            #expect(
                try await post([
                    ("X-Replywright-Timestamp", stale), ("X-Replywright-Signature", "sha256=" + Self.sign(body, secret: secret, timestamp: stale)),
                ]).status == .unauthorized)
            #expect(try await store.bookingEvents(in: workspace.id, unmatchedOnly: false, limit: 10).count == 1, "refused deliveries stored nothing")

            #expect(
                try await post(
                    [("X-Replywright-Timestamp", now), ("X-Replywright-Signature", "sha256=" + Self.sign(other, secret: secret, timestamp: now))],
                    body: other
                ).status == .accepted)
            let calendly = #"{"event": "invitee.created", "payload": {"email": "maya@brightline.example", "uri": "u-3"}}"#
            #expect(
                try await post([("Calendly-Webhook-Signature", "t=\(now),v1=" + Self.sign(calendly, secret: secret, timestamp: now))], body: calendly)
                    .status == .accepted)
            let cal = #"{"triggerEvent": "BOOKING_CREATED", "payload": {"uid": "c-4", "attendees": [{"email": "maya@brightline.example"}]}}"#
            let calMAC = HMAC<SHA256>.authenticationCode(for: Data(cal.utf8), using: SymmetricKey(data: Data(secret.utf8))).map {
                String(format: "%02x", $0)
            }.joined()
            #expect(try await post([("X-Cal-Signature-256", calMAC)], body: cal).status == .accepted)
            // The inbound webhook is held to the same secret.
            #expect(try await post([], body: inboundJSON(), uri: "/v1/webhooks/inbound").status == .unauthorized)
            let inbound = inboundJSON()
            #expect(
                try await post(
                    [("X-Replywright-Timestamp", now), ("X-Replywright-Signature", "sha256=" + Self.sign(inbound, secret: secret, timestamp: now))],
                    body: inbound, uri: "/v1/webhooks/inbound"
                ).status == .accepted)
        }
    }

    struct LeadDetail: Decodable {
        struct Memory: Decodable {
            var id: String
            var category: String
            var text: String
        }
        struct Decision: Decodable {
            var stage: String
            var verdict: String
            var reasons: [String]
        }
        var memory: [Memory]
        var memoryRedacted: Bool
        var decisions: [Decision]
    }

    @Test func setterKeysSeeRedactedMemoryAndOnlyAdminsEditIt() async throws {
        try await withTestApp { client, store, workspace, key, _ in
            let accepted = try await client.execute(
                uri: "/v1/webhooks/inbound", method: .post, headers: bearer(key),
                body: ByteBuffer(string: inboundJSON(body: "Hi, Maya here. I prefer email, reach me at maya.o@brightline.example")))
            struct Accepted: Decodable { var leadId: String }
            let leadID = try accepted.json(Accepted.self).leadId
            let entry = try await store.addMemory(
                leadID: Identifier(leadID), category: "preference", text: "Maya prefers email: maya.o@brightline.example",
                expiresAt: Date().addingTimeInterval(3600), in: workspace.id)
            let setter = try await store.issueAPIKey(for: workspace.id, name: "setter", role: .setter).secret

            let asAdmin = try await client.execute(uri: "/v1/leads/\(leadID)", method: .get, headers: bearer(key)).json(LeadDetail.self)
            #expect(!asAdmin.memoryRedacted && asAdmin.memory.map(\.text) == ["Maya prefers email: maya.o@brightline.example"])
            let asSetter = try await client.execute(uri: "/v1/leads/\(leadID)", method: .get, headers: bearer(setter)).json(LeadDetail.self)
            #expect(asSetter.memoryRedacted && asSetter.memory.map(\.text) == ["[name] prefers email: [email]"])

            let uri = "/v1/leads/\(leadID)/memory/\(entry.id)"
            let refused = try await client.execute(uri: uri, method: .patch, headers: bearer(setter), body: ByteBuffer(string: #"{"text": "x"}"#))
            #expect(refused.status == .forbidden)
            let edited = try await client.execute(
                uri: uri, method: .patch, headers: bearer(key), body: ByteBuffer(string: #"{"text": "Prefers email"}"#))
            #expect(edited.status == .ok)
            #expect(try await store.memory(leadID: Identifier(leadID), in: workspace.id, at: Date()).map(\.text) == ["Prefers email"])
            #expect(try await client.execute(uri: uri, method: .delete, headers: bearer(setter)).status == .forbidden)
            #expect(try await client.execute(uri: uri, method: .delete, headers: bearer(key)).status == .noContent)
            #expect(try await client.execute(uri: uri, method: .delete, headers: bearer(key)).status == .notFound)
        }
    }

    @Test func policyIsSavedValidatedAndEnforcedOnSend() async throws {
        try await withTestApp { client, store, workspace, key, _ in
            struct Settings: Decodable {
                var policy: PolicySettings
                var signedWebhooks: Bool
            }
            let initial = try await client.execute(uri: "/v1/settings", method: .get, headers: bearer(key)).json(Settings.self)
            #expect(initial.policy == PolicySettings() && !initial.policy.autoSend && !initial.signedWebhooks)

            let bad = try await client.execute(
                uri: "/v1/settings", method: .put, headers: bearer(key),
                body: ByteBuffer(string: #"{"policy": {"timeZone": "Mars/Olympus"}}"#))
            let badMessage = try bad.json(ErrorBody.self).error.message
            #expect(bad.status == .badRequest && badMessage.hasPrefix("timeZone"))
            let saved = try await client.execute(
                uri: "/v1/settings", method: .put, headers: bearer(key),
                body: ByteBuffer(string: #"{"policy": {"blockedDomains": ["Brightline.example"], "timeZone": "America/Chicago"}}"#)
            )
            .json(Settings.self)
            #expect(saved.policy.blockedDomains == ["brightline.example"] && saved.policy.timeZone == "America/Chicago")

            // A draft for a lead on a blocked domain cannot be approved or sent, not even by a human.
            let ingested = try await InboundIngestor(store: store).ingest(Fixtures.inbound(), in: workspace.id)
            let draft = try await DraftPipeline(
                store: store, llm: nil, telemetry: AITelemetry(recorder: store, metrics: NOOPMetricsHandler.instance),
                configuration: DraftingConfiguration()
            )
            .draft(replyingTo: ingested.messageID, in: workspace.id, logger: TestDatabases.logger)
            let approve = try await client.execute(uri: "/v1/drafts/\(draft.id)/approve", method: .post, headers: bearer(key))
            #expect(approve.status == .conflict)
            #expect(
                try approve.json(ErrorBody.self).error.message == "nothing may be sent to this lead: the lead's domain brightline.example is blocked")
            let send = try await client.execute(uri: "/v1/drafts/\(draft.id)/send", method: .post, headers: bearer(key))
            #expect(send.status == .conflict)
            #expect(try send.json(ErrorBody.self).error.message == "not sent: the lead's domain brightline.example is blocked")
            #expect(try await store.draft(draft.id, in: workspace.id).status == .pending)
        }
    }
}
