import ReplywrightCore
import ReplywrightStore
import Synchronization

/// Group commit for job completions. The first job to finish writes its completion at once;
/// jobs that finish while that statement runs wait and are written together in the next one.
/// With one busy connection (SQLite) this turns N completion statements into a few; when the
/// queue is quiet every completion is still written immediately, alone.
final class CompletionBatcher: Sendable {
    private enum Outcome {
        /// Write the next batch (the previous writer has finished and hands over).
        case write
        case done(Bool)
        case failed(any Error)
    }

    private struct Waiter {
        var lease: JobLease
        var continuation: CheckedContinuation<Outcome, Never>
    }

    private struct State {
        var writing = false
        var waiting: [Waiter] = []
    }

    /// Completes a batch of leases; returns the jobs whose lease still held.
    private let completeBatch: @Sendable ([JobLease]) async throws -> Set<Identifier<JobRecord>>
    private let state = Mutex(State())

    init(queue: any JobQueue) {
        self.completeBatch = { try await queue.complete($0) }
    }

    init(completeBatch: @escaping @Sendable ([JobLease]) async throws -> Set<Identifier<JobRecord>>) {
        self.completeBatch = completeBatch
    }

    /// Completions waiting for the write under way (what tests wait on).
    var waiting: Int { state.withLock { $0.waiting.count } }

    /// Records success; `false` means the lease was lost.
    func complete(_ lease: JobLease) async throws -> Bool {
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
            let writeNow = state.withLock { state in
                if state.writing {
                    state.waiting.append(Waiter(lease: lease, continuation: continuation))
                    return false
                }
                state.writing = true
                return true
            }
            if writeNow { continuation.resume(returning: .write) }
        }
        switch outcome {
        case .write: return try await write(leading: lease)
        case .done(let completed): return completed
        case .failed(let error): throw error
        }
    }

    /// Writes `lease` together with everyone waiting, then hands the writer role to the
    /// first job that arrived meanwhile (so no caller writes for others indefinitely).
    private func write(leading lease: JobLease) async throws -> Bool {
        let followers = state.withLock { state in
            defer { state.waiting = [] }
            return state.waiting
        }
        let result: Result<Set<Identifier<JobRecord>>, any Error>
        do {
            result = .success(try await completeBatch([lease] + followers.map(\.lease)))
        } catch {
            result = .failure(error)
        }
        for follower in followers {
            switch result {
            case .success(let completed): follower.continuation.resume(returning: .done(completed.contains(follower.lease.jobID)))
            case .failure(let error): follower.continuation.resume(returning: .failed(error))
            }
        }
        let next = state.withLock { state -> Waiter? in
            guard !state.waiting.isEmpty else {
                state.writing = false
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.continuation.resume(returning: .write)
        return try result.get().contains(lease.jobID)
    }
}
