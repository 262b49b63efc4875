import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReplywrightCore
import ReplywrightServer
import ReplywrightStore
import ReplywrightTesting
import Testing

/// Forms through the real router: the `/v1` API for admins, and the public hosted page and its
/// JSON API as a visitor's browser (or an embedding site) uses them.
@Suite("Forms over HTTP")
struct FormHostingTests {
    static func definitionJSON(_ definition: FormDefinition = .example()) throws -> ByteBuffer {
        ByteBuffer(data: try JSONEncoder().encode(definition))
    }

    static func publish(_ client: any TestClientProtocol, key: String, _ definition: FormDefinition = .example()) async throws -> String {
        let created = try await client.execute(uri: "/v1/forms", method: .post, headers: bearer(key), body: try definitionJSON(definition))
        #expect(created.status == .created, "\(created.text)")
        let id = try #require(try created.json(JSONValue.self).field("id")?.textValue)
        let published = try await client.execute(uri: "/v1/forms/\(id)/publish", method: .post, headers: bearer(key))
        try #expect(published.status == .created && (try published.json(JSONValue.self)).field("version") == 1)
        return id
    }

    static func form(_ fields: [(String, String)]) -> (HTTPFields, ByteBuffer) {
        let body = fields.map {
            "\($0.0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
        }
        .joined(separator: "&")
        return ([.contentType: "application/x-www-form-urlencoded"], ByteBuffer(string: body))
    }

