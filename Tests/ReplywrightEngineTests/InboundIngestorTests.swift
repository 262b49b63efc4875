import Foundation
import Metrics
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore
import ReplywrightTesting
import Testing

@Suite("Inbound ingest")
struct InboundIngestorTests {
    @Test(arguments: TestDatabases.engines)
    func storesLeadMessageAndOneDraftJob(engine: DatabaseEngine) async throws {
        try await TestDatabases.withStore(engine) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let ingestor = InboundIngestor(store: store)
            let first = try await ingestor.ingest(Fixtures.inbound(externalID: "m-1"), in: workspace.id)
            let again = try await ingestor.ingest(Fixtures.inbound(externalID: "m-1"), in: workspace.id)
            #expect(!first.duplicate && again.duplicate)
            #expect(again.messageID == first.messageID && again.jobID == first.jobID && again.leadID == first.leadID)

            let job = try await store.job(first.jobID, in: workspace.id)
            #expect(job.kind == .draftReply && job.state == .queued)
            #expect(job.payload.contains(first.messageID.rawValue))
            #expect(try await store.messages(leadID: first.leadID, in: workspace.id).count == 1)
            #expect(try await store.queueStats().queued == 1)

            let next = try await ingestor.ingest(Fixtures.inbound(externalID: "m-2"), in: workspace.id)
            #expect(next.leadID == first.leadID && next.jobID != first.jobID)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func concurrentRedeliveriesYieldOneMessageAndOneJob(engine: DatabaseEngine) async throws {
        try await TestDatabases.withStore(engine) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let ingestor = InboundIngestor(store: store)
            let results = try await withThrowingTaskGroup(of: InboundIngestor.Result?.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        // A racing transaction may lose on the unique key and must retry, as the
                        // webhook sender would; what matters is that no duplicate is ever stored.
                        for _ in 0..<5 {
                            if let result = try? await ingestor.ingest(Fixtures.inbound(externalID: "race"), in: workspace.id) {
                                return result
                            }
                        }
                        return nil
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let delivered = results.compactMap { $0 }
            #expect(!delivered.isEmpty)
            #expect(Set(delivered.map(\.messageID)).count == 1 && Set(delivered.map(\.jobID)).count == 1)
            #expect(delivered.filter { !$0.duplicate }.count == 1)
            #expect(try await store.queueStats().queued == 1)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func draftJobHandlerRunsForStoredMessages(engine: DatabaseEngine) async throws {
        try await TestDatabases.withStore(engine) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let result = try await InboundIngestor(store: store).ingest(Fixtures.inbound(), in: workspace.id)
            let worker = JobWorker(
                queue: store, handlers: StandardJobs.handlers(store: store),
                configuration: JobWorkerConfiguration(workerID: "w"), metrics: NOOPMetricsHandler.instance,
                logger: TestDatabases.logger)
            try await worker.runUntilIdle()
            #expect(try await store.job(result.jobID)?.state == .succeeded)
        }
    }
}
