import Foundation
import ReplywrightCore
import ReplywrightLLM
import ReplywrightTesting
import Testing

@testable import ReplywrightStore

/// `replywright doctor` against the fake OpenAI server, as a real subprocess.
@Suite("doctor: LLM provider check")
struct DoctorLLMTests {
    func database() throws -> (arguments: [String], path: String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rw-doctor-\(UUID().uuidString).sqlite").path
        return (["--database", "sqlite:\(path)"], path)
    }

    @Test func healthyProviderPrintsLatencyAndTokensAndRecordsTheCall() async throws {
        let (database, path) = try database()
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try await CLIProcess.run(["migrate"] + database).status == 0)
        let server = FakeOpenAIServer(models: ["fake-local", "other"])
        server.enqueue(.reply("{\"ok\": true, \"word\": \"ready\"}", usage: .init(input: 31, cachedInput: 0, output: 9, reasoning: 0)))
        let output = try await server.run { endpoint in
            try await CLIProcess.run(["doctor", "--llm-base-url", endpoint.baseURL, "--model", "fake-local"] + database)
        }
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(output.stdout.contains("llm        chat API at http://127.0.0.1:"))
        #expect(output.stdout.contains("2 model(s) listed, including fake-local"))
        #expect(output.stdout.contains("31 input (0 cached), 9 output (0 reasoning) tokens"))
        #expect(server.received.map(\.path) == ["/v1/models", "/v1/chat/completions"])
        #expect(server.received[1].body.field("response_format")?.field("type") == "json_schema")

        #expect(output.stdout.contains("all checks passed"))
        // Doctor calls belong to no workspace, so no API listing shows them; the row is there.
        let rows = try await DatabaseConnector.withStore(.sqlite(path: path), logger: TestDatabases.logger) { store in
            try await store.read { db in
                try await db.raw("SELECT feature_id, input_tokens FROM ai_interactions WHERE workspace_id IS NULL").all()
            }
        }
        #expect(rows.count == 1)
        #expect(try rows.first?.decode(column: "feature_id", as: String.self) == "doctor")
        #expect(try rows.first?.decode(column: "input_tokens", as: Int.self) == 31)
    }

    @Test func failingProviderExitsNonZeroWithTheReason() async throws {
        let (database, path) = try database()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let server = FakeOpenAIServer()
        server.enqueue(.status(401, message: "Incorrect API key provided"))
        let output = try await server.run { endpoint in
            try await CLIProcess.run(["doctor", "--llm-base-url", endpoint.baseURL, "--llm-api-key", "sk-wrong"] + database)
        }
        #expect(output.status == 1)
        #expect(output.stdout.contains("FAIL     llm_unauthorized: provider refused the API key (HTTP 401): Incorrect API key provided"))
        #expect(!output.stdout.contains("sk-wrong") && !output.stderr.contains("sk-wrong"), "the key is never printed")
        #expect(output.stderr.contains("LLM provider"))

        let unreachable = try await CLIProcess.run(["doctor", "--llm-base-url", "http://127.0.0.1:9/v1"] + database)
        #expect(
            unreachable.status == 1
                && unreachable.stdout.contains(
                    "FAIL     llm_connection: connection_refused: the server refused the connection (is it running, and is the port right?)"),
            "in words, not NIO's description: \(unreachable.stdout)")
        #expect(!unreachable.stdout.contains("errno") && !unreachable.stdout.contains("127.0.0.1:9)"))
    }
}
