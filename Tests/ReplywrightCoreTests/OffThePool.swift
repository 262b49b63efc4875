import Foundation

/// Runs seconds of CPU-bound test work (reading a whole corpus in a debug build) on a thread of
/// its own. Swift Testing runs every suite of the package in one process on the cooperative
/// pool, which has one thread per core (two on CI); a synchronous loop holding one of them for
/// seconds makes the deadlines and timeouts of the tests running beside it fire late.
func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
