import Foundation

/// One history import (`POST /v1/import`, `replywright import`): what it has done so far.
public struct ImportRun: Sendable, Equatable, Codable, Identifiable {
    public enum State: String, Sendable, Hashable, Codable {
        case running
        case completed
        /// Stopped before the end of the file (the connection dropped, the file was too large).
        case failed
    }

    /// A line that was not imported, and why (1-based line numbers).
    public struct LineError: Sendable, Equatable, Codable {
        public var line: Int
        public var message: String

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    public var id: Identifier<ImportRun>
    public var workspaceID: Identifier<Workspace>
    public var state: State
    /// Lines read so far (blank lines included).
    public var lines: Int
    /// Lines stored: new or changed leads, new messages, new booking events.
    public var leads: Int
    public var messages: Int
    public var bookings: Int
    /// Lines that repeated what was already stored (a re-import changes nothing).
    public var duplicates: Int
    public var errors: Int
    /// The first `maxErrorLines` errors; `errors` counts them all.
    public var errorLines: [LineError]
    public var bytes: Int
    public var createdAt: Date
    public var updatedAt: Date
    public var finishedAt: Date?

    public static let maxErrorLines = 100

    enum CodingKeys: String, CodingKey {
        case id, state, lines, leads, messages, bookings, duplicates, errors, errorLines, bytes, createdAt, updatedAt, finishedAt
        case workspaceID = "workspaceId"
    }

    public init(
        id: Identifier<ImportRun>, workspaceID: Identifier<Workspace>, state: State = .running, lines: Int = 0, leads: Int = 0,
        messages: Int = 0, bookings: Int = 0, duplicates: Int = 0, errors: Int = 0, errorLines: [LineError] = [], bytes: Int = 0,
        createdAt: Date, updatedAt: Date, finishedAt: Date? = nil
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.state = state
        self.lines = lines
        self.leads = leads
        self.messages = messages
        self.bookings = bookings
        self.duplicates = duplicates
        self.errors = errors
        self.errorLines = errorLines
        self.bytes = bytes
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.finishedAt = finishedAt
    }

    public mutating func fail(line: Int, _ message: String) {
        errors += 1
        if errorLines.count < Self.maxErrorLines { errorLines.append(LineError(line: line, message: message)) }
    }
}
