import Foundation
import Logging
import ReplywrightCore

/// `system.probe`: waits `sleepMs` (default 0) and succeeds. `doctor` uses it to prove that
/// workers run; tests use it to kill a worker mid-job.
public struct ProbeJobHandler: JobHandler {
    public let kind = JobKind.probe

    public init() {}

    public struct Payload: Codable, Sendable {
        public var sleepMs: Int?
        public init(sleepMs: Int? = nil) { self.sleepMs = sleepMs }
    }

    public func handle(_ job: JobRecord, logger: Logger) async throws {
        guard let payload = try? JSONDecoder().decode(Payload.self, from: Data(job.payload.utf8)) else {
            throw PermanentJobError("probe payload is not {\"sleepMs\": N}")
        }
        if let ms = payload.sleepMs, ms > 0 { try await Task.sleep(for: .milliseconds(min(ms, 600_000))) }
    }
}
