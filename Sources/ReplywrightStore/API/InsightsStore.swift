import Foundation
import ReplywrightCore

/// History imports (C4), always inside one workspace.
public protocol ImportStore: Sendable {
    func createImport(in workspaceID: Identifier<Workspace>) async throws -> ImportRun
    /// Saves the run's counts, state and errors.
    func saveImport(_ run: ImportRun) async throws
    /// `not_found` for an id of another workspace.
    func importRun(_ id: Identifier<ImportRun>, in workspaceID: Identifier<Workspace>) async throws -> ImportRun
    /// Newest first.
    func importRuns(in workspaceID: Identifier<Workspace>, limit: Int) async throws -> [ImportRun]
    /// The lead with this (normalised) email, if any.
    func lead(email: String, in workspaceID: Identifier<Workspace>) async throws -> Lead?
    /// Marks whether the lead's stored history is complete (an import says it is not: its
    /// bookings then credit no message).
    func setHistoryComplete(_ complete: Bool, leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>) async throws
}

/// Message-performance reports (C4): the cohort aggregated in SQL and the stored reports.
public protocol ReportStore: Sendable {
    /// The cohort's messages labelled as `Attribution` defines and counted by every report
    /// dimension (`ReportCell`s, one per combination, in no particular order), the bookings that credit no message, by reason, and up to
    /// `samplePerGroup` of the newest booked and not-booked cohort messages per sender segment
    /// with their bodies (unredacted: the caller redacts; 0 reads none).
    func reportData(_ parameters: AttributionParameters, samplePerGroup: Int, in workspaceID: Identifier<Workspace>) async throws
        -> ReportData
    func saveReport(_ body: String, parametersHash: String, createdBy: String?, in workspaceID: Identifier<Workspace>) async throws
        -> StoredReport
    /// `not_found` for an id of another workspace.
    func report(_ id: Identifier<StoredReport>, in workspaceID: Identifier<Workspace>) async throws -> StoredReport
    /// Newest first.
    func reports(in workspaceID: Identifier<Workspace>, limit: Int) async throws -> [StoredReport]
    /// Stores (replaces) the report's synthesis JSON.
    func saveSynthesis(_ json: String, reportID: Identifier<StoredReport>, in workspaceID: Identifier<Workspace>) async throws
}

/// A workspace's insights settings and the weekly schedule's view of them.
public protocol InsightsSettingsStore: Sendable {
    /// The saved settings, or the defaults (weekly off); `not_found` for an unknown workspace.
    func insightsSettings(in workspaceID: Identifier<Workspace>) async throws -> InsightsSettings
    /// Validates and saves.
    func saveInsightsSettings(_ settings: InsightsSettings, in workspaceID: Identifier<Workspace>) async throws -> InsightsSettings
    /// Workspaces that opted in to the weekly report, by id.
    func weeklyInsightsWorkspaces() async throws -> [Identifier<Workspace>]
}

/// A stored report: its canonical JSON body and, once written, its synthesis.
public struct StoredReport: Sendable, Equatable, Identifiable {
    public var id: Identifier<StoredReport>
    public var workspaceID: Identifier<Workspace>
    public var parametersHash: String
    /// `MessagePerformanceReport.canonicalJSON()`.
    public var body: String
    public var synthesis: String?
    public var createdBy: String?
    public var createdAt: Date
}

/// What a report is built from: the cohort's cells, the uncredited bookings, the sample.
public struct ReportData: Sendable, Equatable {
    public var cells: [ReportCell]
    public var unattributedBookings: [UnattributedReason: Int]
    public var sample: [ReportSampleRow]

    public init(cells: [ReportCell], unattributedBookings: [UnattributedReason: Int], sample: [ReportSampleRow]) {
        self.cells = cells
        self.unattributedBookings = unattributedBookings
        self.sample = sample
    }
}

/// A cohort message for the report's sample.
public struct ReportSampleRow: Sendable, Equatable {
    public var id: String
    public var sender: SenderSegment
    public var channel: Channel
    public var outcome: MessageOutcome
    public var archetype: String?
    public var sentAt: Date
    public var body: String
    public var leadFirstName: String?
    public var leadLastName: String?
}
