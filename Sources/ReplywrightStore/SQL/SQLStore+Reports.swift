import Foundation
import ReplywrightCore
import SQLKit

/// The message-performance cohort in SQL, in three steps that each stay fast on a million
/// messages:
///
/// 1. **Bulk**: every cohort message counted by its stored report key and week, labelled by
///    maturity alone (`not_booked` once `maturityCutoff` has passed, else `pending`): one scan of
///    the `messages_cells` index, in index order, with no join and no sort.
/// 2. **Credit**: the few messages whose label is not their maturity (the last outbound message
///    before each booking, cross- and within-channel, and every message of a lead whose history is
///    incomplete), found from the booked leads through the lead index into a temporary table
///    keyed by message id.
/// 3. **Corrections**: those messages counted by key and label; the cells are the bulk minus
///    their maturity labels plus their real ones.
///
/// `ReportStoreTests` checks the result against Core's `Attribution` on both engines. A message
/// whose key a writer clears while a report runs is left out of that report (as one arriving
/// after it would be); the next report counts it.
extension SQLStore: ReportStore {
    public func reportData(_ parameters: AttributionParameters, samplePerGroup: Int, in workspaceID: Identifier<Workspace>)
        async throws -> ReportData
    {
        try await fillReportKeys(in: workspaceID)
        return try await read { db in
            // A temporary table lives on this connection only; dropped before it goes back to the pool.
            try await db.raw("DROP TABLE IF EXISTS report_credit").run()
            try await db.raw(
                """
                CREATE TEMPORARY TABLE report_credit (
                    id TEXT PRIMARY KEY, lead_id TEXT NOT NULL, occurred_at \(unsafeRaw: ColumnTypes(engine).timestamp) NOT NULL,
                    report_key TEXT, report_week INTEGER, cross_outcome TEXT, within_outcome TEXT)
                """
            ).run()
            do {
                let data = try await reportData(on: db, parameters, samplePerGroup: samplePerGroup, in: workspaceID)
                try await db.raw("DROP TABLE report_credit").run()
                return data
            } catch {
                try? await db.raw("DROP TABLE IF EXISTS report_credit").run()
                throw error
            }
        }
    }

