import Foundation
import ReplywrightCore
import SQLKit

extension SQLStore: OverseerStore {
    // MARK: Memory

    public func addMemory(
        leadID: Identifier<Lead>, category: String, text: String, detail: JSONValue?, expiresAt: Date, in workspaceID: Identifier<Workspace>
    ) async throws -> LeadMemoryEntry {
        _ = try await lead(leadID, in: workspaceID)
        let entry = LeadMemoryEntry(id: Identifier(Self.newID()), leadID: leadID, category: category, text: text, detail: detail,
                                    expiresAt: expiresAt, createdAt: clock())
        let detailJSON = try detail.map { String(decoding: try JSONEncoder.sorted.encode($0), as: UTF8.self) }
        try await read { db in
            try await db.raw("""
                INSERT INTO lead_memory (id, workspace_id, lead_id, category, text, detail, expires_at, created_at)
                VALUES (\(bind: entry.id.rawValue), \(bind: workspaceID.rawValue), \(bind: leadID.rawValue), \(bind: category),
                        \(bind: text), \(bind: detailJSON), \(bind: expiresAt), \(bind: entry.createdAt))
                """).run()
        }
        return entry
    }

    public func updateMemory(_ id: Identifier<LeadMemoryEntry>, text: String, in workspaceID: Identifier<Workspace>) async throws -> LeadMemoryEntry {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 2000 else { throw AppError.invalid("text: 1 to 2000 characters") }
        let row = try await read { db in
            try await db.raw("""
                UPDATE lead_memory SET text = \(bind: trimmed)
                WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspaceID.rawValue)
                RETURNING \(unsafeRaw: Self.memoryColumns)
                """).first()
        }
        guard let row else { throw AppError.notFound("memory entry") }
        return try Self.memoryEntry(from: row)
    }

    public func deleteMemory(_ id: Identifier<LeadMemoryEntry>, in workspaceID: Identifier<Workspace>) async throws {
        let row = try await read { db in
            try await db.raw("""
                DELETE FROM lead_memory WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspaceID.rawValue) RETURNING id
                """).first()
        }
        guard row != nil else { throw AppError.notFound("memory entry") }
    }

    public func purgeExpiredMemory(before cutoff: Date, limit: Int) async throws -> Int {
        try await read { db in
            try await db.raw("""
                DELETE FROM lead_memory WHERE id IN (
                    SELECT id FROM lead_memory WHERE expires_at <= \(bind: cutoff) LIMIT \(bind: max(0, limit))
                ) RETURNING id
                """).all().count
        }
    }

    static let memoryColumns = "id, lead_id, category, text, detail, expires_at, created_at"

