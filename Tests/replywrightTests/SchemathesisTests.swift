import Foundation
import ReplywrightCore
import ReplywrightStore
import ReplywrightTesting
import Testing

let schemathesisAvailable = CLIProcess.succeeds(["st", "--version"])

/// `schemathesis` (PyPI) generates requests from `/openapi.json` against a running
/// `replywright serve` with a real API key: no 5xx, and every response matches the document
/// (status code, content type, body schema).
@Suite("API fuzzed from its OpenAPI document", .serialized, .enabled(if: schemathesisAvailable, "needs schemathesis (pip install schemathesis)"))
struct SchemathesisTests {
    @Test func generatedRequestsGetDocumentedAnswers() async throws {
        try await TestDatabases.withLocation(.sqlite) { location in
            let key = try await DatabaseConnector.withStore(location, logger: TestDatabases.logger) { store in
                let (workspace, key) = try await Fixtures.workspace(store)
                _ = try await store.upsertLead(LeadProfile(email: "maya@brightline.example", firstName: "Maya"), in: workspace.id)
                return key.secret
            }
            let server = try CLIProcess.start(
                ["serve", "--database", location.rawURL, "--port", "0", "--no-workers"],
                environment: ["REPLYWRIGHT_RATE_LIMIT_KEY": "off", "REPLYWRIGHT_RATE_LIMIT_IP": "off"])
            defer { server.kill() }
            var base: String?
            try await waitUntil("the server listens") {
                base = server.stdoutSoFar.firstMatch(of: /listening on (http:\/\/[0-9.:]+)/).map { String($0.output.1) }
                return base != nil
            }
            let run = try await CLIProcess.run(
                [
                    "st", "run", "\(try #require(base))/openapi.json", "-H", "Authorization: Bearer \(key)",
                    "--checks", "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance",
                    "--max-examples", "50", "--seed", "1",
                ],
                program: URL(fileURLWithPath: "/usr/bin/env"), timeout: .seconds(300))
            #expect(run.status == 0, "\(run.stdout.suffix(4000))")
            // Exit 0 means no check failed; the summary says how many cases ran (all passing).
            let summary = run.stdout.firstMatch(of: /(\d+) generated, (\d+) passed/)
            #expect(
                summary != nil && summary?.output.1 == summary?.output.2 && Int(summary?.output.1 ?? "") ?? 0 > 1_000, "\(run.stdout.suffix(1500))")
        }
    }
}
