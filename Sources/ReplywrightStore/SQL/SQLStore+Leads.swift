import Foundation
import ReplywrightCore
import SQLKit

extension SQLStore: LeadStore {
    static let leadColumns = """
        id, workspace_id, email, first_name, last_name, company, custom_variables, status, opted_out,
        appointment_status, booked_at, created_at, updated_at, undeliverable_at
        """

    public func upsertLead(_ profile: LeadProfile, in workspaceID: Identifier<Workspace>) async throws -> Lead {
        guard EmailAddress.isValid(profile.email) else { throw AppError.invalid("lead email '\(profile.email.prefix(80))' is not valid") }
        let now = clock()
        let variables = try JSONCoding.encode(profile.customVariables ?? [:])
        let row = try await transaction { (tx: SQLStore) -> (any SQLRow)? in
            _ = try await tx.workspace(workspaceID)
            let row = try await tx.requireConnection.raw(
                """
                INSERT INTO leads (id, workspace_id, email, first_name, last_name, company, custom_variables, status,
                                   opted_out, appointment_status, booked_at, created_at, updated_at)
                VALUES (\(bind: Self.newID()), \(bind: workspaceID.rawValue), \(bind: profile.email),
                        \(bind: profile.firstName), \(bind: profile.lastName), \(bind: profile.company), \(bind: variables),
                        \(bind: LeadStatus.new.rawValue), \(bind: false), \(bind: AppointmentStatus.none.rawValue), NULL,
                        \(bind: now), \(bind: now))
                ON CONFLICT (workspace_id, email) DO UPDATE SET
                    first_name = COALESCE(excluded.first_name, leads.first_name),
                    last_name = COALESCE(excluded.last_name, leads.last_name),
                    company = COALESCE(excluded.company, leads.company),
                    custom_variables = CASE WHEN \(bind: profile.customVariables != nil)
                                            THEN excluded.custom_variables ELSE leads.custom_variables END,
                    updated_at = excluded.updated_at
                RETURNING \(unsafeRaw: Self.leadColumns)
                """
            ).first()
            guard let row else { return nil }
            // The lead's drafts are searched by its name and company: written again when they changed.
            let leadID = try row.string("id")
            let searchText = Self.draftSearchText(engine, leadID: "drafts.lead_id", messageID: "drafts.answers_message_id")
            try await tx.requireConnection.raw(
                """
                UPDATE drafts SET search_text = \(unsafeRaw: searchText)
                WHERE workspace_id = \(bind: workspaceID.rawValue) AND lead_id = \(bind: leadID) AND search_text <> \(unsafeRaw: searchText)
                """
            ).run()
            return row
        }
        guard let row else { throw AppError(.internalError, "lead upsert returned no row") }
        return try Self.lead(from: row)
    }