    private func reportData(
        on db: any SQLDatabase, _ parameters: AttributionParameters, samplePerGroup: Int, in workspaceID: Identifier<Workspace>
    ) async throws -> ReportData {
        let ws = workspaceID.rawValue
        let cutoff = parameters.maturityCutoff
        // PostgreSQL: the bulk count runs on a second pooled connection while this one finds the
        // credit (SQLite has one connection: one after the other).
        async let concurrentBulk: [String]? = engine == .postgres ? read { try await bulkCells(on: $0, parameters, in: workspaceID) } : nil
        let sequentialBulk = engine == .postgres ? nil : try await bulkCells(on: db, parameters, in: workspaceID)
        try await db.raw(creditQuery(parameters, in: workspaceID)).run()
        let corrections = try await db.raw(
            """
            SELECT report_key || '|' || CAST(report_week AS TEXT) || '|' || mature || '|' || COALESCE(cross_outcome, '')
                   || '|' || COALESCE(within_outcome, '') || '|' || CAST(COUNT(*) AS TEXT) AS cell
            FROM (SELECT report_key, report_week, CASE WHEN occurred_at <= \(bind: cutoff) THEN '1' ELSE '0' END AS mature,
                         cross_outcome, within_outcome
                  FROM report_credit WHERE occurred_at >= \(bind: parameters.from) AND occurred_at < \(bind: parameters.to)) c
            GROUP BY report_key, report_week, mature, cross_outcome, within_outcome
            """
        ).all()
        let reasons = try await db.raw(
            """
            SELECT CASE WHEN NOT l.history_complete THEN 'incomplete_history' WHEN k.outcome IS NULL THEN 'no_outbound_in_window'
                        WHEN k.outcome = 'unattributed' THEN 'tied' ELSE 'credited' END AS reason, COUNT(*) AS n
            FROM leads l
            LEFT JOIN (SELECT lead_id, MIN(cross_outcome) AS outcome FROM report_credit WHERE cross_outcome IS NOT NULL GROUP BY lead_id) k
                ON k.lead_id = l.id
            WHERE l.workspace_id = \(bind: ws) AND l.appointment_status IN ('booked', 'rescheduled') AND l.booked_at IS NOT NULL
                AND l.booked_at <= \(bind: parameters.asOf)
            GROUP BY 1
            """
        ).all()

        // Cells summed under a compact key (the stored key's index, week, labels), each stored key
        // parsed once. Two stored keys can name one cell (an AI message without a disposition
        // counts as approved): they share an index.
        var keys: [ReportKey] = [], byStored: [Substring: (index: Int, group: ReportKey.Group)] = [:], byCell: [ReportKey.Cell: Int] = [:]
        func parse(_ text: String, fields: Int) -> (index: Int, group: ReportKey.Group, fields: [Substring])? {
            guard let (stored, rest) = ReportKey.split(text, trailing: fields) else { return nil }
            if let known = byStored[stored] { return (known.index, known.group, rest) }
            guard let parsed = ReportKey(String(stored)) else { return nil }
            let index = byCell[parsed.cell] ?? keys.count
            if index == keys.count { keys.append(parsed) }
            byCell[parsed.cell] = index
            byStored[stored] = (index, parsed.group)
            return (index, parsed.group, rest)
        }
        struct Slot: Hashable { var key: Int, week: Int, cross: MessageOutcome, within: MessageOutcome }
        var counts: [Slot: Int] = [:]
        var groups = Set<ReportKey.Group>()
        let bulk: [String]
        if let sequentialBulk { bulk = sequentialBulk } else { bulk = try await concurrentBulk ?? [] }
        for text in bulk {
            guard let (index, group, fields) = parse(text, fields: 3), let week = Int(fields[0]), let count = Int(fields[1]),
                let mature = Int(fields[2])
            else { continue }
            counts[Slot(key: index, week: week, cross: .notBooked, within: .notBooked), default: 0] += mature
            counts[Slot(key: index, week: week, cross: .pending, within: .pending), default: 0] += count - mature
            if mature > 0 { groups.insert(group) }
        }
        // Each corrected message leaves its maturity cell for the cell of its real labels.
        for row in corrections {
            guard let text = try row.optionalString("cell"), let (index, _, fields) = parse(text, fields: 5), let week = Int(fields[0]),
                let count = Int(fields[4])
            else { continue }
            let maturity: MessageOutcome = fields[1] == "1" ? .notBooked : .pending
            let cross = MessageOutcome(rawValue: String(fields[2])) ?? maturity
            let within = MessageOutcome(rawValue: String(fields[3])) ?? maturity
            counts[Slot(key: index, week: week, cross: maturity, within: maturity), default: 0] -= count
            counts[Slot(key: index, week: week, cross: cross, within: within), default: 0] += count
        }
        let cells = counts.compactMap { slot, count in
            count == 0 ? nil : keys[slot.key].reportCell(week: slot.week, cross: slot.cross, within: slot.within, count: count)
        }
        var unattributed: [UnattributedReason: Int] = [:]
        for row in reasons {
            if let reason = UnattributedReason(rawValue: try row.string("reason")) { unattributed[reason] = try row.int("n") }
        }
        let sample =
            samplePerGroup > 0
            ? try await reportSample(on: db, parameters, perGroup: samplePerGroup, notBookedGroups: groups, in: workspaceID) : []
        return ReportData(cells: cells, unattributedBookings: unattributed, sample: sample)
    }

    /// The cohort counted by stored key and week, labelled by maturity: `key|week|count|mature`
    /// per row, one text column (decoding one column of tens of thousands of rows costs a
    /// fraction of decoding four).
    private func bulkCells(on db: any SQLDatabase, _ parameters: AttributionParameters, in workspaceID: Identifier<Workspace>)
        async throws -> [String]
    {
        try await db.raw(
            """
            SELECT m.report_key || '|' || CAST(m.report_week AS TEXT) || '|' || CAST(COUNT(*) AS TEXT)
                   || '|' || CAST(SUM(CASE WHEN m.occurred_at <= \(bind: parameters.maturityCutoff) THEN 1 ELSE 0 END) AS TEXT) AS cell
            FROM messages m \(unsafeRaw: indexedBy("messages_cells"))
            WHERE \(cohortCondition(parameters, in: workspaceID))
            GROUP BY m.report_key, m.report_week
            """
        ).all().compactMap { try $0.optionalString("cell") }
    }

