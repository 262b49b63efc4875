import Foundation
import ReplywrightTesting
import Testing

/// `scripts/scenario-llm-faults.py` in its short form: `serve` drafting through a fake
/// OpenAI-compatible server that faults 30 % of calls (429 with and without `Retry-After`, 500,
/// 503, hangs past the deadline, truncated, schema-breaking and non-JSON answers) plus a short
/// full outage: every draft completes (model tier, retries or the rules fallback), no job dies,
/// and the breaker's opening shows in `/metrics`. The 300-draft numbers are in docs/reliability.md.
@Suite("LLM fault storm", .serialized)
struct LLMFaultStormTests {
    @Test func everyDraftCompletesAndTheBreakerShowsInTheMetrics() async throws {
        let result = try await CLIProcess.run(
            [
                "python3", CLIProcess.script("scenario-llm-faults.py"), "--drafts", "120", "--rate", "4", "--burst", "8", "--burst-at", "0.05",
                "--binary", CLIProcess.binaryURL.path,
            ], program: URL(fileURLWithPath: "/usr/bin/env"), timeout: .seconds(300))
        #expect(result.status == 0, "\(result.stdout)\(result.stderr.suffix(1500))")
        #expect(result.stdout.contains("drafts 120 of 120"), "\(result.stdout)")
        #expect(result.stdout.contains("draft jobs 120, dead 0"), "\(result.stdout)")
        #expect(result.stdout.contains(/breaker \(from \/metrics\): opened [1-9]/), "the outage opens the breaker: \(result.stdout)")
    }
}
