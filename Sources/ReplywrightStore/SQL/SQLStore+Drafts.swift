import Foundation
import ReplywrightCore
import SQLKit

extension SQLStore: DraftStore {
    static let draftColumns = """
        id, workspace_id, lead_id, trigger_message_id, status, disposition, source, intent, archetype_id, body, scores, combined_score,
        correction, candidate_stats, bundle_stats, rules_intent, needs_answer, created_at, updated_at, answers_message_id, candidates
        """

    public func insertDraft(_ draft: Draft) async throws -> (draft: Draft, inserted: Bool) {
        let scores = String(decoding: try JSONEncoder.sorted.encode(draft.scores), as: UTF8.self)
        let stats = String(decoding: try JSONEncoder.sorted.encode(draft.candidateStats), as: UTF8.self)
        let bundle = String(decoding: try JSONEncoder.sorted.encode(draft.bundleStats), as: UTF8.self)
        let candidates = String(decoding: try JSONEncoder().encode(draft.candidates), as: UTF8.self)
        // One statement in the usual case: the lead check rides along as `WHERE EXISTS`.
        let row = try await read { db in
            try await db.raw(
                """
                INSERT INTO drafts (\(unsafeRaw: Self.draftColumns), waiting_since, channel, search_text)
                SELECT \(bind: draft.id.rawValue), \(bind: draft.workspaceID.rawValue), \(bind: draft.leadID.rawValue),
                       \(bind: draft.triggerMessageID?.rawValue), \(bind: draft.status.rawValue),
                       \(bind: draft.disposition?.rawValue), \(bind: draft.source.rawValue),
                       \(bind: draft.intent.rawValue), \(bind: draft.archetypeID), \(bind: draft.body), \(bind: scores),
                       \(bind: draft.combinedScore), \(bind: draft.correction.rawValue), \(bind: stats), \(bind: bundle),
                       \(bind: draft.rulesIntent?.rawValue), \(bind: draft.needsAnswer), \(bind: draft.createdAt), \(bind: draft.updatedAt),
                       \(bind: draft.answersMessageID?.rawValue), \(bind: candidates),
                       COALESCE((SELECT occurred_at FROM messages WHERE id = v.message_id), \(bind: draft.createdAt)),
                       (SELECT channel FROM messages WHERE id = v.message_id),
                       \(unsafeRaw: Self.draftSearchText(engine, leadID: "v.lead_id", messageID: "v.message_id"))
                FROM (SELECT CAST(\(bind: draft.leadID.rawValue) AS TEXT) AS lead_id,
                             CAST(\(bind: draft.answersMessageID?.rawValue ?? "") AS TEXT) AS message_id) v
                WHERE EXISTS (SELECT 1 FROM leads WHERE id = \(bind: draft.leadID.rawValue) AND workspace_id = \(bind: draft.workspaceID.rawValue))
                ON CONFLICT (workspace_id, trigger_message_id) DO NOTHING
                RETURNING \(unsafeRaw: Self.draftColumns)
                """
            ).first()
        }
        if let row { return (try Self.draft(from: row), true) }
        if let trigger = draft.triggerMessageID, let existing = try await self.draft(forTrigger: trigger, in: draft.workspaceID) {
            return (existing, false)
        }
        _ = try await lead(draft.leadID, in: draft.workspaceID)  // throws not_found for a lead of another workspace
        throw AppError(.internalError, "draft insert returned no row")
    }

    public func review(
        _ id: Identifier<Draft>, in workspaceID: Identifier<Workspace>, action: Draft.ReviewAction, by sender: MessageSender,
        user: Identifier<User>?
    ) async throws -> Draft {
        let now = clock()
        return try await transaction { (tx: SQLStore) in
            let current = try await tx.draft(id, in: workspaceID)
            let next = try current.reviewed(action, at: now)
            let db = tx.requireConnection
            // The status guard makes concurrent reviews safe: only one wins the transition.
            let updated = try await db.raw(
                """
                UPDATE drafts SET status = \(bind: next.status.rawValue), disposition = \(bind: next.disposition?.rawValue),
                    body = \(bind: next.body), updated_at = \(bind: now)
                WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspaceID.rawValue)
                    AND status = \(bind: current.status.rawValue)
                RETURNING id
                """
            ).first()
            guard updated != nil else { throw AppError(.conflict, "the draft changed meanwhile; reload and try again") }
            if next.status == .sent {
                var trigger: Message?
                if let triggerID = current.triggerMessageID { trigger = try await tx.message(triggerID, in: workspaceID) }
                _ = try await tx.insertMessage(
                    NewMessage(
                        channel: trigger?.channel ?? .email, direction: .outbound, sender: sender,
                        subject: trigger?.subject.map { $0.lowercased().hasPrefix("re:") ? $0 : "Re: \($0)" },
                        body: next.body, externalID: "draft:\(id.rawValue)", draftID: id.rawValue, sentByUserID: user,
                        occurredAt: now, disposition: next.disposition),
                    leadID: current.leadID, in: workspaceID)
            }
            return next
        }
    }

