import Foundation
import Metrics
import ReplywrightCore
import ReplywrightEngine
import ReplywrightServer
import ReplywrightStore
import ReplywrightTesting
import Testing

let browserAvailable: Bool =
    FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")
    && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver")
    && CLIProcess.succeeds(["python3", "-c", "import selenium"])

/// The dashboard in a real headless Chromium (Debian's `chromium` and `chromium-driver`, driven
/// by Selenium from PyPI through `scripts/browser-check.py`) against `replywright serve`.
@Suite("Dashboard in a real browser", .serialized, .enabled(if: browserAvailable, "needs chromium, chromedriver and python3 selenium"))
struct BrowserTests {
    @Test func reviewAndSendInChromium() async throws {
        try await TestDatabases.withLocation(.sqlite) { location in
            let hasher = BcryptPasswordHasher(cost: 4)
            try await DatabaseConnector.withStore(location, logger: TestDatabases.logger) { store in
                let (workspace, _) = try await Fixtures.workspace(store)
                for (email, role) in [("ada@acme.example", WorkspaceRole.admin), ("sam@acme.example", .setter)] {
                    let user = try await store.createUser(email: email, passwordHash: hasher.hash("browser-pass-1"))
                    try await store.setMembership(Membership(workspaceID: workspace.id, userID: user.id, role: role))
                }
                let pipeline = DraftPipeline(
                    store: store, llm: nil, telemetry: AITelemetry(recorder: store, metrics: NOOPMetricsHandler.instance),
                    configuration: DraftingConfiguration())
                for (index, name) in ["Maya", "Jonas", "<img src=x onerror=alert(1)>"].enumerated() {
                    let ingested = try await InboundIngestor(store: store).ingest(
                        InboundMessage(
                            lead: LeadProfile(email: "lead\(index)@example.com", firstName: name),
                            message: NewMessage(
                                channel: .email, direction: .inbound, sender: .lead, body: "Sounds good, can you send me some times?",
                                externalID: "b-\(index)", occurredAt: Date())), in: workspace.id)
                    _ = try await pipeline.draft(replyingTo: ingested.messageID, in: workspace.id, logger: TestDatabases.logger)
                }
                // A draft the lead has since written past: superseded.
                let stale = try await InboundIngestor(store: store).ingest(
                    InboundMessage(
                        lead: LeadProfile(email: "priya@example.com", firstName: "Priya"),
                        message: NewMessage(
                            channel: .email, direction: .inbound, sender: .lead, body: "What does it cost?",
                            externalID: "b-stale", occurredAt: Date())), in: workspace.id)
                _ = try await pipeline.draft(replyingTo: stale.messageID, in: workspace.id, logger: TestDatabases.logger)
                _ = try await store.supersedeWaitingDrafts(leadID: stale.leadID, keeping: nil, in: workspace.id)
            }
            let (server, base) = try await Self.serve(location, workers: false)
            defer { server.kill() }
            let check = try await CLIProcess.run(
                [
                    "python3", CLIProcess.script("browser-check.py"), "--base-url", base, "--admin", "ada@acme.example:browser-pass-1",
                    "--setter", "sam@acme.example:browser-pass-1",
                ], program: URL(fileURLWithPath: "/usr/bin/env"), timeout: .seconds(180))
            #expect(check.status == 0, "\(check.stdout)\(check.stderr.suffix(1500))")
            #expect(check.stdout.contains("ok   setter cannot open the settings"))
        }
    }

    /// A hosted form completed in Chromium with the events script on and again with JavaScript
    /// off: both become leads whose drafts the workers write, and only the first sent events.
    @Test func aHostedFormBecomesALeadWithItsDraftInChromium() async throws {
        try await TestDatabases.withLocation(.sqlite) { location in
            let workspaceID = try await DatabaseConnector.withStore(location, logger: TestDatabases.logger) { store in
                let (workspace, _) = try await Fixtures.workspace(store)
                let form = try await FormCatalog(store: store).create(.example(), in: workspace.id)
                _ = try await store.publishForm(form.id, in: workspace.id)
                return workspace.id
            }
            let (server, base) = try await Self.serve(location, workers: true)
            defer { server.kill() }
            let check = try await CLIProcess.run(
                [
                    "python3", CLIProcess.script("form-check.py"), "--base-url", base, "--slug", "request-a-demo", "--email-js", "ana@example.com",
                    "--email-nojs", "bo@example.com",
                ], program: URL(fileURLWithPath: "/usr/bin/env"), timeout: .seconds(180))
            #expect(check.status == 0, "\(check.stdout)\(check.stderr.suffix(1500))")
            #expect(check.stdout.contains("ok   without JavaScript: the thank-you page links the booking"))
            try await DatabaseConnector.withStore(location, logger: TestDatabases.logger) { store in
                for email in ["ana@example.com", "bo@example.com"] {
                    let lead = try #require(try await store.lead(email: email, in: workspaceID), "\(email) became a lead")
                    #expect(lead.company == "Silva & <Sons>" && lead.customVariables["team_size"] == .number(40))
                    try await waitUntil("\(email)'s draft is written", timeout: .seconds(30)) {
                        try await !store.drafts(leadID: lead.id, in: workspaceID).isEmpty
                    }
                }
                let form = try #require(try await store.forms(in: workspaceID).first)
                let sessions = try await store.formSessions(form.id, in: workspaceID, limit: 10).filter { $0.status == .completed }
                #expect(sessions.count == 2)
                var withEvents = 0
                for session in sessions where try await !store.formEvents(session.id, limit: 5).isEmpty { withEvents += 1 }
                #expect(withEvents == 1, "the script sent events for the JavaScript session only")
            }
        }
    }

    /// `replywright serve` on the database (with or without its job workers), once it listens.
    static func serve(_ location: DatabaseLocation, workers: Bool) async throws -> (CLIProcess.Running, String) {
        let server = try CLIProcess.start(["serve", "--database", location.rawURL, "--port", "0"] + (workers ? [] : ["--no-workers"]))
        var base: String?
        try await waitUntil("the server listens") {
            base = server.stdoutSoFar.firstMatch(of: /listening on (http:\/\/[0-9.:]+)/).map { String($0.output.1) }
            return base != nil
        }
        return (server, try #require(base))
    }
}