    static func hidden(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    @Test func theAPIChecksDefinitionsAndKeepsVersions() async throws {
        try await withTestApp { client, store, workspace, key, _ in
            var bad = FormDefinition.example()
            bad.steps[0].fields[0].kind = .text
            bad.steps[1].fields[0].id = "Team Size"
            let refused = try await client.execute(uri: "/v1/forms", method: .post, headers: bearer(key), body: try Self.definitionJSON(bad))
            let message = try refused.json(ErrorBody.self).error.message
            #expect(refused.status == .badRequest && message.contains("steps[1].fields[0].id") && message.contains("a field of kind email is needed"))
            let setter = try await store.issueAPIKey(for: workspace.id, name: "setter", role: .setter)
            let forbidden = try await client.execute(uri: "/v1/forms", method: .post, headers: bearer(setter.secret), body: try Self.definitionJSON())
            #expect(forbidden.status == .forbidden)

            let id = try await Self.publish(client, key: key)
            let taken = try await client.execute(uri: "/v1/forms", method: .post, headers: bearer(key), body: try Self.definitionJSON())
            #expect(taken.status == .conflict)
            var renamed = FormDefinition.example()
            renamed.name = "Talk to us"
            let put = try await client.execute(uri: "/v1/forms/\(id)", method: .put, headers: bearer(key), body: try Self.definitionJSON(renamed))
            try #expect(put.status == .ok && (try put.json(JSONValue.self)).field("publishedVersion") == 1)
            let page = try await client.execute(uri: "/f/request-a-demo", method: .get)
            #expect(page.text.contains("<title>Request a demo</title>"), "the live version is still v1")
            let versions = try await client.execute(uri: "/v1/forms/\(id)/versions", method: .get, headers: bearer(setter.secret))
            try #expect((try versions.json(JSONValue.self)).field("versions")?.arrayValue?.count == 1)
            let csv = try await client.execute(uri: "/v1/forms/\(id)/analytics?format=csv", method: .get, headers: bearer(key))
            #expect(csv.status == .ok && csv.text.hasPrefix("variant,step,title,views") && csv.text.contains("\"none\",,,1,"))
        }
    }

    @Test func aVisitorCompletesTheHostedFormWithoutJavaScript() async throws {
        try await withTestApp { client, store, workspace, key, _ in
            _ = try await Self.publish(client, key: key)
            let first = try await client.execute(uri: "/f/request-a-demo", method: .get)
            #expect(first.status == .ok && first.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(
                first.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true
                    && first.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            let cookie = try #require(first.headers[.setCookie]).split(separator: ";").first.map(String.init) ?? ""
            #expect(cookie.hasPrefix("rw_form=") && first.headers[.setCookie]?.contains("HttpOnly") == true)
            let html = first.text
            let session = try #require(Self.hidden("_session", in: html)), token = try #require(Self.hidden("_token", in: html))
            #expect(html.contains("name=\"website\"") && html.contains("src=\"/f/-/form.js\"") && html.contains("Work email"))

            let reload = try await client.execute(uri: "/f/request-a-demo", method: .get, headers: [.cookie: cookie])
            #expect(Self.hidden("_session", in: reload.text) == session, "a reload resumes the session")

            let (headers, bad) = Self.form([
                ("_session", session), ("_token", token), ("_step", "contact"), ("email", "ana@"),
                ("first_name", "<b>Ana</b>"), ("website", ""),
            ])
            let refused = try await client.execute(uri: "/f/request-a-demo/steps", method: .post, headers: headers, body: bad)
            #expect(refused.status == .unprocessableContent && refused.text.contains("Please enter an email address"))
            #expect(refused.text.contains("value=\"&lt;b&gt;Ana&lt;/b&gt;\"") && !refused.text.contains("<b>Ana</b>"), "typed text kept, escaped")

            let (h1, contact) = Self.form([
                ("_session", session), ("_token", token), ("_step", "contact"), ("email", "ana@example.com"),
                ("first_name", "Ana"), ("company", "Silva"), ("website", ""),
            ])
            let moved = try await client.execute(uri: "/f/request-a-demo/steps", method: .post, headers: h1, body: contact)
            #expect(moved.status == .seeOther && moved.headers[.location] == "/f/request-a-demo")
            let team = try await client.execute(uri: "/f/request-a-demo", method: .get, headers: [.cookie: cookie])
            #expect(team.text.contains("About your team") && team.text.contains("name=\"tools[]\""))

            let (h2, teamAnswers) = Self.form([
                ("_session", session), ("_token", token), ("_step", "team"), ("team_size", "40"),
                ("tools[]", "Smartlead"), ("tools[]", "HubSpot"), ("role", "Founder"),
            ])
            try #expect(try await client.execute(uri: "/f/request-a-demo/steps", method: .post, headers: h2, body: teamAnswers).status == .seeOther)
            let (h3, call) = Self.form([("_session", session), ("_token", token), ("_step", "call"), ("consent", "on")])
            try #expect(try await client.execute(uri: "/f/request-a-demo/steps", method: .post, headers: h3, body: call).status == .seeOther)
            let thanks = try await client.execute(uri: "/f/request-a-demo", method: .get, headers: [.cookie: cookie])
            #expect(thanks.text.contains("Thank you") && thanks.text.contains("href=\"https://cal.example.com/replywright-demo\""))

            let lead = try #require(try await store.lead(email: "ana@example.com", in: workspace.id))
            #expect(lead.customVariables["tools"] == .array(["Smartlead", "HubSpot"]) && lead.customVariables["role"] == "Founder")

            let (h4, forged) = Self.form([("_session", session), ("_token", "forged"), ("_step", "call"), ("consent", "on")])
            try #expect(try await client.execute(uri: "/f/request-a-demo/steps", method: .post, headers: h4, body: forged).status == .forbidden)
        }
    }

    @Test func aFilledHoneypotStoresNothing() async throws {
        try await withTestApp { client, store, workspace, key, _ in
            _ = try await Self.publish(client, key: key)
            let page = try await client.execute(uri: "/f/request-a-demo", method: .get).text
            let (headers, body) = Self.form([
                ("_session", Self.hidden("_session", in: page)!), ("_token", Self.hidden("_token", in: page)!),
                ("_step", "contact"), ("email", "bot@spam.example"), ("website", "http://spam.example"),
            ])
            let response = try await client.execute(uri: "/f/request-a-demo/steps", method: .post, headers: headers, body: body)
            #expect(response.status == .ok && response.text.contains("Thank you"))
            let session = try await store.formSession(Identifier(Self.hidden("_session", in: page)!))
            #expect(session?.plan.stepID == "contact" && session?.answers.isEmpty == true)
            try #expect(try await store.lead(email: "bot@spam.example", in: workspace.id) == nil)
        }
    }

    @Test func theJSONAPIEmbedsWithCORSForTheFormsOrigins() async throws {
        try await withTestApp { client, store, workspace, key, _ in
            var definition = FormDefinition.example(slug: "embedded")
            definition.embedOrigins = ["https://www.customer.example"]
            _ = try await Self.publish(client, key: key, definition)
            let origin: HTTPFields = [.origin: "https://www.customer.example", .contentType: "application/json"]
            let started = try await client.execute(
                uri: "/f/embedded/session", method: .post, headers: origin, body: ByteBuffer(string: #"{"unit":"visitor-9"}"#))
            #expect(started.status == .created && started.headers[.accessControlAllowOrigin] == "https://www.customer.example")
            let body = try started.json(JSONValue.self)
            let session = try #require(body.field("sessionId")?.textValue), token = try #require(body.field("token")?.textValue)
            #expect(body.field("step")?.field("stepID") == "contact")
            let page = try await client.execute(uri: "/f/embedded", method: .get)
            #expect(page.headers[.contentSecurityPolicy]?.contains("frame-ancestors https://www.customer.example") == true)
            #expect(page.headers[HTTPField.Name("X-Frame-Options")!] == nil, "framing is allowed for the embed origin")

            let stranger = try await client.execute(
                uri: "/f/embedded/session", method: .post,
                headers: [.origin: "https://evil.example", .contentType: "application/json"], body: ByteBuffer(string: "{}"))
            #expect(stranger.headers[.accessControlAllowOrigin] == nil)
            let preflight = try await client.execute(
                uri: "/f/embedded/next", method: .options,
                headers: [.origin: "https://www.customer.example", .accessControlRequestMethod: "POST"])
            #expect(
                preflight.status == .noContent && preflight.headers[.accessControlAllowMethods] == "POST", "\(preflight.status) \(preflight.text)")

            let invalid = try await client.execute(
                uri: "/f/embedded/next", method: .post, headers: origin,
                body: ByteBuffer(
                    string: """
                        {"sessionId":"\(session)","token":"\(token)","answers":{"email":"nope"}}
                        """))
            try #expect(invalid.status == .unprocessableContent && (try invalid.json(JSONValue.self)).field("errors")?.arrayValue?.count == 1)
            let events = try await client.execute(
                uri: "/f/embedded/events", method: .post, headers: origin,
                body: ByteBuffer(
                    string: """
                        {"sessionId":"\(session)","token":"\(token)","events":[{"type":"focus","field":"email","t":1000},{"type":"input","field":"email","t":1500}]}
                        """))
            try #expect(events.status == .accepted && (try events.json(JSONValue.self)).field("stored") == 2)
            let next = try await client.execute(
                uri: "/f/embedded/next", method: .post, headers: origin,
                body: ByteBuffer(
                    string: """
                        {"sessionId":"\(session)","token":"\(token)","answers":{"email":"eve@customer.example"}}
                        """))
            try #expect(next.status == .ok && (try next.json(JSONValue.self)).field("step")?.field("stepID") == "team")
            let answers = #"{"team_size": 2}"#
            let guide = try await client.execute(
                uri: "/f/embedded/next", method: .post, headers: origin,
                body: ByteBuffer(
                    string: """
                        {"sessionId":"\(session)","token":"\(token)","answers":\(answers)}
                        """))
            try #expect((try guide.json(JSONValue.self)).field("step")?.field("stepID") == "guide")
            let done = try await client.execute(
                uri: "/f/embedded/next", method: .post, headers: origin,
                body: ByteBuffer(
                    string: """
                        {"sessionId":"\(session)","token":"\(token)","answers":{"guide_consent":true}}
                        """))
            let result = try done.json(JSONValue.self)
            #expect(result.field("completed") == true && result.field("leadId")?.textValue != nil)
            try #expect(try await store.lead(email: "eve@customer.example", in: workspace.id) != nil)
            let missing = try await client.execute(uri: "/f/nothing-here", method: .get, headers: [.accept: "text/html"])
            #expect(missing.status == .notFound)
        }
    }

    @Test func experimentsBucketAsGrowthBookDoes() async throws {
        try await withTestApp { client, _, _, key, _ in
            let id = try await Self.publish(client, key: key)
            let bad = try await client.execute(
                uri: "/v1/experiments", method: .post, headers: bearer(key),
                body: ByteBuffer(
                    string: """
                        {"formId":"\(id)","key":"Bad Key","variants":[{"id":"static","weight":1}]}
                        """))
            try #expect(bad.status == .badRequest && (try bad.json(ErrorBody.self)).error.message.contains("key:"))
            let created = try await client.execute(
                uri: "/v1/experiments", method: .post, headers: bearer(key),
                body: ByteBuffer(
                    string: """
                        {"formId":"\(id)","key":"demo_flow","seed":"seed","variants":[{"id":"static","weight":0.5},{"id":"adaptive","weight":0.5}]}
                        """))
            #expect(created.status == .created, "\(created.text)")
            let experiment = try #require(try created.json(JSONValue.self).field("id")?.textValue)
            let assignment = try await client.execute(uri: "/v1/experiments/\(experiment)/assignment?unit=a", method: .get, headers: bearer(key))
            let value = try assignment.json(JSONValue.self)
            #expect(
                value.field("hash") == .number(0.0505) && value.field("inExperiment") == true && value.field("variant") == "static",
                "GrowthBook's vector: seed \"seed\", unit \"a\", v2 → 0.0505")
            let started = try await client.execute(
                uri: "/f/request-a-demo/session", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"unit":"a"}"#))
            try #expect((try started.json(JSONValue.self)).field("variant") == "static", "the session lands where the assignment says")
            let results = try await client.execute(uri: "/v1/experiments/\(experiment)/results", method: .get, headers: bearer(key))
            let body = try results.json(JSONValue.self)
            #expect(body.field("sampleRatio")?.field("status") == "not_enough_traffic")
            #expect(body.field("variants")?.arrayValue?.first?.field("sessions") == 1)
            let noUnit = try await client.execute(uri: "/v1/experiments/\(experiment)/assignment", method: .get, headers: bearer(key))
            #expect(noUnit.status == .badRequest)
        }
    }
}