    public func updateScores(
        _ id: Identifier<Draft>, scores: CandidateScores, combined: Double, in workspaceID: Identifier<Workspace>
    ) async throws {
        let json = String(decoding: try JSONEncoder.sorted.encode(scores), as: UTF8.self)
        let waiting = Draft.Status.waitingForReview.map(\.rawValue).sorted()
        let now = clock()
        let updated = try await read { db in
            try await db.raw(
                """
                UPDATE drafts SET scores = \(bind: json), combined_score = \(bind: combined), updated_at = \(bind: now)
                WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspaceID.rawValue) AND status IN (\(binds: waiting))
                RETURNING id
                """
            ).first()
        }
        guard updated != nil else { throw AppError(.conflict, "only a draft waiting for review can be rescored") }
    }

    public func draftSummaries(
        in workspaceID: Identifier<Workspace>, statuses: Set<Draft.Status>, leadID: Identifier<Lead>?, limit: Int, offset: Int
    ) async throws -> [DraftSummary] {
        guard !statuses.isEmpty else { return [] }
        let forLead: SQLQueryString = leadID.map { "AND d.lead_id = \(bind: $0.rawValue)" } ?? ""
        // One statement with the lead's name: the inbox's busiest read.
        let rows = try await rows(
            """
            SELECT \(unsafeRaw: Self.summaryColumns)
            FROM drafts d JOIN leads l ON l.id = d.lead_id
            WHERE d.workspace_id = \(bind: workspaceID.rawValue) AND d.status IN (\(binds: statuses.map(\.rawValue).sorted())) \(forLead)
            ORDER BY d.created_at DESC, d.id DESC \(Self.page(limit: min(max(limit, 1), 500), offset: offset))
            """)
        return try rows.map { try Self.summary(from: $0) }
    }

