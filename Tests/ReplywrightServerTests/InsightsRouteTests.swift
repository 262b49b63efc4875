import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Prometheus
import ReplywrightCore
import ReplywrightEngine
import ReplywrightServer
import ReplywrightStore
import ReplywrightTesting
import Testing

@Suite("Import and insights API")
struct InsightsRouteTests {
    struct ImportDTO: Decodable {
        struct LineError: Decodable {
            var line: Int
            var message: String
        }
        var id: String
        var state: String
        var lines: Int
        var leads: Int
        var messages: Int
        var bookings: Int
        var duplicates: Int
        var errors: Int
        var errorLines: [LineError]
    }

    struct Row: Decodable {
        var sender: String?
        var channel: String?
        var key: String?
        var booked: Int
        var notBooked: Int
        var pending: Int
        var bookedRate: Double?
        var interval: [Double]?
    }

    struct ReportDTO: Decodable {
        struct Sample: Decodable {
            struct Message: Decodable {
                var id: String
                var snippet: String
            }
            var messages: [Message]
        }
        struct Parameters: Decodable {
            var attributionDays: Int
            var maturityDays: Int
        }
        var id: String
        var parameters: Parameters
        var parametersHash: String
        var segments: [Row]
        var withinChannel: [Row]
        var totals: Row
        var sample: Sample
    }

    /// Two leads: Maya booked after a setter's SMS; Ben was answered by an approved AI draft and
    /// never booked. One bad line, one blank line.
    static let history = """
        {"type": "lead", "email": "maya@brightline.example", "firstName": "Maya", "company": "Brightline"}
        {"type": "message", "id": "m1", "leadEmail": "maya@brightline.example", "direction": "outbound", "channel": "email", "sender": "ai", "disposition": "APPROVED", "occurredAt": "2026-09-01T09:00:00Z", "body": "Hi Maya, quick idea for Brightline."}
        {"type": "message", "id": "m2", "leadEmail": "maya@brightline.example", "direction": "inbound", "channel": "email", "sender": "lead", "occurredAt": "2026-09-01T10:00:00Z", "body": "How much is it? Call me on +1 415 555 0100."}
        {"type": "message", "id": "m3", "leadEmail": "maya@brightline.example", "direction": "outbound", "channel": "sms", "sender": "setter", "sentByEmail": "nobody@else.example", "occurredAt": "2026-09-01T10:04:00Z", "body": "Maya, it is $49 a seat. Tuesday 2pm?"}
        {"type": "booking", "id": "b1", "leadEmail": "maya@brightline.example", "status": "booked", "bookedAt": "2026-09-02T08:00:00Z"}
        {"type": "message", "id": "m4", "leadEmail": "ben@north.example", "direction": "outbound", "channel": "email", "sender": "ai", "disposition": "APPROVED", "occurredAt": "2026-09-03T09:00:00Z", "body": "Hi Ben, worth a look?"}
        {"type": "message", "id": "m5", "leadEmail": "ben@north.example", "direction": "sideways", "channel": "email", "sender": "ai", "occurredAt": "2026-09-03T09:00:00Z", "body": "x"}

        {"type": "booking", "id": "b2", "leadEmail": "ben@north.example", "status": "canceled", "bookedAt": "2026-09-04T08:00:00Z"}
        """

    @Test func importIsIdempotentAndReportsBadLines() async throws {
        try await withTestApp { client, store, workspace, key, _ in
            let first = try await client.execute(uri: "/v1/import", method: .post, headers: bearer(key), body: ByteBuffer(string: Self.history))
            #expect(first.status == .created)
            let run = try first.json(ImportDTO.self)
            #expect(run.state == "completed" && run.lines == 9)
            #expect(run.leads == 1 && run.messages == 4 && run.bookings == 2)
            #expect(run.errors == 1 && run.errorLines.first?.line == 7)
            #expect(run.errorLines.first?.message.contains("direction") == true, "the error names the field: \(run.errorLines)")

            let again = try await client.execute(uri: "/v1/import", method: .post, headers: bearer(key), body: ByteBuffer(string: Self.history))
                .json(ImportDTO.self)
            #expect(again.leads == 0 && again.messages == 0 && again.bookings == 0 && again.duplicates == 7, "a re-import changes nothing")
            let shown = try await client.execute(uri: "/v1/import/\(run.id)", method: .get, headers: bearer(key)).json(ImportDTO.self)
            #expect(shown.messages == 4)

            let maya = try #require(try await store.lead(email: "maya@brightline.example", in: workspace.id))
            #expect(maya.appointmentStatus == .booked)
            let messages = try await store.messages(leadID: maya.id, in: workspace.id)
            #expect(messages.map(\.externalID) == ["m1", "m2", "m3"])

            // Setter keys may not import.
            let setter = try await store.issueAPIKey(for: workspace.id, name: "setter", role: .setter)
            let refused = try await client.execute(
                uri: "/v1/import", method: .post, headers: bearer(setter.secret), body: ByteBuffer(string: Self.history))
            #expect(refused.status == .forbidden)
        }
    }

