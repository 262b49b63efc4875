import Foundation
import ReplywrightCore
import SQLKit

/// The message-performance cohort in SQL: `Attribution`'s labels computed in one pass over the
/// workspace's outbound messages, then counted by every report dimension, so a million messages
/// come back as a few hundred cells.
extension SQLStore: ReportStore {
    public func reportCells(_ parameters: AttributionParameters, in workspaceID: Identifier<Workspace>)
        async throws -> (cells: [ReportCell], unattributedBookings: [UnattributedReason: Int])
    {
        let cohort = cohortQuery(parameters, in: workspaceID)
        let lengthBand = Self.bandCase("chars", thresholds: LengthBand.thresholds, names: LengthBand.allCases.map(\.rawValue))
        let waited = Self.bandCase("(ts - in_ts)", thresholds: ReplySpeed.thresholds, names: ReplySpeed.banded.map(\.rawValue))
        let speed = "CASE WHEN in_ts IS NULL THEN '\(ReplySpeed.unprompted.rawValue)' ELSE \(waited) END"
        let week = engine == .sqlite
            ? "CAST((ts - \(Int(ReportCell.weekEpoch))) / 604800 AS INTEGER)"
            : "CAST(FLOOR((ts - \(Int(ReportCell.weekEpoch))) / 604800) AS BIGINT)"
        // One text key per cell: a few hundred rows of two columns decode fast where ten
        // columns a row did not (decoding was most of the time on a million messages).
        let key = """
            sender || '|' || COALESCE(disposition, '') || '|' || channel || '|' || COALESCE(archetype, 'none') || '|' || \(lengthBand)
                || '|' || \(speed) || '|' || (CASE WHEN in_ts IS NULL THEN 'none' ELSE COALESCE(in_intent, 'unknown') END)
                || '|' || CAST(\(week) AS TEXT) || '|' || cross_outcome || '|' || within_outcome
            """
        let rows = try await self.rows(cohort + """
            SELECT \(unsafeRaw: key) AS cell, COUNT(*) AS n FROM labelled GROUP BY 1
            """)
        let cells = try rows.compactMap { row -> ReportCell? in
            let parts = try row.string("cell").split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 10, let sender = MessageSender(rawValue: parts[0]),
                let segment = SenderSegment(sender: sender, disposition: Draft.Disposition(rawValue: parts[1])),
                let channel = Channel(rawValue: parts[2]), let length = LengthBand(rawValue: parts[4]),
                let speed = ReplySpeed(rawValue: parts[5]), let week = Int(parts[7]),
                let cross = MessageOutcome(rawValue: parts[8]), let within = MessageOutcome(rawValue: parts[9])
            else { return nil }
            return ReportCell(
                sender: segment, channel: channel, archetype: parts[3], length: length, replySpeed: speed, intent: parts[6], week: week,
                crossChannel: cross, withinChannel: within, count: try row.int("n"))
        }
        return try await read { db in
            let reasons = try await db.raw(cohortQuery(parameters, in: workspaceID) + """
                SELECT CASE WHEN NOT b.history_complete THEN 'incomplete_history' WHEN k.n IS NULL THEN 'no_outbound_in_window'
                            WHEN k.n > 1 THEN 'tied' ELSE 'credited' END AS reason, COUNT(*) AS n
                FROM b LEFT JOIN (SELECT lead_id, MAX(n) AS n FROM xc GROUP BY lead_id) k ON k.lead_id = b.lead_id
                GROUP BY 1
                """).all()
            var unattributed: [UnattributedReason: Int] = [:]
            for row in reasons {
                if let reason = UnattributedReason(rawValue: try row.string("reason")) { unattributed[reason] = try row.int("n") }
            }
            return (ReportCell.merged(cells), unattributed)
        }
    }

    public func reportSample(_ parameters: AttributionParameters, perGroup: Int, in workspaceID: Identifier<Workspace>)
        async throws -> [ReportSampleRow]
    {
        let cohort = cohortQuery(parameters, in: workspaceID)
        let rows = try await read { db in
            try await db.raw(cohort + """
                SELECT s.id, s.sender, s.disposition, s.channel, s.archetype, s.occurred_at, s.cross_outcome, m.body,
                       l.first_name, l.last_name
                FROM (SELECT labelled.*, ROW_NUMBER() OVER (
                          PARTITION BY sender, COALESCE(disposition, ''), cross_outcome ORDER BY occurred_at DESC, id) AS rn
                      FROM labelled WHERE cross_outcome IN ('booked', 'not_booked')) s
                JOIN messages m ON m.id = s.id JOIN leads l ON l.id = s.lead_id
                WHERE s.rn <= \(bind: max(0, perGroup))
                ORDER BY s.sender, s.disposition, s.cross_outcome, s.occurred_at DESC, s.id
                """).all()
        }
        return try rows.compactMap { row in
            guard let sender = MessageSender(rawValue: try row.string("sender")),
                let segment = SenderSegment(
                    sender: sender, disposition: try row.optionalString("disposition").flatMap(Draft.Disposition.init(rawValue:))),
                let channel = Channel(rawValue: try row.string("channel")),
                let outcome = MessageOutcome(rawValue: try row.string("cross_outcome"))
            else { return nil }
            return ReportSampleRow(
                id: try row.string("id"), sender: segment, channel: channel, outcome: outcome, archetype: try row.optionalString("archetype"),
                sentAt: try row.date("occurred_at"), body: try row.string("body"), leadFirstName: try row.optionalString("first_name"),
                leadLastName: try row.optionalString("last_name"))
        }
    }

