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

/// Lends each of a fixed set of items (SQLite's read connections) to one task at a time;
/// tasks that find none free wait their turn, FIFO.
actor LendingPool<Item: Sendable> {
    private var free: [Item]
    private var waiters: [CheckedContinuation<Item, Never>] = []

    init(_ items: [Item]) { free = items }

    func take() async -> Item {
        if let item = free.popLast() { return item }
        return await withCheckedContinuation { waiters.append($0) }
    }

    func give(_ item: Item) {
        if waiters.isEmpty {
            free.append(item)
        } else {
            waiters.removeFirst().resume(returning: item)
        }
    }
}
