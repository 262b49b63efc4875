import Logging
import ReplywrightCore

/// Runs one kind of job. Handlers must be idempotent: a job whose worker died mid-way runs
/// again on another worker, and only the last successful run is recorded.
public protocol JobHandler: Sendable {
    var kind: JobKind { get }
    func handle(_ job: JobRecord, logger: Logger) async throws
}

/// A failure that retrying cannot fix (bad payload, deleted record): the job goes straight
/// to the dead letters.
public struct PermanentJobError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
