import Foundation
import ReplywrightTesting
import Testing

/// `scripts/scenario-crash.py` in its short form: inbound webhooks from 8 senders while a
/// worker (PostgreSQL) or the server (SQLite) and then the server are killed with SIGKILL and
/// started again; in the end exactly one message and one draft per webhook, no job dead and no
/// message answered twice. The 1,000-webhook numbers are in docs/reliability.md.
@Suite("Crash under load", .serialized)
struct CrashScenarioTests {
    @Test func sqliteServeKilledTwiceLosesNothing() async throws {
        try await Self.scenario(["--engine", "sqlite"])
    }

    @Test(.enabled(if: TestDatabases.postgresAdminLocation != nil, "needs \(TestDatabases.postgresURLVariable)"))
    func postgresWorkerAndServerKilledLoseNothing() async throws {
        let url = try #require(ProcessInfo.processInfo.environment[TestDatabases.postgresURLVariable])
        try await Self.scenario(["--engine", "postgres", "--database", url])
    }

    static func scenario(_ arguments: [String]) async throws {
        let result = try await CLIProcess.run(
            ["python3", CLIProcess.script("scenario-crash.py"), "--webhooks", "200", "--binary", CLIProcess.binaryURL.path] + arguments,
            program: URL(fileURLWithPath: "/usr/bin/env"), timeout: .seconds(240))
        #expect(result.status == 0, "\(result.stdout)\(result.stderr.suffix(1500))")
        #expect(result.stdout.contains("stored: 200 messages, 200 drafts, messages answered by two drafts: 0"), "\(result.stdout)")
        #expect(result.stdout.contains("killed (SIGKILL, started again 2 s later): "), "\(result.stdout)")
    }
}
