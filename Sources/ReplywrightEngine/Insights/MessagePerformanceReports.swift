import Crypto
import Foundation
import ReplywrightCore
import ReplywrightStore

/// Builds, stores and reads message-performance reports: the cohort aggregated by the store,
/// the report built by Core, a redacted sample of the cohort for the synthesis and for admins.
public struct MessagePerformanceReports: Sendable {
    let store: any ReportStore
    let samplePerGroup: Int

    /// `samplePerGroup`: how many booked and how many not-booked messages of each sender the
    /// report keeps as examples (the cap per run; the rest are counted as dropped).
    public init(store: any ReportStore, samplePerGroup: Int = 10) {
        self.store = store
        self.samplePerGroup = samplePerGroup
    }

    /// Builds the report over `parameters` and stores it.
    public func create(_ parameters: AttributionParameters, createdBy: String?, in workspaceID: Identifier<Workspace>) async throws
        -> (stored: StoredReport, report: MessagePerformanceReport)
    {
        let report = try await build(parameters.validated(), in: workspaceID)
        let body = String(decoding: try report.canonicalJSON(), as: UTF8.self)
        let stored = try await store.saveReport(body, parametersHash: report.parametersHash, createdBy: createdBy, in: workspaceID)
        return (stored, report)
    }

    /// The report without storing it: same data and parameters → the same bytes.
    public func build(_ parameters: AttributionParameters, in workspaceID: Identifier<Workspace>) async throws -> MessagePerformanceReport {
        let data = try await store.reportData(parameters, samplePerGroup: samplePerGroup, in: workspaceID)
        let (cells, unattributed) = (data.cells, data.unattributedBookings)
        let messages = data.sample.map { row in
            let redactor = Redactor(names: [row.leadFirstName, row.leadLastName])
            // The snippet is the first 280 characters of the redacted body. Only the first 1,000
            // are redacted: a match cut at character 1,000 would have to start before 280 and be
            // over 700 characters long to change the snippet (only a URL could, and a cut URL is
            // still redacted as one), and long bodies cost a fraction.
            return MessagePerformanceReport.SampleMessage(
                id: row.id, sender: row.sender, channel: row.channel, outcome: row.outcome, archetype: row.archetype, sentAt: row.sentAt,
                snippet: String(redactor.redact(String(row.body.prefix(1_000))).text.prefix(Self.snippetLength)))
        }
        let cohort = cells.reduce(0) { $0 + $1.count }
        return MessagePerformanceReport.build(
            cells: cells, unattributedBookings: unattributed, parameters: parameters, parametersHash: Self.hash(parameters),
            sample: .init(messages: messages, limitPerGroup: samplePerGroup, dropped: max(0, cohort - messages.count)))
    }

    public func report(_ id: Identifier<StoredReport>, in workspaceID: Identifier<Workspace>) async throws
        -> (stored: StoredReport, report: MessagePerformanceReport)
    {
        let stored = try await store.report(id, in: workspaceID)
        return (stored, try MessagePerformanceReport.decode(Data(stored.body.utf8)))
    }

    /// Newest first.
    public func list(in workspaceID: Identifier<Workspace>, limit: Int) async throws
        -> [(stored: StoredReport, report: MessagePerformanceReport)]
    {
        try await store.reports(in: workspaceID, limit: limit).map { ($0, try MessagePerformanceReport.decode(Data($0.body.utf8))) }
    }

    static let snippetLength = 280

    public static func hash(_ parameters: AttributionParameters) -> String {
        SHA256.hash(data: MessagePerformanceReport.canonicalJSON(parameters)).map { String(format: "%02x", $0) }.joined()
    }
}
