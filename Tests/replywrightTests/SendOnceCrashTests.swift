import Foundation
import Metrics
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore
import ReplywrightTesting
import Testing

/// A worker process killed (SIGKILL) after the SMTP server has the message but before the
/// send ledger records it: after a restart the draft is not sent again. The ledger keeps it
/// `unconfirmed` for a human: at most once, never twice.
@Suite("Send once across a crash", .serialized, .enabled(if: SMTPSink.isAvailable, "python3 cannot import aiosmtpd (pip install aiosmtpd)"))
struct SendOnceCrashTests {
    @Test func killedMidSendIsNotSentTwice() async throws {
        try await TestDatabases.withLocation(.sqlite) { location in
            // The server stores the message, then says nothing for a minute: the window to die in.
            let sink = try await SMTPSink(delayAfterData: 60)
            defer { sink.stop() }

            let (workspaceID, draftID) = try await DatabaseConnector.withStore(location, logger: TestDatabases.logger) { store in
                let (workspace, _) = try await Fixtures.workspace(store)
                let ingested = try await InboundIngestor(store: store).ingest(Fixtures.inbound(), in: workspace.id)
                let draft = try await DraftPipeline(
                    store: store, llm: nil, telemetry: AITelemetry(recorder: store, metrics: NOOPMetricsHandler.instance),
                    configuration: DraftingConfiguration()
                ).draft(replyingTo: ingested.messageID, in: workspace.id, logger: TestDatabases.logger)
                _ = try await store.review(draft.id, in: workspace.id, action: .approve, by: .setter)
                _ = try await DraftSender(store: store, transport: "smtp").send(draft.id, in: workspace.id, action: .send)
                return (workspace.id, draft.id)
            }
            let worker = { (id: String) in
                try CLIProcess.start([
                    "worker", "--database", location.rawURL, "--worker-id", id, "--lease-seconds", "2",
                    "--smtp-url", "smtp://127.0.0.1:\(sink.port)?from=team@acme.example&starttls=off",
                ])
            }
            let doomed = try worker("doomed")
            try await waitUntil("the SMTP server has the message") { sink.messages.count == 1 }
            doomed.kill()
            _ = doomed.finish()
            #expect(try await delivery(draftID, workspaceID, location)?.state == .sending, "it died between DATA and the ledger")

            let survivor = try worker("survivor")
            try await waitUntil("the retried job settles the delivery", timeout: .seconds(60)) {
                try await delivery(draftID, workspaceID, location)?.state == .unconfirmed
            }
            survivor.interrupt()
            let output = survivor.finish()
            #expect(output.status == 0, "\(output.stderr.suffix(400))")
            #expect(sink.messages.count == 1, "no second email")
            let settled = try #require(try await delivery(draftID, workspaceID, location))
            #expect(settled.lastError?.contains("interrupted") == true && settled.attempts == 1)
        }
    }

    func delivery(_ draftID: Identifier<Draft>, _ workspaceID: Identifier<Workspace>, _ location: DatabaseLocation) async throws -> Delivery? {
        try await DatabaseConnector.withStore(location, logger: TestDatabases.logger, migrate: false) {
            try await $0.delivery(for: draftID, in: workspaceID)
        }
    }
}