    /// The cohort: the workspace's outbound messages from a setter or the AI, known at `asOf`, sent in [`from`, `to`).
    private func cohortCondition(_ parameters: AttributionParameters, in workspaceID: Identifier<Workspace>) -> SQLQueryString {
        """
        m.workspace_id = \(bind: workspaceID.rawValue) AND m.direction = 'outbound' AND m.sender IN ('setter', 'ai')
            AND m.occurred_at < \(bind: parameters.asOf) AND m.occurred_at >= \(bind: parameters.from) AND m.occurred_at < \(bind: parameters.to)
        """
    }

    /// Fills the report keys writers cleared or never set (new messages, imports, changed answers,
    /// rows loaded by other tools). A probe first, so a report over keyed data writes nothing.
    private func fillReportKeys(in workspaceID: Identifier<Workspace>) async throws {
        let ws = workspaceID.rawValue
        let missing = try await read { db in
            try await db.raw(
                """
                SELECT id FROM messages WHERE workspace_id = \(bind: ws) AND direction = 'outbound' AND report_key IS NULL LIMIT 1
                """
            ).first()
        }
        guard missing != nil else { return }
        try await read { db in
            try await db.raw(
                """
                UPDATE messages SET \(unsafeRaw: Self.reportKeyAssignments(engine))
                WHERE workspace_id = \(bind: ws) AND direction = 'outbound' AND report_key IS NULL
                """
            ).run()
        }
    }

    /// `report_key = …, report_week = …` for an `UPDATE messages`: the parts `ReportKey` reads, in
    /// its order, from the row and its draft. Also what migration 14 backfills with.
    static func reportKeyAssignments(_ engine: DatabaseEngine) -> String {
        let epoch = { (column: String) in engine == .sqlite ? column : "EXTRACT(EPOCH FROM \(column))" }
        let lengthBand = bandCase("body_chars", thresholds: LengthBand.thresholds, names: LengthBand.allCases.map(\.rawValue))
        let waited = bandCase(
            "(\(epoch("occurred_at")) - \(epoch("answers_at")))", thresholds: ReplySpeed.thresholds, names: ReplySpeed.banded.map(\.rawValue))
        let draft = { (column: String) in "(SELECT d.\(column) FROM drafts d WHERE d.id = messages.draft_id)" }
        let weeks = "(\(epoch("occurred_at")) - \(Int(ReportCell.weekEpoch))) / 604800"
        let key = [
            "sender", "COALESCE(disposition, \(draft("disposition")), '')", "channel", "COALESCE(\(draft("archetype_id")), 'none')", lengthBand,
            "CASE WHEN answers_at IS NULL THEN '\(ReplySpeed.unprompted.rawValue)' ELSE \(waited) END",
            "CASE WHEN answers_at IS NULL THEN 'none' ELSE COALESCE(answers_intent, 'unknown') END",
        ].joined(separator: " || '|' || ")
        let week = engine == .sqlite ? "CAST(\(weeks) AS INTEGER)" : "CAST(FLOOR(\(weeks)) AS INTEGER)"
        return "report_key = \(key), report_week = \(week)"
    }

