import Foundation
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore
import ReplywrightTesting
import Testing

@Suite("Scheduler")
struct SchedulerTests {
    let task = RecurringTask(name: "weekly-report", interval: .seconds(3600), job: NewJob(kind: .probe))

    @Test(arguments: TestDatabases.engines)
    func firesEachSlotOnceOnOneNode(engine: DatabaseEngine) async throws {
        let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
        try await TestDatabases.withStore(engine, clock: clock) { store in
            let nodeA = Scheduler(store: store, tasks: [task], nodeID: "node-a", clock: clock.function, logger: TestDatabases.logger)
            let nodeB = Scheduler(store: store, tasks: [task], nodeID: "node-b", clock: clock.function, logger: TestDatabases.logger)

            let firstA = try await nodeA.tick()
            let firstB = try await nodeB.tick()
            #expect(firstA.count == 1 && firstB.isEmpty, "only the lease holder fires")
            #expect(try await nodeA.tick().isEmpty, "a slot fires once")

            clock.advance(by: .seconds(3600))
            #expect(try await nodeA.tick().count == 1, "the next slot fires")

            // node-a dies; once its lease expires node-b takes over, without re-firing the slot.
            clock.advance(by: .seconds(120))
            let takeover = try await nodeB.tick()
            #expect(takeover.isEmpty)
            clock.advance(by: .seconds(3600))
            #expect(try await nodeB.tick().count == 1)
            #expect(try await store.queueStats().queued == 3)
        }
    }

    @Test func slotsAreAlignedToTheEpoch() {
        let hourly = RecurringTask(name: "h", interval: .seconds(3600), job: NewJob(kind: .probe))
        #expect(hourly.slot(at: Date(timeIntervalSince1970: 7199)) == 1)
        #expect(hourly.slot(at: Date(timeIntervalSince1970: 7200)) == 2)
    }
}
