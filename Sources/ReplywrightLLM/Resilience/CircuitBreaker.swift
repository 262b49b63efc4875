import Foundation
import Metrics
import Synchronization

/// When a breaker opens and how it recovers.
public struct CircuitBreakerPolicy: Sendable, Hashable {
    /// Calls remembered per provider and model.
    public var window: Int = 20
    /// No verdict before this many calls are in the window.
    public var minimumCalls: Int = 10
    /// Opens when failures plus slow calls reach this share of the window.
    public var failureRatio: Double = 0.5
    /// A call slower than this counts against the breaker even if it succeeded.
    public var slowCallThreshold: Duration = .seconds(30)
    /// How long an open breaker refuses calls before letting trial calls through.
    public var openDuration: Duration = .seconds(30)
    /// Trial calls in half-open. It closes once too few of them can fail to reach
    /// `failureRatio` (two good of three), and opens again once enough have failed (two of
    /// three): a flaky provider that mostly answers gets its calls back, a down one does not.
    public var halfOpenTrials: Int = 3

    /// Failed trials that open the breaker again.
    var trialFailureLimit: Int { max(1, Int((failureRatio * Double(halfOpenTrials)).rounded(.up))) }

    public init() {}
}

/// The state of one breaker: a pure value, so its transitions are tested without time or I/O.
public struct CircuitBreakerState: Sendable, Hashable {
    public enum Phase: Sendable, Hashable {
        case closed
        case open(until: Date)
        /// `admitted` trial calls let through; `succeeded` and `failed` of them have finished.
        case halfOpen(admitted: Int, succeeded: Int, failed: Int)
    }

    public private(set) var phase: Phase = .closed
    /// Newest last; `true` = failed or slow.
    private var outcomes: [Bool] = []

    public init() {}

    /// Whether a call may go out now; admitting a half-open trial counts it.
    public mutating func admit(now: Date, policy: CircuitBreakerPolicy) -> Bool {
        switch phase {
        case .closed:
            return true
        case .open(let until):
            guard now >= until else { return false }
            phase = .halfOpen(admitted: 1, succeeded: 0, failed: 0)
            return true
        case .halfOpen(let admitted, let succeeded, let failed):
            guard admitted < policy.halfOpenTrials else { return false }
            phase = .halfOpen(admitted: admitted + 1, succeeded: succeeded, failed: failed)
            return true
        }
    }

    /// Records how an admitted call went.
    public mutating func record(failed: Bool, now: Date, policy: CircuitBreakerPolicy) {
        switch phase {
        case .closed:
            outcomes.append(failed)
            if outcomes.count > policy.window { outcomes.removeFirst(outcomes.count - policy.window) }
            let failures = outcomes.filter { $0 }.count
            if outcomes.count >= policy.minimumCalls, Double(failures) >= policy.failureRatio * Double(outcomes.count) {
                trip(now: now, policy: policy)
            }
        case .halfOpen(let admitted, var succeeded, var failures):
            if failed { failures += 1 } else { succeeded += 1 }
            if failures >= policy.trialFailureLimit {
                trip(now: now, policy: policy)
            } else if succeeded > policy.halfOpenTrials - policy.trialFailureLimit {
                phase = .closed
                outcomes = []
            } else {
                phase = .halfOpen(admitted: admitted, succeeded: succeeded, failed: failures)
            }
        case .open:
            break  // a call admitted before the breaker opened; its outcome no longer matters
        }
    }

    private mutating func trip(now: Date, policy: CircuitBreakerPolicy) {
        phase = .open(until: now.addingTimeInterval(policy.openDuration.timeInterval))
        outcomes = []
    }
}

/// One breaker per provider and model. Each change of phase is visible in the metrics:
/// `replywright_llm_breaker_open{breaker}` (1 while open, else 0) and
/// `replywright_llm_breaker_transitions_total{breaker, to}`.
public final class CircuitBreakers: Sendable {
    public let policy: CircuitBreakerPolicy
    private let states = Mutex<[String: CircuitBreakerState]>([:])
    private let metrics: any MetricsFactory

    public init(policy: CircuitBreakerPolicy = CircuitBreakerPolicy(), metrics: any MetricsFactory = NOOPMetricsHandler.instance) {
        self.policy = policy
        self.metrics = metrics
    }

    func admit(_ key: String, now: Date) -> Bool {
        let (admitted, changed) = states.withLock { states in
            let before = states[key, default: CircuitBreakerState()].phase.name
            let admitted = states[key, default: CircuitBreakerState()].admit(now: now, policy: policy)
            let after = states[key, default: CircuitBreakerState()].phase.name
            return (admitted, before == after ? nil : after)
        }
        if let changed { report(key, changed) }
        return admitted
    }

    func record(_ key: String, failed: Bool, now: Date) {
        let changed = states.withLock { states in
            let before = states[key, default: CircuitBreakerState()].phase.name
            states[key, default: CircuitBreakerState()].record(failed: failed, now: now, policy: policy)
            let after = states[key, default: CircuitBreakerState()].phase.name
            return before == after ? nil : after
        }
        if let changed { report(key, changed) }
    }

    /// For `/metrics` and tests.
    public func phase(of key: String) -> CircuitBreakerState.Phase {
        states.withLock { $0[key]?.phase ?? .closed }
    }

    private func report(_ key: String, _ phase: String) {
        Gauge(label: "replywright_llm_breaker_open", dimensions: [("breaker", key)], factory: metrics).record(phase == "open" ? 1 : 0)
        Counter(label: "replywright_llm_breaker_transitions_total", dimensions: [("breaker", key), ("to", phase)], factory: metrics).increment()
    }
}

extension CircuitBreakerState.Phase {
    /// `closed`, `open` or `half_open`, as the metrics name it.
    public var name: String {
        switch self {
        case .closed: return "closed"
        case .open: return "open"
        case .halfOpen: return "half_open"
        }
    }
}