    public func inbox(_ query: InboxQuery, in workspaceID: Identifier<Workspace>) async throws -> InboxPage {
        guard !query.statuses.isEmpty else { return InboxPage(entries: [], total: 0, hasMore: false) }
        // Every condition is on the draft itself (migration 19), so the page query walks an index
        // in order and stops after a page, and the count reads no lead or message.
        var filters: SQLQueryString = ""
        if let intent = query.intent { filters = "\(filters) AND d.intent = \(bind: intent.rawValue)" }
        if let source = query.source { filters = "\(filters) AND d.source = \(bind: source.rawValue)" }
        if let channel = query.channel { filters = "\(filters) AND d.channel = \(bind: channel.rawValue)" }
        if query.needsAnswerOnly { filters = "\(filters) AND d.needs_answer = \(bind: true)" }
        let search = searchCondition(query.search)
        if let search { filters = "\(filters) AND \(search.condition)" }
        let matching: SQLQueryString = """
            WHERE d.workspace_id = \(bind: workspaceID.rawValue) AND d.status IN (\(binds: query.statuses.map(\.rawValue).sorted()))
            \(filters)
            """
        // Longest waiting first straight from `drafts_waiting`; one row past the page says whether there is a next one.
        let order: SQLQueryString =
            query.order == .waited
            ? "ORDER BY d.waiting_since ASC, d.id ASC" : "ORDER BY d.created_at DESC, d.id DESC"
        let limit = min(max(query.limit, 1), 500)
        let pageLimit = Self.page(limit: limit + 1, offset: query.offset)
        // The tab's matching drafts as `d`, read by the page and by its count. A search's
        // matches are found once (`matched`: their ids and sort keys): the trigram lookup is
        // most of a search's cost, and the count would otherwise repeat it.
        let prefix: SQLQueryString
        let matches: SQLQueryString
        let pageDrafts: SQLQueryString
        if let search {
            prefix = "WITH matched AS MATERIALIZED (SELECT d.id, d.waiting_since, d.created_at FROM \(search.from) \(matching)) "
            matches = "matched d"
            pageDrafts = "(SELECT d.id FROM matched d \(order) \(pageLimit)) p JOIN drafts d ON d.id = p.id"
        } else {
            prefix = ""
            matches = "drafts d \(matching)"
            pageDrafts = "(SELECT \(unsafeRaw: Self.inboxDraftColumns) FROM drafts d \(matching) \(order) \(pageLimit)) d"
        }
        // The count rides along as an uncorrelated subquery (run once per statement, not per
        // row): one statement per page instead of two. Counted up to `countLimit` + 1: past that
        // the inbox says "more than", and a busy tab's count costs the same as a quiet one's.
        let counted: SQLQueryString =
            "(SELECT COUNT(*) FROM (SELECT 1 FROM \(matches) LIMIT \(unsafeRaw: String(query.countLimit + 1))) counted)"
        // The page's drafts first, then their leads and messages: joined for those 51 rows only.
        // Joined before the limit, PostgreSQL's planner saw ~100 search matches and hashed every
        // lead and message in the workspace to join them (7 ms a search, against 0.4 ms here).
        // A search is prepared too: with the matches found first there is one sensible plan (the
        // trigram index, then the page's 51), which PostgreSQL's generic plan picks without seeing
        // the pattern, and planning it for each pattern was a third of a search's PostgreSQL time.
        let rows = try await rows(
            """
            \(prefix)SELECT \(unsafeRaw: Self.summaryColumns), d.needs_answer, d.waiting_since, d.channel AS answers_channel,
                   l.company AS lead_company, SUBSTR(COALESCE(m.visible_body, m.body), 1, 200) AS answers_snippet, \(counted) AS matching_total
            FROM \(pageDrafts) JOIN leads l ON l.id = d.lead_id LEFT JOIN messages m ON m.id = d.answers_message_id
            \(order)
            """)
        let page = rows.prefix(limit)
        let total: Int
        if let first = rows.first {
            total = try first.int("matching_total")
        } else if query.offset == 0 {
            total = 0
        } else {
            // A page past the end has no row to carry the count.
            total = try await self.rows("\(prefix)SELECT \(counted) AS matching_total").first?.int("matching_total") ?? 0
        }
        let entries = try page.map { row in
            let summary = try Self.summary(from: row)
            return InboxEntry(
                draft: summary, needsAnswer: try row.bool("needs_answer"), company: try row.optionalString("lead_company"),
                snippet: try row.optionalString("answers_snippet"),
                channel: try row.optionalString("answers_channel").flatMap(Channel.init(rawValue:)),
                waitingSince: try row.optionalDate("waiting_since") ?? summary.createdAt)
        }
        return InboxPage(
            entries: Array(entries), total: min(total, query.countLimit), totalIsMore: total > query.countLimit,
            hasMore: rows.count > limit)
    }

    /// `LIMIT n [OFFSET m]` with the limit written out: PostgreSQL plans a prepared statement once
    /// (a generic plan) only when that plan looks no costlier than one made for the values, and
    /// with `LIMIT $n` it guessed a far larger page, so it planned the inbox again on every
    /// request (0.5 ms of PostgreSQL per page, 10 % of the machine). The limit is an `Int` from a
    /// few page sizes; the first page has no offset, a later one binds it.
    static func page(limit: Int, offset: Int) -> SQLQueryString {
        offset > 0 ? "LIMIT \(unsafeRaw: String(limit)) OFFSET \(bind: offset)" : "LIMIT \(unsafeRaw: String(limit))"
    }

