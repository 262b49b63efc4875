import AsyncHTTPClient
import Foundation
import NIOCore
import ReplywrightCore
import ReplywrightStore
import ReplywrightTesting
import Testing

/// `REPLYWRIGHT_OTLP_ENDPOINT`: `serve` sends its spans over OTLP/HTTP to a local receiver, and
/// a webhook's trace runs on through the draft job it queued, the drafting decision and the
/// model calls (a fake OpenAI-compatible server answers them).
@Suite("Traces over OTLP", .serialized)
struct TracingTests {
    @Test func aWebhooksTraceRunsThroughItsJobAndTheModelCalls() async throws {
        let model = FakeOpenAIServer()
        let receiver = OTLPReceiver()
        try await model.run { llm in
            try await receiver.run { otlp in
                try await TestDatabases.withLocation(.sqlite) { location in
                    let key = try await DatabaseConnector.withStore(location, logger: TestDatabases.logger, migrate: true) { store in
                        let workspace = try await store.createWorkspace(name: "Traced")
                        return try await store.issueAPIKey(for: workspace.id, name: "test").secret
                    }
                    let server = try CLIProcess.start(
                        ["serve", "--port", "0", "--database", location.rawURL],
                        environment: [
                            "REPLYWRIGHT_OTLP_ENDPOINT": otlp, "OTEL_BSP_SCHEDULE_DELAY": "100",
                            "REPLYWRIGHT_LLM_BASE_URL": llm.baseURL, "REPLYWRIGHT_LLM_API": "chat", "REPLYWRIGHT_MODEL": "gpt-5.2",
                            "OPENAI_API_KEY": "sk-test-key",
                        ])
                    defer { server.kill() }
                    var base: String?
                    try await waitUntil("the server listens") {
                        base = server.stdoutSoFar.firstMatch(of: /listening on (http:\/\/[0-9.:]+)/).map { String($0.output.1) }
                        return base != nil
                    }
                    var request = HTTPClientRequest(url: try #require(base) + "/v1/webhooks/inbound")
                    request.method = .POST
                    request.headers.add(name: "Authorization", value: "Bearer \(key)")
                    request.headers.add(name: "Content-Type", value: "application/json")
                    request.body = .bytes(
                        ByteBuffer(
                            string:
                                #"{"lead":{"email":"maya@example.com","firstName":"Maya"},"message":{"id":"t-1","channel":"email","body":"How much is it?"}}"#
                        ))
                    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                    #expect(response.status.code == 202)

                    try await waitUntil("the job's spans arrive", timeout: .seconds(60)) {
                        receiver.spans.contains { $0.name == "job draft.reply" } && receiver.spans.contains { $0.name.hasPrefix("llm ") }
                    }
                    let spans = receiver.spans
                    let http = try #require(spans.first { $0.name == "/v1/webhooks/inbound" }, "\(spans.map(\.name))")
                    let job = try #require(spans.first { $0.name == "job draft.reply" })
                    #expect(job.traceID == http.traceID && job.parentSpanID == http.spanID, "the job continues the webhook's trace")
                    let traced = spans.filter { $0.traceID == http.traceID }
                    let decision = try #require(traced.first { $0.name == "decision draft" }, "\(traced.map(\.name))")
                    #expect(decision.parentSpanID == job.spanID, "the drafting decision runs inside the job")
                    let tree = traced.map { span in "\(span.name) <- \(traced.first { $0.spanID == span.parentSpanID }?.name ?? "-")" }
                    let writing = traced.filter { $0.name == "llm draft.strategy" || $0.name == "llm draft.variant" }
                    #expect(!writing.isEmpty && writing.allSatisfy { $0.parentSpanID == decision.spanID }, "\(tree)")
                    // Every model call of the job is somewhere under the job's span.
                    func underJob(_ span: OTLPReceiver.Span) -> Bool {
                        var current = span
                        while let parent = traced.first(where: { $0.spanID == current.parentSpanID }) {
                            if parent.spanID == job.spanID { return true }
                            current = parent
                        }
                        return false
                    }
                    #expect(traced.filter { $0.name.hasPrefix("llm ") }.allSatisfy(underJob), "\(tree)")
                    #expect(traced.contains { $0.name == "decision overseer.gate" }, "the overseer's steps too: \(traced.map(\.name))")
                }
            }
        }
    }
}