    @Test func reportCreditsTheLastMessageAndHidesSnippetsFromSetters() async throws {
        try await withTestApp { client, store, workspace, key, _ in
            _ = try await client.execute(uri: "/v1/import", method: .post, headers: bearer(key), body: ByteBuffer(string: Self.history))
            let request = #"{"from": "2026-08-01T00:00:00Z", "to": "2026-10-01T00:00:00Z", "asOf": "2026-11-01T00:00:00Z"}"#
            let created = try await client.execute(
                uri: "/v1/insights/reports", method: .post, headers: bearer(key), body: ByteBuffer(string: request))
            #expect(created.status == .created)
            let report = try created.json(ReportDTO.self)
            #expect(report.parameters.attributionDays == 14 && report.parameters.maturityDays == 7)
            #expect(report.totals.booked == 1 && report.totals.notBooked == 2)
            let setterSMS = try #require(report.segments.first { $0.sender == "setter" && $0.channel == "sms" })
            #expect(setterSMS.booked == 1 && setterSMS.bookedRate == 1)
            let aiEmail = try #require(report.segments.first { $0.sender == "ai_approved" && $0.channel == "email" })
            #expect(aiEmail.booked == 0 && aiEmail.notBooked == 2, "Maya's first email lost the credit to the SMS; Ben canceled")
            let within = try #require(report.withinChannel.first { $0.sender == "ai_approved" && $0.channel == "email" })
            #expect(within.booked == 1, "within email, Maya's booking credits the email")
            #expect(!report.sample.messages.isEmpty)
            #expect(report.sample.messages.allSatisfy { !$0.snippet.contains("Maya") && !$0.snippet.contains("555") }, "snippets are redacted")

            // Same parameters, same data → the same bytes (bar id and time).
            let second = try await client.execute(uri: "/v1/insights/reports", method: .post, headers: bearer(key), body: ByteBuffer(string: request))
            let strip = { (text: String) in
                text.replacingOccurrences(of: #""createdAt":"[^"]*","#, with: "", options: .regularExpression)
                    .replacingOccurrences(of: #""id":"[^"]*","#, with: "", options: .regularExpression)
            }
            #expect(strip(created.text) == strip(second.text))

            let csv = try await client.execute(uri: "/v1/insights/reports/\(report.id).csv", method: .get, headers: bearer(key))
            #expect(csv.status == .ok && csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.text.contains("sender_channel,setter,sms,,1,1,0,0,0,1.0,"))

            let setter = try await store.issueAPIKey(for: workspace.id, name: "setter", role: .setter)
            let seen = try await client.execute(uri: "/v1/insights/reports/\(report.id)", method: .get, headers: bearer(setter.secret)).json(
                ReportDTO.self)
            #expect(seen.sample.messages.isEmpty && seen.totals.booked == 1, "aggregates for everyone, snippets for admins")

            let (other, otherKey) = try await Fixtures.workspace(store, name: "Other")
            _ = other
            let foreign = try await client.execute(uri: "/v1/insights/reports/\(report.id)", method: .get, headers: bearer(otherKey.secret))
            #expect(foreign.status == .notFound)
            let bad = try await client.execute(
                uri: "/v1/insights/reports", method: .post, headers: bearer(key),
                body: ByteBuffer(string: #"{"from": "2026-10-01T00:00:00Z", "to": "2026-08-01T00:00:00Z"}"#))
            #expect(bad.status == .badRequest)
        }
    }
}

@Suite("Insights cron and proposals API")
struct InsightsCronRouteTests {
    struct Outcome: Decodable {
        struct Done: Decodable {
            var workspaceId: String
            var reportId: String?
        }
        var done: [Done]
        var remaining: Int
    }

    func withCronApp(secret: String?, _ body: @escaping @Sendable (any TestClientProtocol, SQLStore, Workspace, String) async throws -> Void)
        async throws
    {
        try await TestDatabases.withStore(.sqlite) { store in
            let (workspace, key) = try await Fixtures.workspace(store)
            let registry = PrometheusCollectorRegistry()
            let router = ReplywrightHTTP.buildRouter(
                ServerDependencies(
                    store: store, metrics: PrometheusMetricsFactory(registry: registry), prometheus: registry, logger: TestDatabases.logger,
                    cronSecret: secret, insightsCronLimit: 1))
            try await Application(router: router, logger: TestDatabases.logger).test(.router) { client in
                try await body(client, store, workspace, key.secret)
            }
        }
    }

    @Test func cronNeedsTheSecretBeforeAnyWork() async throws {
        try await withCronApp(secret: "s3cret-cron") { client, store, workspace, _ in
            _ = try await store.saveInsightsSettings(InsightsSettings(weekly: true), in: workspace.id)
            let (other, _) = try await Fixtures.workspace(store, name: "Second")
            _ = try await store.saveInsightsSettings(InsightsSettings(weekly: true), in: other.id)
            for headers: HTTPFields in [[:], [.authorization: "Bearer wrong"], [HTTPField.Name("x-cron-secret")!: "s3cret-cro"]] {
                let refused = try await client.execute(uri: "/v1/cron/insights/message-performance", method: .post, headers: headers)
                #expect(refused.status == .unauthorized)
            }
            let none = try await store.reports(in: workspace.id, limit: 10).count + store.reports(in: other.id, limit: 10).count
            #expect(none == 0, "no report written without the secret")
            let first = try await client.execute(
                uri: "/v1/cron/insights/message-performance", method: .post,
                headers: [.authorization: "Bearer s3cret-cron"]
            ).json(Outcome.self)
            #expect(first.done.count == 1 && first.remaining == 1, "capped per call, and it says what is left")
            let second = try await client.execute(
                uri: "/v1/cron/insights/message-performance", method: .post,
                headers: [HTTPField.Name("x-cron-secret")!: "s3cret-cron"]
            ).json(Outcome.self)
            #expect(second.done.count == 1 && second.remaining == 0)
            let third = try await client.execute(
                uri: "/v1/cron/insights/message-performance", method: .post,
                headers: [.authorization: "Bearer s3cret-cron"]
            ).json(Outcome.self)
            #expect(third.done.isEmpty && third.remaining == 0, "one report per workspace per weekly slot")
            let reports = try await store.reports(in: workspace.id, limit: 10)
            #expect(reports.count == 1 && reports[0].createdBy == "schedule" && reports[0].synthesis != nil)
        }
    }

    @Test func cronIsOffWithoutASecret() async throws {
        try await withCronApp(secret: nil) { client, _, _, _ in
            let refused = try await client.execute(
                uri: "/v1/cron/insights/message-performance-eval", method: .post,
                headers: [.authorization: "Bearer "])
            #expect(refused.status == .unauthorized)
        }
    }

    @Test func proposalsOverTheAPI() async throws {
        try await withCronApp(secret: nil) { client, store, workspace, key in
            let body =
                #"{"candidate": {"prompt": {"key": "draft.variant.email", "system": "Sign as {{sender_name}}.", "user": "{{inbound}}"}}, "rationale": "shorter"}"#
            let created = try await client.execute(uri: "/v1/insights/proposals", method: .post, headers: bearer(key), body: ByteBuffer(string: body))
            #expect(created.status == .created)
            struct ProposalDTO: Decodable {
                var id: String
                var state: String
            }
            let proposal = try created.json(ProposalDTO.self)
            let bad = try await client.execute(
                uri: "/v1/insights/proposals", method: .post, headers: bearer(key),
                body: ByteBuffer(
                    string:
                        #"{"candidate": {"prompt": {"key": "draft.variant.email", "system": "{{secret_sauce}}", "user": "x"}}, "rationale": "r"}"#))
            #expect(bad.status == .badRequest && bad.text.contains("secret_sauce"))
            let approved = try await client.execute(uri: "/v1/insights/proposals/\(proposal.id)/approve", method: .post, headers: bearer(key))
            #expect(try approved.json(ProposalDTO.self).state == "approved")
            let apply = try await client.execute(uri: "/v1/insights/proposals/\(proposal.id)/apply", method: .post, headers: bearer(key))
            #expect(apply.status == .forbidden, "an API key is never a super-admin")
            let listed = try await client.execute(uri: "/v1/insights/proposals?state=approved", method: .get, headers: bearer(key)).text
            #expect(listed.contains(proposal.id))
            let (_, otherKey) = try await Fixtures.workspace(store, name: "Other")
            let foreign = try await client.execute(uri: "/v1/insights/proposals/\(proposal.id)", method: .get, headers: bearer(otherKey.secret))
            #expect(foreign.status == .notFound)
            _ = workspace
        }
    }
}