    /// Fills `report_credit` with every message whose label is not its maturity: for each booked
    /// lead with a complete history, its outbound messages in the booking's window (`cand`, from
    /// the lead index); a message is the cross-channel credit when nothing follows it in the
    /// window (`booked`, or `unattributed` when another message shares its instant), the
    /// within-channel one when nothing on its channel follows it. One window per lead, ordered
    /// by time, over the current row and what follows, gives both (per channel by a column per
    /// channel, so every window function shares one sort). Then every outbound message of a lead
    /// whose history is incomplete (`unattributed`).
    private func creditQuery(_ parameters: AttributionParameters, in workspaceID: Identifier<Workspace>) -> SQLQueryString {
        let ws = workspaceID.rawValue
        let perChannel = Channel.allCases.map { channel in
            "MAX(CASE WHEN channel = '\(channel.rawValue)' THEN occurred_at END) OVER w AS \(channel.rawValue)_at, "
                + "SUM(CASE WHEN channel = '\(channel.rawValue)' THEN 1 ELSE 0 END) OVER w AS \(channel.rawValue)_n"
        }.joined(separator: ", ")
        let ownChannel = { (suffix: String) in
            "CASE channel " + Channel.allCases.map { "WHEN '\($0.rawValue)' THEN \($0.rawValue)_\(suffix)" }.joined(separator: " ") + " END"
        }
        let windowStart =
            engine == .sqlite
            ? "b.booked_at - \(parameters.attributionWindow)" : "b.booked_at - make_interval(secs => \(parameters.attributionWindow))"
        return """
            WITH b AS (
                SELECT id AS lead_id, booked_at FROM leads
                WHERE workspace_id = \(bind: ws) AND appointment_status IN ('booked', 'rescheduled') AND booked_at IS NOT NULL
                    AND booked_at <= \(bind: parameters.asOf) AND history_complete
            ),
            cand AS (
                SELECT m.id, m.lead_id, m.channel, m.occurred_at, m.report_key, m.report_week
                FROM b JOIN messages m \(unsafeRaw: indexedBy("messages_lead")) ON m.workspace_id = \(bind: ws) AND m.lead_id = b.lead_id
                WHERE m.direction = 'outbound' AND m.sender IN ('setter', 'ai') AND m.occurred_at < \(bind: parameters.asOf)
                    AND m.occurred_at < b.booked_at AND m.occurred_at >= \(unsafeRaw: windowStart)
            ),
            framed AS (
                SELECT id, lead_id, channel, occurred_at, report_key, report_week,
                       MAX(occurred_at) OVER w AS last_at, COUNT(*) OVER w AS last_n, \(unsafeRaw: perChannel)
                FROM cand
                WINDOW w AS (PARTITION BY lead_id ORDER BY occurred_at RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)
            ),
            flagged AS (
                SELECT id, lead_id, occurred_at, report_key, report_week, occurred_at = last_at AS is_cross, last_n AS cross_n,
                       occurred_at = \(unsafeRaw: ownChannel("at")) AS is_within, \(unsafeRaw: ownChannel("n")) AS within_n
                FROM framed
            )
            INSERT INTO report_credit (id, lead_id, occurred_at, report_key, report_week, cross_outcome, within_outcome)
            SELECT id, lead_id, occurred_at, report_key, report_week,
                   CASE WHEN NOT is_cross THEN NULL WHEN cross_n = 1 THEN 'booked' ELSE 'unattributed' END,
                   CASE WHEN NOT is_within THEN NULL WHEN within_n = 1 THEN 'booked' ELSE 'unattributed' END
            FROM flagged WHERE is_cross OR is_within
            UNION ALL
            SELECT m.id, m.lead_id, m.occurred_at, m.report_key, m.report_week, 'unattributed', 'unattributed'
            FROM leads l JOIN messages m \(unsafeRaw: indexedBy("messages_lead")) ON m.workspace_id = \(bind: ws) AND m.lead_id = l.id
            WHERE l.workspace_id = \(bind: ws) AND NOT l.history_complete AND m.direction = 'outbound' AND m.sender IN ('setter', 'ai')
                AND m.occurred_at < \(bind: parameters.asOf)
            """
    }