    /// Which drafts (`from`, with the drafts as `d`) have a `search_text` containing `text`,
    /// case-insensitively and literally. Three characters or more go through the trigram index:
    /// on SQLite a phrase query on `drafts_search` (which matches substrings), read first, then
    /// its few drafts (`CROSS JOIN` keeps that order: walking the tab and probing each draft was
    /// three times slower); on PostgreSQL `ILIKE`, which `pg_trgm`'s index serves. Shorter text
    /// has no trigram and reads the tab's drafts.
    func searchCondition(_ text: String) -> (from: SQLQueryString, condition: SQLQueryString)? {
        let search = text.trimmingCharacters(in: .whitespaces)
        guard !search.isEmpty else { return nil }
        switch engine {
        case .sqlite where search.count >= 3:
            let phrase = "\"" + search.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            return ("drafts_search CROSS JOIN drafts d", "drafts_search MATCH \(bind: phrase) AND d.rowid = drafts_search.rowid")
        case .sqlite: return ("drafts d", "d.search_text LIKE \(bind: Self.likePattern(search)) ESCAPE '\\'")
        case .postgres: return ("drafts d", "d.search_text ILIKE \(bind: Self.likePattern(search)) ESCAPE '\\'")
        }
    }

    /// The SQL of a draft's `search_text`, from its lead and the message it answers (`leadID`,
    /// `messageID`: SQL column references written in this code): the email, the full name, the
    /// company and the first 4,000 characters of the lead's words in the message (its visible
    /// body: a search does not match the thread they quoted), one per line, so a search never
    /// matches across two of them. Migration 19 fills it (from the whole body: `visible_body`
    /// came with migration 21); `insertDraft` writes it; `upsertLead` rewrites it when the lead's
    /// name or company changes.
    static func draftSearchText(_ engine: DatabaseEngine, leadID: String, messageID: String, visibleBody: Bool = true) -> String {
        let newline = engine == .sqlite ? "char(10)" : "chr(10)"
        let body = visibleBody ? "COALESCE(sm.visible_body, sm.body)" : "sm.body"
        return """
            COALESCE((SELECT sl.email || \(newline) || COALESCE(sl.first_name, '') || ' ' || COALESCE(sl.last_name, '')
                      || \(newline) || COALESCE(sl.company, '') FROM leads sl WHERE sl.id = \(leadID)), '')
            || \(newline) || COALESCE((SELECT SUBSTR(\(body), 1, 4000) FROM messages sm WHERE sm.id = \(messageID)), '')
            """
    }

    /// The drafts' columns the inbox shows (`summaryColumns`' and its own), read before the join.
    static let inboxDraftColumns = """
        d.id, d.lead_id, d.trigger_message_id, d.status, d.disposition, d.source, d.intent, d.archetype_id, d.body,
        d.combined_score, d.correction, d.created_at, d.updated_at, d.needs_answer, d.waiting_since, d.channel,
        d.answers_message_id
        """

    static let summaryColumns = """
        d.id, d.lead_id, d.trigger_message_id, d.status, d.disposition, d.source, d.intent, d.archetype_id, d.body,
        d.combined_score, d.correction, d.created_at, d.updated_at,
        l.first_name AS lead_first_name, l.last_name AS lead_last_name, l.email AS lead_email
        """

    static func summary(from row: StoreRow) throws -> DraftSummary {
        let email = try row.string("lead_email")
        return DraftSummary(
            id: Identifier(try row.string("id")), leadID: Identifier(try row.string("lead_id")),
            triggerMessageID: try row.optionalString("trigger_message_id").map { Identifier($0) },
            status: Draft.Status(rawValue: try row.string("status")) ?? .pending,
            disposition: try row.optionalString("disposition").flatMap(Draft.Disposition.init(rawValue:)),
            source: DecisionSource(rawValue: try row.string("source")) ?? .rules,
            intent: ReplyIntent(rawValue: try row.string("intent")) ?? .unclear, archetypeID: try row.string("archetype_id"),
            body: try row.string("body"), combinedScore: try row.double("combined_score"),
            correction: Draft.Correction(rawValue: try row.string("correction")) ?? .none,
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"),
            leadName: Lead.displayName(
                firstName: try row.optionalString("lead_first_name"),
                lastName: try row.optionalString("lead_last_name"), email: email),
            leadEmail: email)
    }