    static func memoryEntry(from row: any SQLRow) throws -> LeadMemoryEntry {
        let detail = try row.optionalString("detail").map { try JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
        return LeadMemoryEntry(
            id: Identifier(try row.string("id")), leadID: Identifier(try row.string("lead_id")), category: try row.string("category"),
            text: try row.string("text"), detail: detail, expiresAt: try row.date("expires_at"), createdAt: try row.date("created_at"))
    }

    // MARK: Policy

    public func policySettings(in workspaceID: Identifier<Workspace>) async throws -> PolicySettings {
        try await workspaceDocument(PolicySettings.self, table: "workspace_policies", column: "policy", in: workspaceID) ?? PolicySettings()
    }

    public func savePolicySettings(_ policy: PolicySettings, in workspaceID: Identifier<Workspace>) async throws -> PolicySettings {
        let policy = try policy.validated()
        try await saveWorkspaceDocument(policy, table: "workspace_policies", column: "policy", in: workspaceID)
        return policy
    }

    public func webhookSecret(in workspaceID: Identifier<Workspace>) async throws -> String? {
        try await read { db in
            try await db.raw("SELECT secret FROM webhook_secrets WHERE workspace_id = \(bind: workspaceID.rawValue)").first()
        }.map { try $0.string("secret") }
    }

    public func setWebhookSecret(_ secret: String?, in workspaceID: Identifier<Workspace>) async throws {
        _ = try await workspace(workspaceID)
        try await read { db in
            if let secret {
                try await db.raw("""
                    INSERT INTO webhook_secrets (workspace_id, secret, created_at) VALUES (\(bind: workspaceID.rawValue), \(bind: secret), \(bind: clock()))
                    ON CONFLICT (workspace_id) DO UPDATE SET secret = \(bind: secret), created_at = \(bind: clock())
                    """).run()
            } else {
                try await db.raw("DELETE FROM webhook_secrets WHERE workspace_id = \(bind: workspaceID.rawValue)").run()
            }
        }
    }

    // MARK: Decisions

    public func recordDecisions(_ decisions: [OverseerDecision]) async throws {
        guard !decisions.isEmpty else { return }
        try await transaction { (tx: SQLStore) in
            for decision in decisions {
                let reasons = String(decoding: try JSONEncoder.sorted.encode(decision.reasons), as: UTF8.self)
                let stats = String(decoding: try JSONEncoder.sorted.encode(decision.stats), as: UTF8.self)
                try await tx.requireConnection.raw("""
                    INSERT INTO overseer_decisions (id, workspace_id, lead_id, message_id, draft_id, stage, verdict, source, reasons, stats, created_at)
                    VALUES (\(bind: decision.id.rawValue), \(bind: decision.workspaceID.rawValue), \(bind: decision.leadID.rawValue),
                            \(bind: decision.messageID?.rawValue), \(bind: decision.draftID?.rawValue), \(bind: decision.stage.rawValue),
                            \(bind: decision.verdict.rawValue), \(bind: decision.source.rawValue), \(bind: reasons), \(bind: stats),
                            \(bind: decision.createdAt))
                    """).run()
            }
        }
    }

    public func decisions(leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>, limit: Int) async throws -> [OverseerDecision] {
        try await read { db in
            try await db.raw("""
                SELECT id, workspace_id, lead_id, message_id, draft_id, stage, verdict, source, reasons, stats, created_at
                FROM overseer_decisions WHERE workspace_id = \(bind: workspaceID.rawValue) AND lead_id = \(bind: leadID.rawValue)
                ORDER BY created_at DESC, id DESC LIMIT \(bind: max(0, limit))
                """).all()
        }.map { row in
            OverseerDecision(
                id: Identifier(try row.string("id")), workspaceID: Identifier(try row.string("workspace_id")),
                leadID: Identifier(try row.string("lead_id")), messageID: try row.optionalString("message_id").map { Identifier($0) },
                draftID: try row.optionalString("draft_id").map { Identifier($0) },
                stage: OverseerDecision.Stage(rawValue: try row.string("stage")) ?? .gate,
                verdict: OverseerDecision.Verdict(rawValue: try row.string("verdict")) ?? .block,
                source: DecisionSource(rawValue: try row.string("source")) ?? .rules,
                reasons: try JSONDecoder().decode([String].self, from: Data(try row.string("reasons").utf8)),
                stats: try JSONDecoder().decode([String: Double].self, from: Data(try row.string("stats").utf8)),
                createdAt: try row.date("created_at"))
        }
    }

    // MARK: Lead state

    public func setOptedOut(_ leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>) async throws {
        let row = try await read { db in
            try await db.raw("""
                UPDATE leads SET opted_out = \(bind: true), updated_at = \(bind: clock())
                WHERE id = \(bind: leadID.rawValue) AND workspace_id = \(bind: workspaceID.rawValue) RETURNING id
                """).first()
        }
        guard row != nil else { throw AppError.notFound("lead") }
    }

    public func recordBooking(_ event: BookingEvent, in workspaceID: Identifier<Workspace>) async throws -> BookingRecord {
        try await transaction { (tx: SQLStore) in
            let db = tx.requireConnection
            let lead = try await db.raw("""
                SELECT \(unsafeRaw: Self.leadColumns) FROM leads
                WHERE workspace_id = \(bind: workspaceID.rawValue) AND email = \(bind: event.email)
                """).first().map(Self.lead(from:))
            let eventID = Self.newID()
            let inserted = try await db.raw("""
                INSERT INTO booking_events (id, workspace_id, lead_id, provider, kind, email, external_id, starts_at, occurred_at, created_at)
                VALUES (\(bind: eventID), \(bind: workspaceID.rawValue), \(bind: lead?.id.rawValue), \(bind: event.provider.rawValue),
                        \(bind: event.kind.rawValue), \(bind: event.email), \(bind: event.externalID), \(bind: event.startsAt),
                        \(bind: event.occurredAt), \(bind: tx.clock()))
                ON CONFLICT (workspace_id, provider, external_id, kind) DO NOTHING
                RETURNING id
                """).first() != nil
            guard inserted, var lead else { return BookingRecord(eventID: eventID, lead: lead, duplicate: !inserted) }
            // The latest event decides the lead's state: one that arrives late (an import, a
            // retried webhook) after a newer one is kept as history only.
            let newer = try await db.raw("""
                SELECT id FROM booking_events
                WHERE workspace_id = \(bind: workspaceID.rawValue) AND lead_id = \(bind: lead.id.rawValue)
                    AND occurred_at > \(bind: event.occurredAt) LIMIT 1
                """).first()
            if newer != nil { return BookingRecord(eventID: eventID, lead: lead, duplicate: false) }
            switch event.kind {
            case .booked:
                lead.appointmentStatus = .booked
                lead.bookedAt = event.occurredAt
                lead.status = .booked
            case .rescheduled:
                lead.appointmentStatus = .rescheduled
                lead.bookedAt = lead.bookedAt ?? event.occurredAt
                lead.status = .booked
            case .canceled:
                lead.appointmentStatus = .canceled
                lead.bookedAt = nil
                if lead.status == .booked { lead.status = .inConversation }
            }
            let updated = try await db.raw("""
                UPDATE leads SET appointment_status = \(bind: lead.appointmentStatus.rawValue), booked_at = \(bind: lead.bookedAt),
                    status = \(bind: lead.status.rawValue), updated_at = \(bind: tx.clock())
                WHERE id = \(bind: lead.id.rawValue) AND workspace_id = \(bind: workspaceID.rawValue)
                RETURNING \(unsafeRaw: Self.leadColumns)
                """).first().map(Self.lead(from:))
            // A booked lead needs no follow-up.
            if event.kind != .canceled { _ = try await tx.cancelFollowUps(leadID: lead.id, in: workspaceID) }
            return BookingRecord(eventID: eventID, lead: updated, duplicate: false)
        }
    }

    public func bookingEvents(in workspaceID: Identifier<Workspace>, unmatchedOnly: Bool, limit: Int) async throws -> [StoredBookingEvent] {
        try await read { db in
            try await db.raw("""
                SELECT id, lead_id, provider, kind, email, external_id, starts_at, occurred_at, created_at FROM booking_events
                WHERE workspace_id = \(bind: workspaceID.rawValue) \(unsafeRaw: unmatchedOnly ? "AND lead_id IS NULL" : "")
                ORDER BY created_at DESC, id DESC LIMIT \(bind: max(0, limit))
                """).all()
        }.map { row in
            StoredBookingEvent(
                id: try row.string("id"),
                event: BookingEvent(
                    provider: BookingEvent.Provider(rawValue: try row.string("provider")) ?? .generic,
                    kind: BookingEvent.Kind(rawValue: try row.string("kind")) ?? .booked, email: try row.string("email"),
                    externalID: try row.string("external_id"), startsAt: try row.optionalDate("starts_at"), occurredAt: try row.date("occurred_at")),
                leadID: try row.optionalString("lead_id").map { Identifier($0) }, receivedAt: try row.date("created_at"))
        }
    }

    // MARK: Drafts after the overseer

    public func applyOverseer(_ draftID: Identifier<Draft>, body: String?, in workspaceID: Identifier<Workspace>) async throws -> Draft {
        let row = try await read { db in
            if let body {
                return try await db.raw("""
                    UPDATE drafts SET body = \(bind: body), updated_at = \(bind: clock())
                    WHERE id = \(bind: draftID.rawValue) AND workspace_id = \(bind: workspaceID.rawValue) AND status = 'pending'
                    RETURNING \(unsafeRaw: Self.draftColumns)
                    """).first()
            }
            return try await db.raw("""
                UPDATE drafts SET status = 'blocked', updated_at = \(bind: clock())
                WHERE id = \(bind: draftID.rawValue) AND workspace_id = \(bind: workspaceID.rawValue) AND status = 'pending'
                RETURNING \(unsafeRaw: Self.draftColumns)
                """).first()
        }
        if let row { return try Self.draft(from: row) }
        return try await draft(draftID, in: workspaceID)  // a human got there first: theirs stands
    }

    // MARK: Delivery ledger

    public func beginDelivery(_ draftID: Identifier<Draft>, transport: String, in workspaceID: Identifier<Workspace>) async throws -> DeliveryStart {
        try await transaction { (tx: SQLStore) in
            let db = tx.requireConnection
            let now = tx.clock()
            if let existing = try await db.raw("""
                SELECT \(unsafeRaw: Self.deliveryColumns) FROM deliveries WHERE draft_id = \(bind: draftID.rawValue)
                    AND workspace_id = \(bind: workspaceID.rawValue) \(unsafeRaw: tx.skipLockedClause.isEmpty ? "" : "FOR UPDATE")
                """).first().map(Self.delivery(from:)) {
                switch existing.state {
                case .retrying:
                    let row = try await db.raw("""
                        UPDATE deliveries SET state = 'sending', attempts = attempts + 1, updated_at = \(bind: now)
                        WHERE draft_id = \(bind: draftID.rawValue) RETURNING \(unsafeRaw: Self.deliveryColumns)
                        """).first()
                    return .send(try Self.delivery(from: row!))
                case .sending:
                    // An earlier attempt began and never recorded how it ended: the process died
                    // mid-send. The message may be out; sending again could make it twice.
                    let row = try await db.raw("""
                        UPDATE deliveries SET state = 'unconfirmed', updated_at = \(bind: now),
                            last_error = 'an earlier attempt was interrupted; the message may or may not have been sent'
                        WHERE draft_id = \(bind: draftID.rawValue) RETURNING \(unsafeRaw: Self.deliveryColumns)
                        """).first()
                    return .settled(try Self.delivery(from: row!))
                case .delivered, .failed, .unconfirmed:
                    return .settled(existing)
                }
            }
            let row = try await db.raw("""
                INSERT INTO deliveries (draft_id, workspace_id, transport, state, attempts, updated_at, created_at)
                SELECT \(bind: draftID.rawValue), \(bind: workspaceID.rawValue), \(bind: transport), 'sending', 1, \(bind: now), \(bind: now)
                WHERE EXISTS (SELECT 1 FROM drafts WHERE id = \(bind: draftID.rawValue) AND workspace_id = \(bind: workspaceID.rawValue))
                RETURNING \(unsafeRaw: Self.deliveryColumns)
                """).first()
            guard let row else { throw AppError.notFound("draft") }
            return .send(try Self.delivery(from: row))
        }
    }

    public func finishDelivery(_ draftID: Identifier<Draft>, outcome: Delivery.Outcome, in workspaceID: Identifier<Workspace>) async throws -> Delivery {
        let (state, error, reference): (Delivery.State, String?, String?) = switch outcome {
        case .delivered(let reference): (.delivered, nil, reference)
        case .retry(let error): (.retrying, error, nil)
        case .failed(let error): (.failed, error, nil)
        case .unconfirmed(let error): (.unconfirmed, error, nil)
        }
        let row = try await read { db in
            try await db.raw("""
                UPDATE deliveries SET state = \(bind: state.rawValue), last_error = \(bind: error),
                    provider_reference = COALESCE(\(bind: reference), provider_reference), updated_at = \(bind: clock())
                WHERE draft_id = \(bind: draftID.rawValue) AND workspace_id = \(bind: workspaceID.rawValue)
                RETURNING \(unsafeRaw: Self.deliveryColumns)
                """).first()
        }
        guard let row else { throw AppError.notFound("delivery") }
        return try Self.delivery(from: row)
    }

    public func delivery(for draftID: Identifier<Draft>, in workspaceID: Identifier<Workspace>) async throws -> Delivery? {
        try await read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.deliveryColumns) FROM deliveries
                WHERE draft_id = \(bind: draftID.rawValue) AND workspace_id = \(bind: workspaceID.rawValue)
                """).first()
        }.map(Self.delivery(from:))
    }

    static let deliveryColumns = "draft_id, transport, state, attempts, last_error, provider_reference, updated_at"

    static func delivery(from row: any SQLRow) throws -> Delivery {
        Delivery(
            draftID: Identifier(try row.string("draft_id")), transport: try row.string("transport"),
            state: Delivery.State(rawValue: try row.string("state")) ?? .unconfirmed, attempts: try row.int("attempts"),
            lastError: try row.optionalString("last_error"), providerReference: try row.optionalString("provider_reference"),
            updatedAt: try row.date("updated_at"))
    }
}