    /// The newest booked messages of each sender group (from the credit table), then the newest
    /// mature uncredited ones of each group that has any (a backwards walk of the time index that
    /// stops at `perGroup`), in one fixed order.
    private func reportSample(
        on db: any SQLDatabase, _ parameters: AttributionParameters, perGroup: Int, notBookedGroups: Set<ReportKey.Group>,
        in workspaceID: Identifier<Workspace>
    ) async throws -> [ReportSampleRow] {
        let columns = """
            m.id, m.sender, COALESCE(m.disposition, d.disposition) AS disposition, m.channel, d.archetype_id AS archetype, m.occurred_at,
            m.body, l.first_name, l.last_name
            """
        let inCohort = cohortCondition(parameters, in: workspaceID)
        // Ranked on the credit table alone (its rows are cohort messages); bodies and names read
        // for the chosen few.
        var rows = try await db.raw(
            """
            SELECT \(unsafeRaw: columns), 'booked' AS outcome
            FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY \(unsafeRaw: senderGroup("report_key")) ORDER BY occurred_at DESC, id) AS rn
                  FROM report_credit
                  WHERE cross_outcome = 'booked' AND occurred_at >= \(bind: parameters.from) AND occurred_at < \(bind: parameters.to)) ranked
            JOIN messages m ON m.id = ranked.id LEFT JOIN drafts d ON d.id = m.draft_id JOIN leads l ON l.id = m.lead_id
            WHERE ranked.rn <= \(bind: perGroup)
            """
        ).all()
        for group in notBookedGroups.sorted(by: { ($0.sender, $0.disposition) < ($1.sender, $1.disposition) }) {
            rows += try await db.raw(
                """
                SELECT \(unsafeRaw: columns), 'not_booked' AS outcome
                FROM messages m LEFT JOIN drafts d ON d.id = m.draft_id JOIN leads l ON l.id = m.lead_id
                WHERE \(inCohort) AND m.occurred_at <= \(bind: parameters.maturityCutoff) AND l.history_complete
                    AND m.sender = \(bind: group.sender) AND COALESCE(m.disposition, d.disposition, '') = \(bind: group.disposition)
                    AND NOT EXISTS (SELECT 1 FROM report_credit c WHERE c.id = m.id AND c.cross_outcome IS NOT NULL)
                ORDER BY m.occurred_at DESC, m.id LIMIT \(bind: perGroup)
                """
            ).all()
        }
        let sample = try rows.compactMap { row -> ReportSampleRow? in
            guard let sender = MessageSender(rawValue: try row.string("sender")),
                let segment = SenderSegment(
                    sender: sender, disposition: try row.optionalString("disposition").flatMap(Draft.Disposition.init(rawValue:))),
                let channel = Channel(rawValue: try row.string("channel")),
                let outcome = MessageOutcome(rawValue: try row.string("outcome"))
            else { return nil }
            return ReportSampleRow(
                id: try row.string("id"), sender: segment, channel: channel, outcome: outcome, archetype: try row.optionalString("archetype"),
                sentAt: try row.date("occurred_at"), body: try row.string("body"), leadFirstName: try row.optionalString("first_name"),
                leadLastName: try row.optionalString("last_name"))
        }
        return sample.sorted { lhs, rhs in
            let l = (SenderSegment.allCases.firstIndex(of: lhs.sender) ?? 0, lhs.outcome.rawValue)
            let r = (SenderSegment.allCases.firstIndex(of: rhs.sender) ?? 0, rhs.outcome.rawValue)
            if l != r { return l < r }
            return lhs.sentAt != rhs.sentAt ? lhs.sentAt > rhs.sentAt : lhs.id < rhs.id
        }
    }

    /// The sender and disposition part of a stored report key (`sender|disposition`), what the
    /// sample groups by.
    private func senderGroup(_ key: String) -> String {
        engine == .sqlite
            ? "substr(\(key), 1, instr(\(key), '|') + instr(substr(\(key), instr(\(key), '|') + 1), '|') - 1)"
            : "split_part(\(key), '|', 1) || '|' || split_part(\(key), '|', 2)"
    }

