/// A FIFO lock for async code: tasks wait their turn without blocking a thread.
actor AsyncMutex {
    private var isLocked = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func lock() async {
        if !isLocked {
            isLocked = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Tasks waiting for the lock (what tests wait on to know the queue's order).
    var waiting: Int { waiters.count }

    func unlock() {
        if waiters.isEmpty {
            isLocked = false
        } else {
            // Ownership passes straight to the next waiter; `isLocked` stays true.
            waiters.removeFirst().resume()
        }
    }
}
