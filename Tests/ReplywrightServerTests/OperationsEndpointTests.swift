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
                #expect(text.contains("replywright_database_up 1"), "the database answered this scrape")
                #expect(text.contains("replywright_queue_oldest_ready_age_seconds "), "the job just queued is due")
                let resident = text.firstMatch(of: /replywright_process_resident_memory_bytes ([0-9.e+]+)/).flatMap { Double($0.output.1) }
                #expect((resident ?? 0) > 1_000_000, "a real number from /proc/self/statm")

                // Every series the alert rules and the Grafana dashboard watch is one the product
                // emits: here, or (for series that appear on an event: a job run, a model call,
                // a breaker's change) by name in the source that emits it.
                let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                let watchers = try ["deploy/prometheus/alerts.yml", "deploy/grafana/replywright.json"].map {
                    try String(contentsOf: root.appendingPathComponent($0), encoding: .utf8)
                }
                let watched = Set(
                    watchers.flatMap { $0.matches(of: /replywright_[a-z_]+/) }.map { String($0.output).replacing(/_bucket$/, with: "") })
                let llmMetrics = "Sources/ReplywrightLLM/Gateway/LLMMetrics.swift"
                let onEvents = [
                    "replywright_jobs_total": "Sources/ReplywrightEngine/Jobs/JobWorker.swift",
                    "replywright_job_duration_seconds": "Sources/ReplywrightEngine/Jobs/JobWorker.swift",
                    "replywright_llm_breaker_open": "Sources/ReplywrightLLM/Resilience/CircuitBreaker.swift",
                    "replywright_ai_interactions_total": llmMetrics, "replywright_ai_tokens_total": llmMetrics,
                    "replywright_ai_cost_usd_total": llmMetrics,
                ]
                #expect(watched.count >= 12, "\(watched)")
                for name in watched {
                    if let file = onEvents[name] {
                        let source = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
                        #expect(source.contains("\"\(name)\""), "\(name) is emitted by \(file)")
                    } else {
                        #expect(text.contains(name + " ") || text.contains(name + "{"), "\(name) watched but not in /metrics")
                    }
                }
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
