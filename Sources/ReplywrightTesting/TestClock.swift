import Foundation
import ReplywrightStore
import Synchronization

/// A clock tests move by hand, to expire leases and reach retry times without waiting.
public final class TestClock: Sendable {
    private let current: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = Mutex(start)
    }

    public var now: Date { current.withLock { $0 } }

    public func advance(by duration: Duration) {
        current.withLock { $0 = $0.addingTimeInterval(duration.timeInterval) }
    }

    /// For `SQLStore(clock:)` and other injected clocks.
    public var function: @Sendable () -> Date { { self.now } }
}
