import Foundation
import ReplywrightCore
import Synchronization
import Testing

@testable import ReplywrightEngine

/// The job worker's hand-rolled primitives, driven directly: `Slots` (the dispatch loop's free
/// slots) and `CompletionBatcher` (group commit of completions).
@Suite("Job worker primitives")
struct JobPrimitivesTests {
    @Test func slotsWaitUntilEnoughAreFree() async throws {
        let slots = Slots(3)
        #expect(await slots.waitUntilFree(atLeast: 1) == 3, "free at once")
        slots.take(3)
        #expect(slots.inUse == 3)
        let waiter = Task { await slots.waitUntilFree(atLeast: 2) }
        try await Task.sleep(for: .milliseconds(20))
        slots.release()
        try await Task.sleep(for: .milliseconds(20))
        #expect(slots.inUse == 2, "one free is not enough for a waiter that needs two")
        slots.release()
        #expect(await waiter.value == 2)
        #expect(slots.finished == 2)
    }

    /// A batch writer the test opens by hand: records each batch, holds the first until told.
    final class Writer: Sendable {
        let batches = Mutex<[[String]]>([])
        let lost: Set<String>
        let failure: Bool
        let hold = AsyncStream<Void>.makeStream()

        init(lost: Set<String> = [], failure: Bool = false) {
            self.lost = lost
            self.failure = failure
        }

        func write(_ leases: [JobLease]) async throws -> Set<Identifier<JobRecord>> {
            let first = batches.withLock { batches in
                batches.append(leases.map(\.jobID.rawValue))
                return batches.count == 1
            }
            if first { for await _ in hold.stream { break } }
            if failure { throw CancellationError() }
            return Set(leases.map(\.jobID).filter { !lost.contains($0.rawValue) })
        }
    }

    static func lease(_ id: String) -> JobLease { JobLease(jobID: Identifier(id), token: "t-\(id)") }

    @Test func completionsThatArriveDuringAWriteGoTogetherInTheNext() async throws {
        let writer = Writer(lost: ["c"])
        let batcher = CompletionBatcher(completeBatch: { try await writer.write($0) })
        let first = Task { try await batcher.complete(Self.lease("a")) }
        while writer.batches.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(2)) }
        // While "a" is being written, three more finish.
        let others = ["b", "c", "d"].map { id in Task { try await batcher.complete(Self.lease(id)) } }
        while batcher.waiting < 3 { try await Task.sleep(for: .milliseconds(2)) }
        writer.hold.continuation.yield()
        #expect(try await first.value)
        let results = try await others.asyncMap { try await $0.value }
        #expect(results == [true, false, true], "c's lease was lost")
        let batches = writer.batches.withLock { $0 }
        #expect(batches.count == 2 && batches[0] == ["a"] && Set(batches[1]) == ["b", "c", "d"], "\(batches)")
        // Quiet again: the next completion is written at once, alone.
        #expect(try await batcher.complete(Self.lease("e")))
        #expect(writer.batches.withLock { $0.last } == ["e"])
    }

    @Test func aFailedWriteFailsEveryoneInItsBatch() async throws {
        let writer = Writer(failure: true)
        let batcher = CompletionBatcher(completeBatch: { try await writer.write($0) })
        let first = Task { try await batcher.complete(Self.lease("a")) }
        while writer.batches.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(2)) }
        let follower = Task { try await batcher.complete(Self.lease("b")) }
        while batcher.waiting < 1 { try await Task.sleep(for: .milliseconds(2)) }
        writer.hold.continuation.yield()
        await #expect(throws: CancellationError.self) { try await first.value }
        await #expect(throws: CancellationError.self) { try await follower.value }
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
