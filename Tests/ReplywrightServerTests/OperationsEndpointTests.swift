import Foundation
import Hummingbird
import HummingbirdTesting
import ReplywrightTesting
import Testing

@Suite("Health, metrics, request ids and errors")
struct OperationsEndpointTests {
    @Test func healthEndpointsNeedNoKey() async throws {
        try await withTestApp { client, _, _, _, _ in
            try await client.execute(uri: "/health/live", method: .get) { response in
                #expect(response.status == .ok && response.text == #"{"status":"ok"}"#)
            }
            try await client.execute(uri: "/health/ready", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("\"status\":\"ready\"") && response.text.contains("\"database\":\"sqlite\""))
            }
        }
    }

    @Test func metricsCountRequestsAndQueueDepth() async throws {
        try await withTestApp { client, _, _, key, _ in
            _ = try await client.execute(uri: "/v1/webhooks/inbound", method: .post, headers: bearer(key), body: ByteBuffer(string: inboundJSON()))
            _ = try await client.execute(uri: "/v1/webhooks/inbound", method: .post, headers: bearer(key), body: ByteBuffer(string: "{"))
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                let text = response.text
                #expect(text.contains(#"replywright_http_requests_total{method="POST",route="/v1/webhooks/inbound",status="202"} 1"#))
                #expect(text.contains(#"replywright_http_requests_total{method="POST",route="/v1/webhooks/inbound",status="400"} 1"#))
                #expect(text.contains(#"replywright_queue_jobs{state="queued"} 1"#))
                #expect(text.contains("replywright_http_request_duration_seconds_bucket"))
            }
        }
    }

    @Test func everyResponseCarriesARequestId() async throws {
        try await withTestApp { client, _, _, _, _ in
            try await client.execute(uri: "/health/live", method: .get) { response in
                #expect((response.headers[.init("X-Request-Id")!]?.count ?? 0) >= 16)
            }
            try await client.execute(uri: "/health/live", method: .get, headers: [.init("X-Request-Id")!: "trace-abc.123"]) { response in
                #expect(response.headers[.init("X-Request-Id")!] == "trace-abc.123")
            }
            try await client.execute(uri: "/health/live", method: .get, headers: [.init("X-Request-Id")!: "bad id with spaces"]) { response in
                #expect(response.headers[.init("X-Request-Id")!] != "bad id with spaces")
            }
            try await client.execute(uri: "/v1/leads", method: .get) { response in
                #expect(response.status == .unauthorized && response.headers[.init("X-Request-Id")!] != nil)
            }
        }
    }

    @Test func unknownRoutesAndBadQueriesAreJSONErrors() async throws {
        try await withTestApp { client, _, _, key, _ in
            try await client.execute(uri: "/nope", method: .get) { response in
                #expect(response.status == .notFound)
                let errorBody = try response.json(ErrorBody.self)
                #expect(errorBody.error.code == "not_found")
            }
            try await client.execute(uri: "/v1/leads?limit=abc", method: .get, headers: bearer(key)) { response in
                #expect(response.status == .badRequest)
                let errorBody = try response.json(ErrorBody.self)
                #expect(errorBody.error.message.contains("'limit'"))
            }
        }
    }
}