    public func lead(_ id: Identifier<Lead>, in workspaceID: Identifier<Workspace>) async throws -> Lead {
        let row = try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.leadColumns) FROM leads
                WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspaceID.rawValue)
                """
            ).first()
        }
        guard let row else { throw AppError.notFound("lead") }
        return try Self.lead(from: row)
    }

    public func leads(in workspaceID: Identifier<Workspace>, limit: Int, offset: Int) async throws -> [Lead] {
        try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.leadColumns) FROM leads WHERE workspace_id = \(bind: workspaceID.rawValue)
                ORDER BY updated_at DESC, id LIMIT \(bind: max(0, min(limit, 500))) OFFSET \(bind: max(0, offset))
                """
            ).all()
        }.map(Self.lead(from:))
    }

    public func leads(in workspaceID: Identifier<Workspace>, matching search: String, limit: Int, offset: Int)
        async throws -> (leads: [Lead], total: Int)
    {
        let filter: SQLQueryString = Self.containsText(search, in: Self.leadSearchExpressions(alias: "")).map { "AND \($0)" } ?? ""
        let rows = try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.leadColumns), COUNT(*) OVER () AS total FROM leads
                WHERE workspace_id = \(bind: workspaceID.rawValue) \(filter)
                ORDER BY updated_at DESC, id LIMIT \(bind: max(1, min(limit, 500))) OFFSET \(bind: max(0, offset))
                """
            ).all()
        }
        return (try rows.map(Self.lead(from:)), try rows.first?.int("total") ?? 0)
    }

    /// What a search over leads reads: the email, the full name and the company (`alias`: the
    /// leads table's alias with its dot, or empty).
    static func leadSearchExpressions(alias: String) -> [String] {
        ["\(alias)email", "COALESCE(\(alias)first_name, '') || ' ' || COALESCE(\(alias)last_name, '')", "COALESCE(\(alias)company, '')"]
    }

    public func leads(_ ids: [Identifier<Lead>], in workspaceID: Identifier<Workspace>) async throws -> [Lead] {
        guard !ids.isEmpty else { return [] }
        let list = SQLList(Set(ids).map { SQLBind($0.rawValue) as any SQLExpression })
        // By primary key only: with `workspace_id = ?` in the WHERE, SQLite walks the workspace's
        // leads index (every lead) instead. The workspace is checked on the rows instead.
        return try await read { db in
            try await db.raw("SELECT \(unsafeRaw: Self.leadColumns) FROM leads WHERE id IN (\(list))").all()
        }.map(Self.lead(from:)).filter { $0.workspaceID == workspaceID }
    }

    static func lead(from row: any SQLRow) throws -> Lead {
        Lead(
            id: Identifier(try row.string("id")), workspaceID: Identifier(try row.string("workspace_id")),
            email: try row.string("email"), firstName: try row.optionalString("first_name"),
            lastName: try row.optionalString("last_name"), company: try row.optionalString("company"),
            customVariables: try JSONCoding.decode([String: JSONValue].self, from: try row.string("custom_variables")),
            status: LeadStatus(rawValue: try row.string("status")) ?? .new, optedOut: try row.bool("opted_out"),
            appointmentStatus: AppointmentStatus(rawValue: try row.string("appointment_status")) ?? .none,
            bookedAt: try row.optionalDate("booked_at"), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"), undeliverableAt: try row.optionalDate("undeliverable_at"))
    }
}

/// JSON text columns: stable key order so equal values store as equal text.
enum JSONCoding {
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}

extension SQLStore {
    public func setUndeliverable(_ leadID: Identifier<Lead>, at date: Date, in workspaceID: Identifier<Workspace>) async throws {
        let row = try await read { db in
            try await db.raw(
                """
                UPDATE leads SET undeliverable_at = COALESCE(undeliverable_at, \(bind: date)), updated_at = \(bind: clock())
                WHERE id = \(bind: leadID.rawValue) AND workspace_id = \(bind: workspaceID.rawValue) RETURNING id
                """
            ).first()
        }
        guard row != nil else { throw AppError.notFound("lead") }
    }

    public func leadReach(in workspaceID: Identifier<Workspace>, since: Date) async throws -> LeadReach {
        let row = try await read { db in
            try await db.raw(
                """
                SELECT COUNT(*) AS leads, COUNT(undeliverable_at) AS undeliverable,
                    COUNT(CASE WHEN undeliverable_at >= \(bind: since) THEN 1 END) AS undeliverable_since,
                    COUNT(CASE WHEN opted_out THEN 1 END) AS opted_out
                FROM leads WHERE workspace_id = \(bind: workspaceID.rawValue)
                """
            ).first()
        }
        return LeadReach(
            leads: try row?.int("leads") ?? 0, undeliverable: try row?.int("undeliverable") ?? 0,
            undeliverableSince: try row?.int("undeliverable_since") ?? 0, optedOut: try row?.int("opted_out") ?? 0)
    }

    public func setOptedOut(_ leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>) async throws {
        let row = try await read { db in
            try await db.raw(
                """
                UPDATE leads SET opted_out = \(bind: true), updated_at = \(bind: clock())
                WHERE id = \(bind: leadID.rawValue) AND workspace_id = \(bind: workspaceID.rawValue) RETURNING id
                """
            ).first()
        }
        guard row != nil else { throw AppError.notFound("lead") }
    }
}
