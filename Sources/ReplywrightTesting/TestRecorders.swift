import Foundation
import Logging
import ReplywrightCore
import ReplywrightLLM
import Synchronization

/// Keeps AI interactions in memory, for tests that check telemetry without a database.
public final class MemoryInteractionRecorder: AIInteractionRecorder {
    private let rows = Mutex<[AIInteraction]>([])

    public init() {}

    public func record(_ interaction: AIInteraction) async throws {
        rows.withLock { $0.append(interaction) }
    }

    public var interactions: [AIInteraction] { rows.withLock { $0 } }
}

/// Collects every log line (message and metadata, rendered as text) for assertions such as
/// "no log line contains the prompt".
public final class CapturedLogs: Sendable {
    private let lines = Mutex<[String]>([])

    public init() {}

    public var all: [String] { lines.withLock { $0 } }

    /// A logger writing here, at trace level.
    public func logger(label: String = "test") -> Logger {
        var logger = Logger(label: label) { _ in Handler(sink: self) }
        logger.logLevel = .trace
        return logger
    }

    fileprivate func append(_ line: String) {
        lines.withLock { $0.append(line) }
    }

    private struct Handler: LogHandler {
        let sink: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
            sink.append("\(event.level) \(event.message) \(merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
        }
    }
}

/// A clock for the LLM gateway that never waits: `sleep` records the duration and moves
/// time forward by it; jitter is fixed.
public final class ManualLLMClock: Sendable {
    private struct State {
        var now: Date
        var sleeps: [Duration] = []
    }

    private let state: Mutex<State>
    public let jitter: Double

    public init(start: Date = Date(), jitter: Double = 0.5) {
        self.state = Mutex(State(now: start))
        self.jitter = jitter
    }

    public var now: Date { state.withLock { $0.now } }
    public var sleeps: [Duration] { state.withLock { $0.sleeps } }

    public func advance(by duration: Duration) {
        state.withLock { $0.now = $0.now.addingTimeInterval(duration.timeInterval) }
    }

    public var clock: LLMClock {
        LLMClock(
            now: { self.now },
            sleep: { duration in
                self.state.withLock { $0.sleeps.append(duration) }
                self.advance(by: duration)
            },
            random: { self.jitter })
    }
}

/// Wraps a provider and keeps every request it was asked to send (a logging proxy for
/// tests against a real model server: assert on the prompts that went out).
public final class RecordingProvider: LLMProvider {
    private let inner: any LLMProvider
    private let requests = Mutex<[LLMRequest]>([])

    public init(_ inner: any LLMProvider) { self.inner = inner }

    public var name: String { inner.name }
    public var sent: [LLMRequest] { requests.withLock { $0 } }

    public func generate(_ request: LLMRequest) async throws -> LLMResponse {
        requests.withLock { $0.append(request) }
        return try await inner.generate(request)
    }

    public func stream(_ request: LLMRequest) -> AsyncThrowingStream<LLMStreamEvent, any Error> {
        requests.withLock { $0.append(request) }
        return inner.stream(request)
    }

    public func embed(_ request: EmbeddingRequest) async throws -> EmbeddingResponse { try await inner.embed(request) }

    public func listModels(deadline: Date?) async throws -> [String] { try await inner.listModels(deadline: deadline) }
}