    public func draft(_ id: Identifier<Draft>, in workspaceID: Identifier<Workspace>) async throws -> Draft {
        let row = try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.draftColumns) FROM drafts
                WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspaceID.rawValue)
                """
            ).first()
        }
        guard let row else { throw AppError.notFound("draft") }
        return try Self.draft(from: row)
    }

    public func draft(forTrigger messageID: Identifier<Message>, in workspaceID: Identifier<Workspace>) async throws -> Draft? {
        try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.draftColumns) FROM drafts
                WHERE workspace_id = \(bind: workspaceID.rawValue) AND trigger_message_id = \(bind: messageID.rawValue)
                """
            ).first()
        }.map(Self.draft(from:))
    }

    public func drafts(leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>) async throws -> [Draft] {
        let rows = try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.draftColumns) FROM drafts
                WHERE workspace_id = \(bind: workspaceID.rawValue) AND lead_id = \(bind: leadID.rawValue)
                ORDER BY created_at DESC, id DESC
                """
            ).all()
        }
        if rows.isEmpty { _ = try await lead(leadID, in: workspaceID) }
        return try rows.map(Self.draft(from:))
    }

    public func supersedeWaitingDrafts(
        leadID: Identifier<Lead>, keeping: Identifier<Draft>?, in workspaceID: Identifier<Workspace>
    ) async throws -> Int {
        let now = clock()
        return try await read { db in
            try await db.raw(
                """
                UPDATE drafts SET status = 'superseded', updated_at = \(bind: now)
                WHERE workspace_id = \(bind: workspaceID.rawValue) AND lead_id = \(bind: leadID.rawValue)
                  AND status IN ('pending', 'approved', 'edited') AND id <> \(bind: keeping?.rawValue ?? "")
                RETURNING id
                """
            ).all().count
        }
    }

    public func outboundTexts(
        in workspaceID: Identifier<Workspace>, since: Date?, limit: Int
    ) async throws -> [(text: String, storedAt: Date, bySetter: Bool, userID: Identifier<User>?)] {
        let limit = max(0, limit)
        let after = since ?? Date(timeIntervalSince1970: 0)
        return try await read { db in
            let drafts = try await db.raw(
                """
                SELECT body, created_at, 0 AS by_setter, NULL AS user_id FROM drafts
                WHERE workspace_id = \(bind: workspaceID.rawValue) AND created_at >= \(bind: after)
                ORDER BY created_at DESC LIMIT \(bind: limit)
                """
            ).all()
            // A setter's own message, and a sent draft a setter edited (the best sample of how the
            // team writes), are the team's voice; a draft sent as the AI wrote it is not.
            let sent = try await db.raw(
                """
                SELECT m.body, m.created_at, m.sent_by_user_id AS user_id,
                       CASE WHEN (m.sender = 'setter' AND m.draft_id IS NULL) OR d.disposition = 'EDITED' THEN 1 ELSE 0 END AS by_setter
                FROM messages m LEFT JOIN drafts d ON d.id = m.draft_id AND d.workspace_id = m.workspace_id
                WHERE m.workspace_id = \(bind: workspaceID.rawValue) AND m.direction = 'outbound' AND m.created_at >= \(bind: after)
                ORDER BY m.created_at DESC LIMIT \(bind: limit)
                """
            ).all()
            return try (drafts + sent).map {
                (
                    try $0.string("body"), try $0.date("created_at"), try $0.int("by_setter") == 1,
                    try $0.optionalString("user_id").map { Identifier($0) }
                )
            }
        }
    }

    public func archetypeUsage(in workspaceID: Identifier<Workspace>, limit: Int) async throws -> [String: Int] {
        let rows = try await read { db in
            try await db.raw(
                """
                SELECT archetype_id, COUNT(*) AS uses FROM (
                    SELECT archetype_id FROM drafts WHERE workspace_id = \(bind: workspaceID.rawValue)
                    ORDER BY created_at DESC LIMIT \(bind: max(0, limit))
                ) recent GROUP BY archetype_id
                """
            ).all()
        }
        return Dictionary(uniqueKeysWithValues: try rows.map { (try $0.string("archetype_id"), try $0.int("uses")) })
    }

    public func planArchetypes(
        _ archetypeIDs: [String], forTrigger messageID: Identifier<Message>, in workspaceID: Identifier<Workspace>
    ) async throws -> [String] {
        // One statement: the no-op update makes RETURNING yield the row that was already there.
        let row = try await read { db in
            try await db.raw(
                """
                INSERT INTO draft_plans (workspace_id, trigger_message_id, archetype_ids, created_at)
                VALUES (\(bind: workspaceID.rawValue), \(bind: messageID.rawValue), \(bind: archetypeIDs.joined(separator: ",")),
                        \(bind: clock()))
                ON CONFLICT (workspace_id, trigger_message_id) DO UPDATE SET archetype_ids = draft_plans.archetype_ids
                RETURNING archetype_ids
                """
            ).first()
        }
        let stored = try row?.string("archetype_ids") ?? ""
        return stored.isEmpty ? [] : stored.split(separator: ",").map(String.init)
    }

    static func draft(from row: any SQLRow) throws -> Draft {
        Draft(
            id: Identifier(try row.string("id")), workspaceID: Identifier(try row.string("workspace_id")),
            leadID: Identifier(try row.string("lead_id")), triggerMessageID: try row.optionalString("trigger_message_id").map { Identifier($0) },
            status: Draft.Status(rawValue: try row.string("status")) ?? .pending,
            disposition: try row.optionalString("disposition").flatMap(Draft.Disposition.init(rawValue:)),
            source: DecisionSource(rawValue: try row.string("source")) ?? .rules,
            intent: ReplyIntent(rawValue: try row.string("intent")) ?? .unclear,
            rulesIntent: try row.optionalString("rules_intent").flatMap(ReplyIntent.init(rawValue:)),
            needsAnswer: try row.bool("needs_answer"),
            archetypeID: try row.string("archetype_id"), body: try row.string("body"),
            scores: try scores(from: try row.string("scores")),
            combinedScore: try row.decode(column: "combined_score", as: Double.self),
            correction: Draft.Correction(rawValue: try row.string("correction")) ?? .none,
            candidateStats: try candidateStats(from: try row.string("candidate_stats")),
            bundleStats: try numbers(from: try row.string("bundle_stats")),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"),
            answersMessageID: try row.optionalString("answers_message_id").map { Identifier($0) },
            candidates: try JSONDecoder().decode([String].self, from: Data(try row.string("candidates").utf8)))
    }

    // These two small JSON columns are parsed with JSONSerialization, about four times cheaper
    // here than Codable's decoder.

    static func scores(from json: String) throws -> CandidateScores {
        guard let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            throw AppError(.internalError, "stored draft scores are not a JSON object")
        }
        func number(_ key: String) -> Double? { (object[key] as? NSNumber)?.doubleValue }
        return CandidateScores(
            coverage: number("coverage") ?? 0, voice: number("voice"), scope: number("scope") ?? 0, uniqueness: number("uniqueness") ?? 0,
            relevance: number("relevance") ?? 0)
    }

    static func candidateStats(from json: String) throws -> [[String: Double]] {
        guard let items = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] else {
            throw AppError(.internalError, "stored candidate stats are not a JSON array of objects")
        }
        return items.map(numbers(in:))
    }

    static func numbers(from json: String) throws -> [String: Double] {
        guard let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            throw AppError(.internalError, "stored draft numbers are not a JSON object")
        }
        return numbers(in: object)
    }

    static func numbers(in object: [String: Any]) -> [String: Double] { object.compactMapValues { ($0 as? NSNumber)?.doubleValue } }
}

extension SQLStore {
    public func applyOverseer(_ draftID: Identifier<Draft>, body: String?, in workspaceID: Identifier<Workspace>) async throws -> Draft {
        let row = try await read { db in
            if let body {
                return try await db.raw(
                    """
                    UPDATE drafts SET body = \(bind: body), updated_at = \(bind: clock())
                    WHERE id = \(bind: draftID.rawValue) AND workspace_id = \(bind: workspaceID.rawValue) AND status = 'pending'
                    RETURNING \(unsafeRaw: Self.draftColumns)
                    """
                ).first()
            }
            return try await db.raw(
                """
                UPDATE drafts SET status = 'blocked', updated_at = \(bind: clock())
                WHERE id = \(bind: draftID.rawValue) AND workspace_id = \(bind: workspaceID.rawValue) AND status = 'pending'
                RETURNING \(unsafeRaw: Self.draftColumns)
                """
            ).first()
        }
        if let row { return try Self.draft(from: row) }
        return try await draft(draftID, in: workspaceID)  // a human got there first: theirs stands
    }
}