    /// The CTEs every report query starts with: `o` the workspace's outbound messages known at
    /// `asOf` with what each answered (`in_ts`, `in_intent`: kept on the row as messages arrive,
    /// so no window runs over conversations; one scan of the `messages_report` index), `b` the
    /// booked leads, `cand` the messages in a booking's window, `xc`/`cc` the cross- and
    /// within-channel credit at the last instant, `labelled` the cohort with both outcomes (credit
    /// and incomplete histories looked up with `IN`, which both engines turn into one hashed set,
    /// where a join on a materialised CTE would scan it per row on SQLite).
    private func cohortQuery(_ parameters: AttributionParameters, in workspaceID: Identifier<Workspace>) -> SQLQueryString {
        let ws = workspaceID.rawValue
        let epoch = { (column: String) in self.engine == .sqlite ? column : "CAST(EXTRACT(EPOCH FROM \(column)) AS DOUBLE PRECISION)" }
        return """
            WITH o AS (
                SELECT m.id, m.lead_id, m.channel, m.sender, m.occurred_at, \(unsafeRaw: epoch("m.occurred_at")) AS ts, m.body_chars AS chars,
                       COALESCE(m.disposition, d.disposition) AS disposition, d.archetype_id AS archetype,
                       \(unsafeRaw: epoch("m.answers_at")) AS in_ts, m.answers_intent AS in_intent
                FROM messages m LEFT JOIN drafts d ON d.id = m.draft_id
                WHERE m.workspace_id = \(bind: ws) AND m.direction = 'outbound' AND m.sender IN ('setter', 'ai')
                    AND m.occurred_at < \(bind: parameters.asOf)
            ),
            b AS (
                SELECT id AS lead_id, \(unsafeRaw: epoch("booked_at")) AS bts, history_complete FROM leads
                WHERE workspace_id = \(bind: ws) AND appointment_status IN ('booked', 'rescheduled') AND booked_at IS NOT NULL
                    AND booked_at <= \(bind: parameters.asOf)
            ),
            cand AS (
                SELECT o.id, o.lead_id, o.channel, o.ts FROM o JOIN b ON b.lead_id = o.lead_id
                WHERE b.history_complete AND o.ts < b.bts AND o.ts >= b.bts - \(bind: parameters.attributionWindow)
            ),
            xl AS (SELECT lead_id, MAX(ts) AS ts FROM cand GROUP BY lead_id),
            xc AS (
                SELECT c.id, c.lead_id, COUNT(*) OVER (PARTITION BY c.lead_id) AS n
                FROM cand c JOIN xl ON xl.lead_id = c.lead_id AND xl.ts = c.ts
            ),
            cl AS (SELECT lead_id, channel, MAX(ts) AS ts FROM cand GROUP BY lead_id, channel),
            cc AS (
                SELECT c.id, COUNT(*) OVER (PARTITION BY c.lead_id, c.channel) AS n
                FROM cand c JOIN cl ON cl.lead_id = c.lead_id AND cl.channel = c.channel AND cl.ts = c.ts
            ),
            incomplete AS (SELECT id FROM leads WHERE workspace_id = \(bind: ws) AND NOT history_complete),
            labelled AS (
                SELECT o.*,
                    CASE WHEN o.lead_id IN (SELECT id FROM incomplete) THEN 'unattributed' WHEN o.id IN (SELECT id FROM xc WHERE n = 1) THEN 'booked'
                         WHEN o.id IN (SELECT id FROM xc) THEN 'unattributed'
                         WHEN o.occurred_at <= \(bind: parameters.maturityCutoff) THEN 'not_booked' ELSE 'pending' END AS cross_outcome,
                    CASE WHEN o.lead_id IN (SELECT id FROM incomplete) THEN 'unattributed' WHEN o.id IN (SELECT id FROM cc WHERE n = 1) THEN 'booked'
                         WHEN o.id IN (SELECT id FROM cc) THEN 'unattributed'
                         WHEN o.occurred_at <= \(bind: parameters.maturityCutoff) THEN 'not_booked' ELSE 'pending' END AS within_outcome
                FROM o
                WHERE o.occurred_at >= \(bind: parameters.from) AND o.occurred_at < \(bind: parameters.to)
            )

            """
    }

