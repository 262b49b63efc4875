import Foundation
import Hummingbird
import HummingbirdTesting
import ReplywrightCore
import ReplywrightStore
import ReplywrightTesting
import Testing

@Suite("Sending-platform reply webhooks")
struct PlatformWebhookTests {
    struct Accepted: Decodable {
        var messageId: String
        var leadId: String
        var duplicate: Bool
    }
    struct Ignored: Decodable { var ignored: Bool }

    static let smartlead = """
        {"event_type": "EMAIL_REPLY", "sl_lead_email": "maya@brightline.example", "to_name": "Maya Okafor",
         "from_email": "sam@acme.example", "subject": "Re: intro", "event_timestamp": "2026-11-20T10:00:00Z",
         "reply_message": {"message_id": "<abc@mail>", "html": "<p>Tuesday works &amp; 3pm is fine.</p>", "time": "2026-11-20T10:00:00Z"},
         "campaign_id": 111, "secret_key": "x"}
        """
    static let instantly = """
        {"event_type": "reply_received", "timestamp": "2026-11-20T11:00:00Z", "workspace": "w", "campaign_id": "c",
         "lead_email": "tom@northwind.example", "email_id": "e-1", "reply_subject": "Re: hello",
         "reply_text": "How much does it cost?", "firstName": "Tom", "companyName": "Northwind"}
        """

    @Test func repliesAreIngestedOnceAndOtherEventsAcknowledged() async throws {
        try await withTestApp { client, store, workspace, key, _ in
            let first = try await client.execute(
                uri: "/v1/webhooks/inbound/smartlead", method: .post, headers: bearer(key),
                body: ByteBuffer(string: Self.smartlead))
            #expect(first.status == .accepted)
            let accepted = try first.json(Accepted.self)
            let again = try await client.execute(
                uri: "/v1/webhooks/inbound/smartlead", method: .post, headers: bearer(key),
                body: ByteBuffer(string: Self.smartlead)
            ).json(Accepted.self)
            #expect(again.duplicate && again.messageId == accepted.messageId)
            let message = try await store.message(Identifier(accepted.messageId), in: workspace.id)
            #expect(message.body == "Tuesday works & 3pm is fine." && message.subject == "Re: intro")
            let lead = try await store.lead(Identifier(accepted.leadId), in: workspace.id)
            #expect(lead.email == "maya@brightline.example" && lead.firstName == "Maya" && lead.lastName == "Okafor")

            let tom = try await client.execute(
                uri: "/v1/webhooks/inbound/instantly", method: .post, headers: bearer(key),
                body: ByteBuffer(string: Self.instantly)
            ).json(Accepted.self)
            let tomLead = try await store.lead(Identifier(tom.leadId), in: workspace.id)
            #expect(tomLead.company == "Northwind")
            #expect(try await store.message(Identifier(tom.messageId), in: workspace.id).body == "How much does it cost?")

            let opened = try await client.execute(
                uri: "/v1/webhooks/inbound/smartlead", method: .post, headers: bearer(key),
                body: ByteBuffer(string: #"{"event_type": "EMAIL_OPEN", "sl_lead_email": "x@y.example"}"#))
            let ignored = try opened.json(Ignored.self)
            #expect(opened.status == .accepted && ignored.ignored)
            #expect(try await store.queueStats().queued == 2, "one draft job per reply, none for the open event")
        }
    }

    @Test func badPayloadsNameTheFieldAndStoreNothing() async throws {
        try await withTestApp { client, store, _, key, _ in
            for (path, body, field) in [
                ("smartlead", #"{"event_type": "EMAIL_REPLY", "reply_message": {"message_id": "m", "text": "hi"}}"#, "sl_lead_email"),
                ("instantly", #"{"event_type": "reply_received", "lead_email": "a@b.example", "timestamp": "2026-11-20T11:00:00Z"}"#, "reply_text"),
                (
                    "instantly",
                    #"{"event_type": "reply_received", "lead_email": "not-an-email", "reply_text": "x", "timestamp": "2026-11-20T11:00:00Z"}"#,
                    "lead.email"
                ),
                ("smartlead", #"[1, 2]"#, "object"),
            ] {
                let response = try await client.execute(
                    uri: "/v1/webhooks/inbound/\(path)", method: .post, headers: bearer(key), body: ByteBuffer(string: body))
                #expect(response.status == .badRequest, "\(body)")
                #expect(try response.json(ErrorBody.self).error.message.contains(field), "names \(field)")
            }
            let unknown = try await client.execute(
                uri: "/v1/webhooks/inbound/mailchimp", method: .post, headers: bearer(key), body: ByteBuffer(string: "{}"))
            #expect(unknown.status == .notFound)
            #expect(try await store.queueStats().queued == 0)
        }
    }
}
