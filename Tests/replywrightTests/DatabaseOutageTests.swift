import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ReplywrightCore
import ReplywrightTesting
import Testing

@testable import ReplywrightStore

/// The database goes away under a running `serve`: the API answers 503 with `Retry-After` and
/// the error shape (never 500, never a hang), liveness stays up, readiness fails, and once the
/// database is back processing resumes without a restart and nothing is half-written.
@Suite("Database outages", .serialized)
struct DatabaseOutageTests {
    /// A helper process driven by lines on its stdin (the TCP forwarder, the SQLite lock holder).
    static func helper(_ arguments: [String]) throws -> CLIProcess.Running {
        try CLIProcess.start(arguments, program: URL(fileURLWithPath: "/usr/bin/env"), input: true)
    }

    /// Sends `line` and waits until the helper has printed `answer`.
    static func send(_ line: String, to helper: CLIProcess.Running, expect answer: String) async throws {
        helper.send(line)
        try await waitUntil("the helper says \(answer)") { helper.stdoutSoFar.contains(answer) }
    }

    struct Answer {
        var status: UInt
        var retryAfter: String?
        var body: String
    }

    static func call(_ method: HTTPMethod, _ url: String, key: String?, body: String? = nil) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        // Far above the 5 s the server waits for a connection: a hang fails the test.
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        return Answer(status: response.status.code, retryAfter: response.headers.first(name: "Retry-After"), body: text)
    }

    static func inbound(_ id: String) -> String {
        #"{"lead":{"email":"outage@example.com","firstName":"Ola"},"message":{"id":"\#(id)","channel":"email","body":"How much is it?","occurredAt":"2026-12-01T10:00:00Z"}}"#
    }

    /// Creates a workspace and key on `location` (migrating it), starts `serve --no-workers` on
    /// `served` (the same database, maybe through the forwarder), runs `body` with its URL.
    static func withServer(
        database location: DatabaseLocation, served: DatabaseLocation, _ body: (_ base: String, _ key: String) async throws -> Void
    ) async throws {
        let key = try await DatabaseConnector.withStore(location, logger: TestDatabases.logger) { store in
            let workspace = try await store.createWorkspace(name: "Outage")
            return try await store.issueAPIKey(for: workspace.id, name: "test").secret
        }
        let server = try CLIProcess.start(["serve", "--no-workers", "--port", "0", "--database", served.rawURL])
        defer { server.kill() }
        var base: String?
        try await waitUntil("the server listens") {
            base = server.stdoutSoFar.firstMatch(of: /listening on (http:\/\/[0-9.:]+)/).map { String($0.output.1) }
            return base != nil
        }
        try await body(try #require(base), key)
    }

    @Test(.enabled(if: TestDatabases.postgresAdminLocation != nil, "needs REPLYWRIGHT_TEST_POSTGRES_URL"))
    func aPostgresOutageIs503AndProcessingResumes() async throws {
        try await TestDatabases.withLocation(.postgres) { location in
            guard case .postgres(let direct) = location else { return }
            let forwarder = try Self.helper(["python3", CLIProcess.script("tcp-cut.py"), "--target", "\(direct.host):\(direct.port)"])
            defer { forwarder.stop() }
            try await waitUntil("the forwarder listens") { forwarder.stdoutSoFar.contains("listening ") }
            let port = try #require(forwarder.stdoutSoFar.firstMatch(of: /listening ([0-9]+)/).flatMap { Int($0.output.1) })
            var proxied = direct
            (proxied.host, proxied.port) = ("127.0.0.1", port)
            try await Self.withServer(database: location, served: .postgres(proxied)) { base, key in
                let first = try await Self.call(.POST, base + "/v1/webhooks/inbound", key: key, body: Self.inbound("m-1"))
                #expect(first.status == 202, "\(first.body)")

                try await Self.send("cut", to: forwarder, expect: "ok cut")
                for (method, path, body) in [
                    (HTTPMethod.GET, "/v1/leads", nil), (.POST, "/v1/webhooks/inbound", Self.inbound("m-2")), (.GET, "/health/ready", nil),
                ] {
                    let answer = try await Self.call(method, base + path, key: key, body: body)
                    #expect(answer.status == 503 && answer.retryAfter == "5", "\(path): \(answer.status) \(answer.body)")
                    #expect(
                        answer.body.contains(#""code":"database_unavailable""#) || answer.body.contains(#""code":"unavailable""#), "\(answer.body)")
                }
                #expect(try await Self.call(.GET, base + "/health/live", key: nil).status == 200, "the process itself is fine")

                try await Self.send("restore", to: forwarder, expect: "ok restore")
                var again = Answer(status: 0, retryAfter: nil, body: "")
                try await waitUntil("the API works again without a restart") {
                    again = try await Self.call(.POST, base + "/v1/webhooks/inbound", key: key, body: Self.inbound("m-2"))
                    return again.status != 503
                }
                #expect(again.status == 202 && again.body.contains(#""duplicate":false"#), "the refused message was not half-stored: \(again.body)")
            }
            try await Self.expectWholeMessages(location, count: 2)
        }
    }

    /// SQLite held locked by another process past `busy_timeout`: writes answer 503 with
    /// `Retry-After`, reads go on (WAL), and after the lock the same message is stored once.
    @Test func aLockedSQLiteFileIs503AndProcessingResumes() async throws {
        try await TestDatabases.withLocation(.sqlite) { location in
            guard case .sqlite(let path) = location else { return }
            try await Self.withServer(database: location, served: location) { base, key in
                let locker = try Self.helper([
                    "python3", "-c",
                    """
                    import sqlite3, sys
                    db = sqlite3.connect(sys.argv[1], isolation_level=None)
                    db.execute('BEGIN EXCLUSIVE'); print('locked', flush=True)
                    sys.stdin.readline(); db.execute('ROLLBACK'); print('released', flush=True)
                    sys.stdin.readline()
                    """,
                    path,
                ])
                defer { locker.stop() }
                try await waitUntil("the other process holds the lock") { locker.stdoutSoFar.contains("locked") }
                let refused = try await Self.call(.POST, base + "/v1/webhooks/inbound", key: key, body: Self.inbound("m-1"))
                #expect(refused.status == 503 && refused.retryAfter == "5", "\(refused.status) \(refused.body)")
                #expect(refused.body.contains("the database is locked by another process; try again shortly"), "\(refused.body)")
                #expect(try await Self.call(.GET, base + "/v1/leads", key: key).status == 200, "readers are not blocked")

                try await Self.send("release", to: locker, expect: "released")
                let stored = try await Self.call(.POST, base + "/v1/webhooks/inbound", key: key, body: Self.inbound("m-1"))
                #expect(stored.status == 202 && stored.body.contains(#""duplicate":false"#), "\(stored.body)")
            }
            try await Self.expectWholeMessages(location, count: 1)
        }
    }

    /// Every stored message has its draft job: nothing half-written.
    static func expectWholeMessages(_ location: DatabaseLocation, count: Int) async throws {
        try await DatabaseConnector.withStore(location, logger: TestDatabases.logger) { store in
            let (messages, jobs) = try await store.read { db in
                let messages = try await db.raw("SELECT COUNT(*) AS n FROM messages").first()?.decode(column: "n", as: Int.self) ?? -1
                let jobs =
                    try await db.raw("SELECT COUNT(*) AS n FROM jobs WHERE kind = 'draft.reply'").first()?.decode(column: "n", as: Int.self) ?? -1
                return (messages, jobs)
            }
            #expect(messages == count && jobs == count, "\(messages) messages, \(jobs) draft jobs")
        }
    }
}
