import Foundation
import Hummingbird
import HummingbirdTesting
import ReplywrightCore
import ReplywrightStore
import ReplywrightTesting
import Testing

struct Accepted: Decodable {
    var messageId: String
    var jobId: String
    var leadId: String
    var duplicate: Bool
}

@Suite("Inbound webhook and API keys over HTTP")
struct WebhookAndAuthTests {
    @Test func missingOrInvalidKeyIs401WithJSONError() async throws {
        try await withTestApp { client, _, _, _, _ in
            let body = ByteBuffer(string: inboundJSON())
            try await client.execute(uri: "/v1/webhooks/inbound", method: .post, body: body) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
                let error = try response.json(ErrorBody.self)
                #expect(error.error.code == "unauthorized" && error.error.message.contains("missing API key"))
            }
            try await client.execute(uri: "/v1/leads", method: .get, headers: bearer("rw_" + String(repeating: "x", count: 40))) { response in
                #expect(response.status == .unauthorized)
                let errorBody = try response.json(ErrorBody.self)
                #expect(errorBody.error.message == "invalid or revoked API key")
            }
            try await client.execute(uri: "/v1/leads", method: .get, headers: [.authorization: "Basic abc"]) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func acceptedWebhookIsStoredQueuedAndIdempotent(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { client, store, workspace, key, _ in
            let first = try await client.execute(
                uri: "/v1/webhooks/inbound", method: .post, headers: bearer(key), body: ByteBuffer(string: inboundJSON()))
            #expect(first.status == .accepted)
            let accepted = try first.json(Accepted.self)
            #expect(!accepted.duplicate)

            let again = try await client.execute(
                uri: "/v1/webhooks/inbound", method: .post, headers: bearer(key),
                body: ByteBuffer(string: inboundJSON(body: "a redelivery")))
            #expect(again.status == .accepted)
            let repeated = try again.json(Accepted.self)
            #expect(repeated.duplicate && repeated.messageId == accepted.messageId && repeated.jobId == accepted.jobId)

            let job = try await store.job(Identifier(accepted.jobId), in: workspace.id)
            #expect(job.kind == .draftReply && job.state == .queued)

            try await client.execute(uri: "/v1/leads/\(accepted.leadId)", method: .get, headers: bearer(key)) { response in
                #expect(response.status == .ok)
                let text = response.text
                #expect(text.contains("\"email\":\"maya@brightline.example\""))
                #expect(text.contains("\"body\":\"Tuesday works\"") && !text.contains("a redelivery"))
                #expect(text.contains("\"city\":\"Austin\""))
            }
            try await client.execute(uri: "/v1/jobs/\(accepted.jobId)", method: .get, headers: bearer(key)) { response in
                #expect(response.status == .ok && response.text.contains("\"kind\":\"draft.reply\""))
            }
        }
    }

    @Test(arguments: [
        ("{not json", "not valid JSON"),
        ("", "request body is empty"),
        (#"{"lead": {"email": "a@b.co"}}"#, "message is required"),
        (#"{"lead": {"email": 5}, "message": {"id": "1", "channel": "email", "body": "x"}}"#, "lead.email has the wrong type"),
        (#"{"lead": {"email": "a@b.co"}, "message": {"id": "1", "channel": "pigeon", "body": "x"}}"#, "unknown channel 'pigeon'"),
        (#"{"lead": {"email": "nope"}, "message": {"id": "1", "channel": "email", "body": "x"}}"#, "lead.email"),
        (#"[1, 2]"#, "has the wrong type"),
    ])
    func badInputIs400AndStoresNothing(body: String, expected: String) async throws {
        try await withTestApp { client, store, workspace, key, _ in
            try await client.execute(uri: "/v1/webhooks/inbound", method: .post, headers: bearer(key), body: ByteBuffer(string: body)) { response in
                #expect(response.status == .badRequest)
                let error = try response.json(ErrorBody.self)
                #expect(error.error.code == "invalid_request")
                #expect(error.error.message.contains(expected), "got: \(error.error.message)")
            }
            #expect(try await store.leads(in: workspace.id, limit: 10, offset: 0).isEmpty)
            #expect(try await store.queueStats() == QueueStats())
        }
    }

    @Test func oversizedBodyIs413() async throws {
        try await withTestApp { client, store, workspace, key, _ in
            let huge = inboundJSON(body: String(repeating: "a", count: 1_100_000))
            try await client.execute(uri: "/v1/webhooks/inbound", method: .post, headers: bearer(key), body: ByteBuffer(string: huge)) { response in
                #expect(response.status == .contentTooLarge)
                let errorBody = try response.json(ErrorBody.self)
                #expect(errorBody.error.code == "payload_too_large")
            }
            #expect(try await store.leads(in: workspace.id, limit: 10, offset: 0).isEmpty)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func anotherWorkspacesIdsAre404(engine: DatabaseEngine) async throws {
        try await withTestApp(engine) { client, store, _, key, _ in
            let (other, otherKey) = try await Fixtures.workspace(store, name: "Other")
            let response = try await client.execute(
                uri: "/v1/webhooks/inbound", method: .post, headers: bearer(otherKey.secret), body: ByteBuffer(string: inboundJSON()))
            let theirs = try response.json(Accepted.self)
            _ = other
            for path in [
                "/v1/leads/\(theirs.leadId)", "/v1/messages/\(theirs.messageId)", "/v1/jobs/\(theirs.jobId)",
                "/v1/leads/does-not-exist",
            ] {
                try await client.execute(uri: path, method: .get, headers: bearer(key)) { response in
                    #expect(response.status == .notFound, "\(path)")
                    let errorBody = try response.json(ErrorBody.self)
                    #expect(errorBody.error.code == "not_found")
                }
            }
            try await client.execute(uri: "/v1/leads", method: .get, headers: bearer(key)) { response in
                #expect(response.status == .ok && response.text.contains("\"leads\":[]"))
            }
            try await client.execute(uri: "/v1/leads/\(theirs.leadId)", method: .get, headers: bearer(otherKey.secret)) { response in
                #expect(response.status == .ok, "the owner still sees it")
            }
        }
    }
}

/// What real mail carries beyond a body: headers (either shape), a subject alone, the whole raw
/// message, through the real router.
@Suite("Inbound webhook: real mail")
struct InboundRealMailRouteTests {
    struct Accepted: Decodable {
        var leadId: String
        var kind: String
    }

    @Test func headersInEitherShapeTellAnAutoReplyFromAPerson() async throws {
        try await withTestApp { client, _, _, key, _ in
            for (id, headers) in [
                ("a", #"{"Auto-Submitted": "auto-replied"}"#), ("b", #"[{"name": "X-Autoreply", "value": "yes"}]"#),
                ("c", #"[{"Name": "Precedence", "Value": "auto_reply"}]"#),
            ] {
                let body = """
                    {"lead": {"email": "maya@brightline.example"},
                     "message": {"id": "\(id)", "channel": "email", "subject": "Re: intro", "body": "Thanks for your mail.", "headers": \(headers)}}
                    """
                let response = try await client.execute(
                    uri: "/v1/webhooks/inbound", method: .post, headers: bearer(key), body: ByteBuffer(string: body))
                #expect(response.status == .accepted)
                #expect(try response.json(Accepted.self).kind == "auto_reply", "\(headers)")
            }
            let person = try await client.execute(
                uri: "/v1/webhooks/inbound", method: .post, headers: bearer(key), body: ByteBuffer(string: inboundJSON(id: "d")))
            #expect(try person.json(Accepted.self).kind == "person")
        }
    }

    @Test func aSubjectOnlyAutoReplyIsAccepted() async throws {
        try await withTestApp { client, _, _, key, _ in
            let body =
                #"{"lead": {"email": "maya@brightline.example"}, "message": {"id": "ooo", "channel": "email", "subject": "Automatic reply: Intro", "body": ""}}"#
            let response = try await client.execute(uri: "/v1/webhooks/inbound", method: .post, headers: bearer(key), body: ByteBuffer(string: body))
            #expect(response.status == .accepted, "\(response.text)")
            #expect(try response.json(Accepted.self).kind == "auto_reply")
            // Neither a body nor a subject: still refused, with both named.
            let empty = #"{"lead": {"email": "maya@brightline.example"}, "message": {"id": "x", "channel": "email", "body": " "}}"#
            try await client.execute(uri: "/v1/webhooks/inbound", method: .post, headers: bearer(key), body: ByteBuffer(string: empty)) { response in
                #expect(response.status == .badRequest)
                #expect(response.text.contains("message.body must not be empty (unless message.subject is given)"))
            }
        }
    }

    @Test func aRawBounceIsReadFromTheWholeMessage() async throws {
        try await withTestApp { client, store, workspace, key, _ in
            let raw = """
                From: Mail Delivery System <MAILER-DAEMON@mx.example.net>
                To: sender@acme.example
                Subject: Undelivered Mail Returned to Sender
                Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

                --b1
                Content-Type: text/plain

                I'm sorry to have to inform you that your message could not be delivered.
                --b1
                Content-Type: message/delivery-status

                Final-Recipient: rfc822; maya@brightline.example
                Action: failed
                Status: 5.1.1
                --b1--
                """
            let encoded = String(decoding: try JSONEncoder().encode(raw), as: UTF8.self)
            let body = #"{"lead": {"email": "maya@brightline.example"}, "message": {"id": "dsn", "channel": "email", "raw": \#(encoded)}}"#
            let response = try await client.execute(uri: "/v1/webhooks/inbound", method: .post, headers: bearer(key), body: ByteBuffer(string: body))
            #expect(response.status == .accepted, "\(response.text)")
            let accepted = try response.json(Accepted.self)
            #expect(accepted.kind == "bounce")
            #expect(try await store.lead(Identifier(accepted.leadId), in: workspace.id).isUndeliverable)
        }
    }

    @Test func tooManyHeadersAre400() async throws {
        try await withTestApp { client, _, _, key, _ in
            let headers = (0...MailHeaders.fieldLimit).map { #"{"name": "X-H\#($0)", "value": "v"}"# }.joined(separator: ",")
            let body =
                #"{"lead": {"email": "maya@brightline.example"}, "message": {"id": "h", "channel": "email", "body": "hi", "headers": [\#(headers)]}}"#
            try await client.execute(uri: "/v1/webhooks/inbound", method: .post, headers: bearer(key), body: ByteBuffer(string: body)) { response in
                #expect(response.status == .badRequest)
                #expect(response.text.contains("message.headers: at most 200 fields"))
            }
        }
    }
}