    /// `CASE WHEN column < t0 THEN name0 … ELSE nameN END`, from Core's bands.
    static func bandCase(_ column: String, thresholds: [Int], names: [String]) -> String {
        let whens = zip(thresholds, names).map { "WHEN \(column) < \($0) THEN '\($1)'" }.joined(separator: " ")
        return "CASE \(whens) ELSE '\(names[thresholds.count])' END"
    }

    // MARK: Stored reports

    static let reportColumns = "id, workspace_id, parameters_hash, body, synthesis, created_by, created_at"

    public func saveReport(_ body: String, parametersHash: String, createdBy: String?, in workspaceID: Identifier<Workspace>)
        async throws -> StoredReport
    {
        let row = try await read { db in
            try await db.raw("""
                INSERT INTO insight_reports (id, workspace_id, parameters_hash, body, synthesis, created_by, created_at)
                VALUES (\(bind: Self.newID()), \(bind: workspaceID.rawValue), \(bind: parametersHash), \(bind: body), NULL,
                        \(bind: createdBy), \(bind: clock()))
                RETURNING \(unsafeRaw: Self.reportColumns)
                """).first()
        }
        guard let row else { throw AppError(.internalError, "report insert returned no row") }
        return try Self.report(from: row)
    }

    public func report(_ id: Identifier<StoredReport>, in workspaceID: Identifier<Workspace>) async throws -> StoredReport {
        let row = try await read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.reportColumns) FROM insight_reports
                WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspaceID.rawValue)
                """).first()
        }
        guard let row else { throw AppError.notFound("report") }
        return try Self.report(from: row)
    }

    public func reports(in workspaceID: Identifier<Workspace>, limit: Int) async throws -> [StoredReport] {
        try await read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.reportColumns) FROM insight_reports WHERE workspace_id = \(bind: workspaceID.rawValue)
                ORDER BY created_at DESC, id DESC LIMIT \(bind: max(0, limit))
                """).all()
        }.map(Self.report(from:))
    }

    public func saveSynthesis(_ json: String, reportID: Identifier<StoredReport>, in workspaceID: Identifier<Workspace>) async throws {
        let row = try await read { db in
            try await db.raw("""
                UPDATE insight_reports SET synthesis = \(bind: json)
                WHERE id = \(bind: reportID.rawValue) AND workspace_id = \(bind: workspaceID.rawValue) RETURNING id
                """).first()
        }
        guard row != nil else { throw AppError.notFound("report") }
    }

    static func report(from row: any SQLRow) throws -> StoredReport {
        StoredReport(
            id: Identifier(try row.string("id")), workspaceID: Identifier(try row.string("workspace_id")),
            parametersHash: try row.string("parameters_hash"), body: try row.string("body"), synthesis: try row.optionalString("synthesis"),
            createdBy: try row.optionalString("created_by"), createdAt: try row.date("created_at"))
    }
}

extension SQLStore: InsightsSettingsStore {
    public func insightsSettings(in workspaceID: Identifier<Workspace>) async throws -> InsightsSettings {
        let row = try await read { db in
            try await db.raw("""
                SELECT s.settings FROM workspaces w LEFT JOIN insights_settings s ON s.workspace_id = w.id
                WHERE w.id = \(bind: workspaceID.rawValue)
                """).first()
        }
        guard let row else { throw AppError.notFound("workspace") }
        return try row.optionalString("settings").map { try JSONCoding.decode(InsightsSettings.self, from: $0) } ?? InsightsSettings()
    }

    public func saveInsightsSettings(_ settings: InsightsSettings, in workspaceID: Identifier<Workspace>) async throws -> InsightsSettings {
        let settings = try settings.validated()
        _ = try await workspace(workspaceID)
        let json = try JSONCoding.encode(settings)
        let now = clock()
        try await read { db in
            try await db.raw("""
                INSERT INTO insights_settings (workspace_id, weekly, settings, updated_at)
                VALUES (\(bind: workspaceID.rawValue), \(bind: settings.weekly), \(bind: json), \(bind: now))
                ON CONFLICT (workspace_id) DO UPDATE SET weekly = \(bind: settings.weekly), settings = \(bind: json), updated_at = \(bind: now)
                """).run()
        }
        return settings
    }

    public func weeklyInsightsWorkspaces() async throws -> [Identifier<Workspace>] {
        try await read { db in
            try await db.raw("SELECT workspace_id FROM insights_settings WHERE weekly ORDER BY workspace_id").all()
        }.map { Identifier(try $0.string("workspace_id")) }
    }
}
