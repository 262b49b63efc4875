import Foundation
import Logging
import ReplywrightCore
import ReplywrightStore

/// Imports a workspace's history (leads, messages, booking events) from NDJSON, streamed: it
/// holds one batch of lines at a time, writes each batch in one transaction, and saves the run's
/// counts after every batch (`GET /v1/import/{id}` shows them while it runs). Idempotent on the
/// lines' ids: a re-import stores nothing new and counts duplicates. A bad line is reported with
/// its number and the good lines around it are kept.
public struct HistoryImporter: Sendable {
    let store: any DataStore
    let batchSize: Int
    let maxBytes: Int
    let logger: Logger

    /// The largest body accepted (50 MB).
    public static let defaultMaxBytes = 50 * 1024 * 1024

    public init(store: any DataStore, batchSize: Int = 500, maxBytes: Int = defaultMaxBytes, logger: Logger = Logger(label: "replywright.import")) {
        self.store = store
        self.batchSize = max(1, batchSize)
        self.maxBytes = maxBytes
        self.logger = logger
    }

    /// Reads `chunks` to the end (or to `maxBytes`) into a new run of `workspaceID`;
    /// `progress` sees the run after every batch.
    public func run<Chunks: AsyncSequence>(
        _ chunks: Chunks, in workspaceID: Identifier<Workspace>, progress: @Sendable (ImportRun) async -> Void = { _ in }
    ) async throws -> ImportRun where Chunks.Element == [UInt8] {
        var run = try await store.createImport(in: workspaceID)
        var state = BatchState()
        var splitter = LineSplitter()
        var batch: [(number: Int, piece: LineSplitter.Piece)] = []
        do {
            for try await chunk in chunks {
                run.bytes += chunk.count
                if run.bytes > maxBytes {
                    run.fail(line: run.lines + 1, "the file is larger than \(maxBytes / 1_048_576) MB; split it and import the parts")
                    throw AppError(.payloadTooLarge, "the import is larger than \(maxBytes / 1_048_576) MB")
                }
                for piece in splitter.push(chunk) {
                    run.lines += 1
                    batch.append((run.lines, piece))
                    if batch.count >= batchSize {
                        try await write(batch, into: &run, state: &state)
                        batch.removeAll(keepingCapacity: true)
                        await progress(run)
                    }
                }
            }
            if let last = splitter.finish() {
                run.lines += 1
                batch.append((run.lines, last))
            }
            try await write(batch, into: &run, state: &state)
            run.state = .completed
        } catch {
            run.state = .failed
            run.finishedAt = Date()
            try? await store.saveImport(run)
            await progress(run)
            throw error
        }
        run.finishedAt = Date()
        try await store.saveImport(run)
        await progress(run)
        logger.info(
            "import finished",
            metadata: [
                "workspace": "\(workspaceID.rawValue)", "import": "\(run.id.rawValue)", "lines": "\(run.lines)", "errors": "\(run.errors)",
            ])
        return run
    }

    /// What the importer remembers between batches: lead ids by email and member ids by email
    /// (bounded, so a huge file cannot grow them without end).
    struct BatchState {
        var leadIDs: [String: Identifier<Lead>] = [:]
        var userIDs: [String: Identifier<User>?] = [:]
        static let maxCached = 50_000
    }

    private func write(_ batch: [(number: Int, piece: LineSplitter.Piece)], into run: inout ImportRun, state: inout BatchState) async throws {
        var parsed: [(number: Int, line: ImportLine)] = []
        for (number, piece) in batch {
            switch piece {
            case .tooLong: run.fail(line: number, "the line is longer than \(ImportLine.maxBytes / 1024) KB")
            case .line(let bytes):
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                do throws(AppError) {
                    parsed.append((number, try ImportLine.parse(bytes)))
                } catch {
                    run.fail(line: number, error.message)
                }
            }
        }
        if state.leadIDs.count > BatchState.maxCached { state.leadIDs.removeAll() }
        if state.userIDs.count > BatchState.maxCached { state.userIDs.removeAll() }
        let workspaceID = run.workspaceID
        let snapshot = run
        let cached = state
        // One transaction per batch; the counts are saved with the data they count.
        let (updated, newState) = try await store.transaction { tx in
            var run = snapshot
            var state = cached
            for (number, line) in parsed {
                do {
                    try await apply(line, number: number, to: tx, run: &run, state: &state, in: workspaceID)
                } catch let error as AppError {
                    run.fail(line: number, error.message)
                }
            }
            try await tx.saveImport(run)
            return (run, state)
        }
        run = updated
        state = newState
    }

    private func apply(
        _ line: ImportLine, number: Int, to tx: any DataStore, run: inout ImportRun, state: inout BatchState, in workspaceID: Identifier<Workspace>
    ) async throws {
        switch line {
        case .lead(let profile, let historyComplete):
            let existing = try await tx.lead(email: profile.email, in: workspaceID)
            let lead: Lead
            if let existing, Self.unchanged(existing, by: profile) {
                lead = existing
                run.duplicates += 1
            } else {
                lead = try await tx.upsertLead(profile, in: workspaceID)
                run.leads += 1
            }
            // Idempotent: setting the same value again changes nothing.
            if let historyComplete { try await tx.setHistoryComplete(historyComplete, leadID: lead.id, in: workspaceID) }
            state.leadIDs[profile.email] = lead.id
        case .message(let email, var message, let sentByEmail):
            let leadID = try await leadID(email, tx: tx, state: &state, in: workspaceID)
            if let sentByEmail { message.sentByUserID = try await memberID(sentByEmail, tx: tx, state: &state, in: workspaceID) }
            let (_, inserted) = try await tx.insertMessage(message, leadID: leadID, in: workspaceID)
            if inserted { run.messages += 1 } else { run.duplicates += 1 }
        case .booking(let event):
            _ = try await leadID(event.email, tx: tx, state: &state, in: workspaceID)
            let record = try await tx.recordBooking(event, in: workspaceID)
            if record.duplicate { run.duplicates += 1 } else { run.bookings += 1 }
        }
    }

    /// The lead's id, creating a lead with only the email when the file names one it never
    /// described.
    private func leadID(_ email: String, tx: any DataStore, state: inout BatchState, in workspaceID: Identifier<Workspace>) async throws
        -> Identifier<Lead>
    {
        if let id = state.leadIDs[email] { return id }
        var lead = try await tx.lead(email: email, in: workspaceID)
        if lead == nil { lead = try await tx.upsertLead(LeadProfile(email: email), in: workspaceID) }
        guard let lead else { throw AppError(.internalError, "lead upsert returned no lead") }
        state.leadIDs[email] = lead.id
        return lead.id
    }

    /// A member of the workspace with this email (a setter's messages count as theirs); `nil` for
    /// someone who is not a member.
    private func memberID(_ email: String, tx: any DataStore, state: inout BatchState, in workspaceID: Identifier<Workspace>) async throws
        -> Identifier<User>?
    {
        if let cached = state.userIDs[email] { return cached }
        var id: Identifier<User>?
        if let user = try await tx.user(email: email)?.user,
            try await tx.workspaceRoles(of: user.id).contains(where: { $0.workspace.id == workspaceID })
        {
            id = user.id
        }
        state.userIDs[email] = id
        return id
    }

    static func unchanged(_ lead: Lead, by profile: LeadProfile) -> Bool {
        (profile.firstName == nil || profile.firstName == lead.firstName) && (profile.lastName == nil || profile.lastName == lead.lastName)
            && (profile.company == nil || profile.company == lead.company)
            && (profile.customVariables == nil || profile.customVariables == lead.customVariables)
    }
}