    /// SQLite's planner, without statistics, takes the time index for these scans; PostgreSQL's
    /// picks the right one by itself.
    private func indexedBy(_ index: String) -> String { engine == .sqlite ? "INDEXED BY \(index)" : "" }

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
            try await db.raw(
                """
                INSERT INTO insight_reports (id, workspace_id, parameters_hash, body, synthesis, created_by, created_at)
                VALUES (\(bind: Self.newID()), \(bind: workspaceID.rawValue), \(bind: parametersHash), \(bind: body), NULL,
                        \(bind: createdBy), \(bind: clock()))
                RETURNING \(unsafeRaw: Self.reportColumns)
                """
            ).first()
        }
        guard let row else { throw AppError(.internalError, "report insert returned no row") }
        return try Self.report(from: row)
    }

    public func report(_ id: Identifier<StoredReport>, in workspaceID: Identifier<Workspace>) async throws -> StoredReport {
        let row = try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.reportColumns) FROM insight_reports
                WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspaceID.rawValue)
                """
            ).first()
        }
        guard let row else { throw AppError.notFound("report") }
        return try Self.report(from: row)
    }

    public func reports(in workspaceID: Identifier<Workspace>, limit: Int) async throws -> [StoredReport] {
        try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.reportColumns) FROM insight_reports WHERE workspace_id = \(bind: workspaceID.rawValue)
                ORDER BY created_at DESC, id DESC LIMIT \(bind: max(0, limit))
                """
            ).all()
        }.map(Self.report(from:))
    }

    public func saveSynthesis(_ json: String, reportID: Identifier<StoredReport>, in workspaceID: Identifier<Workspace>) async throws {
        let row = try await read { db in
            try await db.raw(
                """
                UPDATE insight_reports SET synthesis = \(bind: json)
                WHERE id = \(bind: reportID.rawValue) AND workspace_id = \(bind: workspaceID.rawValue) RETURNING id
                """
            ).first()
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

/// A message's stored report key: the parts of its `ReportCell` that no report parameter changes,
/// joined by `|` (`sender|disposition|channel|archetype|length|reply speed|intent`).
private struct ReportKey {
    /// The sender and disposition as stored (`""` for none): what the sample groups by.
    struct Group: Hashable { var sender: String, disposition: String }
    /// What the key contributes to a `ReportCell`.
    struct Cell: Hashable {
        var segment: SenderSegment, channel: Channel, archetype: String, length: LengthBand, replySpeed: ReplySpeed, intent: String
    }

    let group: Group
    let cell: Cell

    /// `key|f1|…|fn` → the key and its `trailing` fields (split from the right: the key has `|`s).
    static func split(_ text: String, trailing: Int) -> (key: Substring, fields: [Substring])? {
        var end = text.endIndex, fields: [Substring] = []
        for _ in 0..<trailing {
            guard let bar = text[..<end].lastIndex(of: "|") else { return nil }
            fields.append(text[text.index(after: bar)..<end])
            end = bar
        }
        return (text[..<end], fields.reversed())
    }

    init?(_ stored: String) {
        let parts = stored.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 7, let sender = MessageSender(rawValue: parts[0]),
            let segment = SenderSegment(sender: sender, disposition: Draft.Disposition(rawValue: parts[1])),
            let channel = Channel(rawValue: parts[2]), let length = LengthBand(rawValue: parts[4]), let speed = ReplySpeed(rawValue: parts[5])
        else { return nil }
        group = Group(sender: parts[0], disposition: parts[1])
        cell = Cell(segment: segment, channel: channel, archetype: parts[3], length: length, replySpeed: speed, intent: parts[6])
    }

    func reportCell(week: Int, cross: MessageOutcome, within: MessageOutcome, count: Int) -> ReportCell {
        ReportCell(
            sender: cell.segment, channel: cell.channel, archetype: cell.archetype, length: cell.length, replySpeed: cell.replySpeed,
            intent: cell.intent, week: week, crossChannel: cross, withinChannel: within, count: count)
    }
}

extension SQLStore: InsightsSettingsStore {
    public func insightsSettings(in workspaceID: Identifier<Workspace>) async throws -> InsightsSettings {
        try await workspaceDocument(InsightsSettings.self, table: "insights_settings", column: "settings", in: workspaceID) ?? InsightsSettings()
    }

    public func saveInsightsSettings(_ settings: InsightsSettings, in workspaceID: Identifier<Workspace>) async throws -> InsightsSettings {
        let settings = try settings.validated()
        try await saveWorkspaceDocument(
            settings, table: "insights_settings", column: "settings", flag: ("weekly", settings.weekly), in: workspaceID)
        return settings
    }

    public func weeklyInsightsWorkspaces() async throws -> [Identifier<Workspace>] {
        try await read { db in
            try await db.raw("SELECT workspace_id FROM insights_settings WHERE weekly ORDER BY workspace_id").all()
        }.map { Identifier(try $0.string("workspace_id")) }
    }
}
