import Foundation
import Synchronization
import Testing

@testable import ReplywrightStore

/// The store's two hand-rolled primitives, driven directly: `AsyncMutex` (FIFO, exclusive, and a
/// cancelled waiter neither deadlocks nor skips the queue) and `Gate` (one-way).
@Suite("Store concurrency primitives")
struct ConcurrencyPrimitivesTests {
    /// Polls until `condition` holds (tasks need a moment to reach their wait).
    func eventually(_ condition: () async -> Bool) async throws {
        for _ in 0..<500 {
            if await condition() { return }
            try await Task.sleep(for: .milliseconds(2))
        }
        Issue.record("the condition never held")
    }

    final class Log: Sendable {
        let items = Mutex<[Int]>([])
        let inside = Mutex((now: 0, most: 0))
        func append(_ item: Int) { items.withLock { $0.append(item) } }
        var all: [Int] { items.withLock { $0 } }
    }

    @Test func theMutexIsExclusiveAndHandsOverInArrivalOrder() async throws {
        let mutex = AsyncMutex()
        let log = Log()
        await mutex.lock()  // held by the test while the others queue up
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<5 {
                // Each one starts only once the previous one is queued: arrival order is 0…4.
                try await eventually { await mutex.waiting == index }
                group.addTask {
                    await mutex.lock()
                    log.inside.withLock {
                        $0.now += 1
                        $0.most = max($0.most, $0.now)
                    }
                    try? await Task.sleep(for: .milliseconds(3))  // a suspension inside the lock
                    log.append(index)
                    log.inside.withLock { $0.now -= 1 }
                    await mutex.unlock()
                }
            }
            try await eventually { await mutex.waiting == 5 }
            #expect(log.all.isEmpty, "nobody runs while the lock is held")
            await mutex.unlock()
            try await group.waitForAll()
        }
        #expect(log.all == [0, 1, 2, 3, 4], "first come, first served")
        #expect(log.inside.withLock { $0.most } == 1, "never two inside at once")
    }

    @Test func aCancelledWaiterStillTakesItsTurnAndPassesItOn() async throws {
        let mutex = AsyncMutex()
        let log = Log()
        await mutex.lock()
        let cancelled = Task {
            await mutex.lock()
            log.append(Task.isCancelled ? 1 : -1)
            await mutex.unlock()
        }
        try await eventually { await mutex.waiting == 1 }
        cancelled.cancel()
        let after = Task {
            await mutex.lock()
            log.append(2)
            await mutex.unlock()
        }
        try await eventually { await mutex.waiting == 2 }
        await mutex.unlock()
        await cancelled.value
        await after.value
        // The lock does not throw on cancellation (the holder checks it); what matters is that the
        // queue keeps moving.
        #expect(log.all == [1, 2])
    }

    @Test func theGateLetsEveryWaiterThroughOnceOpen() async throws {
        let gate = Gate()
        let log = Log()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<10 {
                group.addTask {
                    await gate.wait()
                    log.append(index)
                }
            }
            try await Task.sleep(for: .milliseconds(30))
            #expect(log.all.isEmpty, "closed: nobody through")
            gate.open()
            try await group.waitForAll()
        }
        #expect(Set(log.all) == Set(0..<10))
        await gate.wait()  // open stays open: returns at once
        gate.open()  // opening twice is harmless
        let late = Task { () -> Bool in
            await gate.wait()
            return true
        }
        late.cancel()
        #expect(await late.value, "a cancelled wait on an open gate returns too")
    }
}
