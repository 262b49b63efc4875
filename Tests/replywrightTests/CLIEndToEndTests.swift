import Foundation
import ReplywrightCore
import ReplywrightTesting
import Testing

@testable import ReplywrightStore

/// Runs the real `replywright` binary.
@Suite("replywright CLI", .serialized)
struct CLIEndToEndTests {
    func json(_ text: String) throws -> [String: Any] {
        let line = try #require(text.split(separator: "\n").last.map(String.init))
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test(arguments: TestDatabases.engines)
    func adminCommandsPrintOneJSONObjectEach(engine: DatabaseEngine) async throws {
        try await TestDatabases.withLocation(engine) { location in
            let database = ["--database", location.rawURL]
            let workspace = try await CLIProcess.run(["admin", "create-workspace", "--name", "Acme"] + database)
            #expect(workspace.status == 0, "\(workspace.stderr)")
            let workspaceID = try #require(try json(workspace.stdout)["id"] as? String)

            let user = try await CLIProcess.run(
                ["admin", "create-user", "--workspace", workspaceID, "--email", "Setter@Acme.io", "--role", "setter"] + database,
                environment: ["REPLYWRIGHT_SUPER_ADMINS": "setter@acme.io"])
            #expect(user.status == 0, "\(user.stderr)")
            let userObject = try json(user.stdout)
            #expect(userObject["email"] as? String == "setter@acme.io" && userObject["superAdmin"] as? Bool == true)
            #expect((userObject["password"] as? String)?.count == 16, "a generated password is shown once")

            let key = try await CLIProcess.run(["admin", "create-api-key", "--workspace", workspaceID] + database)
            #expect(key.status == 0)
            let secret = try #require(try json(key.stdout)["key"] as? String)
            #expect(secret.hasPrefix("rw_"))
            #expect(!key.stderr.contains(secret), "the key is not logged")

            let missing = try await CLIProcess.run(["admin", "create-api-key", "--workspace", "nope"] + database)
            #expect(missing.status == 1 && missing.stderr.contains("replywright: workspace not found"))
        }
    }

    @Test func unreachableDatabaseIsOneClearLine() async throws {
        let result = try await CLIProcess.run(["migrate", "--database", "postgres://rw:secret@127.0.0.1:1/rw"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("replywright: cannot connect to postgres://rw:***@127.0.0.1:1/rw"))
        #expect(!result.stderr.contains("secret") && !result.stderr.contains("Backtrace"))
        let badURL = try await CLIProcess.run(["doctor", "--database", "mysql://x"])
        #expect(badURL.status == 1 && badURL.stderr.contains("unsupported database URL"))
        // A PostgreSQL that is not there, and one whose name does not resolve: one sentence each.
        let refused = try await CLIProcess.run(["doctor", "--database", "postgres://rw:secret@127.0.0.1:9/rw?sslmode=disable"])
        #expect(
            refused.status == 1
                && refused.stderr == "replywright: cannot connect to postgres://rw:***@127.0.0.1:9/rw: connection_refused: "
                    + "the server refused the connection (is it running, and is the port right?)\n",
            "\(refused.stderr)")
        let unknown = try await CLIProcess.run(["doctor", "--database", "postgres://rw@no-such-host.invalid:5432/rw?sslmode=disable"])
        #expect(unknown.stderr.hasSuffix("dns: the server's name could not be resolved\n"), "\(unknown.stderr)")
    }

    /// `doctor` says where each setting came from and never prints a secret, wherever it was
    /// set; a misspelt key in the config file fails with the setting it probably meant.
    @Test func doctorShowsSettingsWithoutSecrets() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rw-doctor-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("replywright.json")
        try Data(#"{"openai": {"api": {"key": "sk-file-secret-4242"}}, "replywright": {"modle": "gpt-x", "model": "gpt-ok"}}"#.utf8)
            .write(to: config)
        let cronFile = directory.appendingPathComponent("cron")
        try Data("cron-secret-from-file-777\n".utf8).write(to: cronFile)
        let result = try await CLIProcess.run(
            ["doctor", "--config", config.path, "--database", "sqlite:\(directory.path)/doctor.sqlite"],
            environment: ["CRON_SECRET_FILE": cronFile.path])
        let everything = result.stdout + result.stderr
        for secret in ["sk-file-secret-4242", "cron-secret-from-file-777"] {
            #expect(!everything.contains(secret), "\(secret) printed: \(everything)")
        }
        #expect(result.stdout.contains("OPENAI_API_KEY from file: set (secret, not shown)"), "\(result.stdout)")
        #expect(result.stdout.contains("CRON_SECRET from environment: set (secret, not shown)"))
        #expect(result.stdout.contains("REPLYWRIGHT_MODEL from file: gpt-ok"))
        #expect(result.stdout.contains("replywright.modle in \(config.path) is not a setting; did you mean replywright.model?"))
        #expect(result.status == 1 && result.stderr.contains("1 unknown key(s) in \(config.path)"), "\(result.stderr)")
    }

    /// After a rollback to an older binary, `migrate` and `doctor` on the newer database say so
    /// in one line and exit 1 (and `serve`, which migrates on start, the same).
    @Test func anOlderBinaryRefusesANewerDatabase() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rw-newer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let location = DatabaseLocation.sqlite(path: directory.appendingPathComponent("newer.sqlite").path)
        let newer = Migrator.latestVersion + 1
        try await DatabaseConnector.withStore(location, logger: TestDatabases.logger) { store in
            try await store.read { db in
                try await db.raw(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (\(bind: newer), 'from_the_future', \(bind: Date()))"
                ).run()
            }
        }
        let expected = "newer than this build knows (\(Migrator.latestVersion))"
        for command in [["migrate"], ["serve", "--no-workers", "--port", "0"]] {
            let result = try await CLIProcess.run(command + ["--database", location.rawURL])
            #expect(result.status == 1, "\(command)")
            #expect(
                result.stderr.hasSuffix(
                    "schema version \(newer), \(expected): run the Replywright version that migrated it, "
                        + "or restore a backup taken before that upgrade\n"), "\(command): \(result.stderr)")
        }
        let doctor = try await CLIProcess.run(["doctor", "--database", location.rawURL])
        #expect(doctor.status == 1 && doctor.stdout.contains(expected), "\(doctor.stdout)")
    }

    /// `backup` copies the SQLite file while `serve` has it open, checks the copy, and never
    /// overwrites a file.
    @Test func backupCopiesALiveSQLiteDatabase() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rw-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = ["--database", "sqlite:\(directory.path)/live.sqlite"]
        let created = try json(try await CLIProcess.run(["admin", "create-workspace", "--name", "Backed Up"] + database).stdout)
        let server = try CLIProcess.start(["serve", "--no-workers", "--port", "0"] + database)
        defer { server.kill() }
        try await waitUntil("the server listens") { server.stdoutSoFar.contains("listening on") }

        let copy = directory.appendingPathComponent("copy.sqlite").path
        let result = try await CLIProcess.run(["backup", copy] + database)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try json(result.stdout)
        #expect(report["integrity"] as? String == "ok" && report["schemaVersion"] as? Int == Migrator.latestVersion)
        #expect((report["bytes"] as? Int ?? 0) > 0 && report["path"] as? String == copy)
        let names = try await DatabaseConnector.withStore(.sqlite(path: copy), logger: TestDatabases.logger) { try await $0.workspaces() }
            .map(\.name)
        #expect(names == ["Backed Up"] && created["name"] as? String == "Backed Up", "the copy holds what the live file held")

        let again = try await CLIProcess.run(["backup", copy] + database)
        #expect(again.status == 1 && again.stderr.contains("\(copy) exists; backup never overwrites a file"), "\(again.stderr)")
    }

    /// A port in use is one line and exit 1, before any database is created or migrated.
    @Test func aPortInUseIsOneLineBeforeTheDatabase() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rw-port-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try CLIProcess.start(["serve", "--no-workers", "--port", "0", "--database", "sqlite:\(directory.path)/one.sqlite"])
        defer { first.kill() }
        var port: String?
        try await waitUntil("the first server listens") {
            port = first.stdoutSoFar.firstMatch(of: /listening on http:\/\/127\.0\.0\.1:([0-9]+)/).map { String($0.output.1) }
            return port != nil
        }
        let second = directory.appendingPathComponent("two.sqlite").path
        let taken = try #require(port)
        for command in [["serve", "--no-workers"], ["demo"]] {
            let result = try await CLIProcess.run(command + ["--port", taken, "--database", "sqlite:\(second)"])
            #expect(result.status == 1 && result.stderr.contains("port \(taken) is in use; pass --port"), "\(command): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: second), "\(command) touched no database")
        }
    }

    /// With a model configured (here one that cannot be reached, so every draft falls back),
    /// the demo's seeding run releases the model's HTTP client: it used to crash on exit
    /// ("Client not shut down before the deinit") before it printed anything.
    @Test func demoWithAModelConfiguredFinishesItsSeedingRun() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rw-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try await CLIProcess.run(
            ["demo", "--no-serve", "--json", "--database", "sqlite:\(directory.appendingPathComponent("demo.sqlite").path)"],
            environment: ["REPLYWRIGHT_LLM_BASE_URL": "http://127.0.0.1:9/v1", "REPLYWRIGHT_LLM_API": "chat", "REPLYWRIGHT_MODEL": "gpt-5.2"])
        #expect(run.status == 0, "\(run.stderr.suffix(2000))")
        let drafts = try #require(try json(run.stdout)["drafts"] as? [String: Any])
        #expect((drafts["sources"] as? [String: Int])?["fallback"] ?? 0 > 0, "the unreachable model's drafts fell back: \(drafts)")
    }

    @Test func demoSeedsAndDraftsOnAFreshSQLiteFile() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rw-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = ["--database", "sqlite:\(directory.appendingPathComponent("demo.sqlite").path)"]
        let first = try await CLIProcess.run(["demo", "--no-serve", "--json"] + database, environment: ["OPENAI_API_KEY": ""])
        #expect(first.status == 0, "\(first.stderr)")
        let object = try json(first.stdout)
        #expect(object["leads"] as? Int == 20)
        #expect((object["draftJobs"] as? [String])?.count ?? 0 >= 20)
        #expect((object["apiKey"] as? String)?.hasPrefix("rw_") == true)
        #expect((object["login"] as? [String: String])?["email"] == "admin@demo.replywright.local")

        let again = try await CLIProcess.run(["demo", "--no-serve", "--json"] + database)
        #expect(again.status == 0)
        #expect(try json(again.stdout)["workspaceId"] as? String == object["workspaceId"] as? String, "refresh reuses the workspace")
        let firstKey = try #require(object["apiKey"] as? String)
        let secondKey = try #require(try json(again.stdout)["apiKey"] as? String)
        let keys = try await DatabaseConnector.withStore(try DatabaseLocation.parse(database[1]), logger: TestDatabases.logger) { store in
            (try await store.authenticateAPIKey(secret: firstKey), try await store.authenticateAPIKey(secret: secondKey))
        }
        #expect(keys.0 == nil && keys.1 != nil, "a refresh revokes the key it printed before")

        // In words, quiet (no log lines), the summary last.
        let text = try await CLIProcess.run(["demo", "--no-serve"] + database)
        #expect(text.status == 0 && text.stderr.isEmpty, "\(text.stderr.prefix(500))")
        #expect(text.stdout.contains("blocked by the overseer") && text.stdout.contains("the most common one wrote"))
        #expect(text.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").last?.contains("API key") == true)

        let doctor = try await CLIProcess.run(["doctor"] + database)
        #expect(doctor.status == 0 && doctor.stdout.contains("0 dead"), "\(doctor.stdout)")
    }
}

extension DatabaseLocation {
    /// The URL form the CLI accepts.
    var rawURL: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let location):
            return "postgres://\(location.username)@\(location.host):\(location.port)/\(location.database ?? "")?sslmode=disable"
        }
    }
}
