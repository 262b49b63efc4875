import Foundation
import ReplywrightCore
import SQLKit

extension SQLStore: FormSessionStore {
    static let formSessionColumns = """
        id, workspace_id, form_id, version, experiment_id, variant, status, step_id, plan, answers, token, lead_id, has_started,
        fields_shown, started_at, step_started_at, last_activity_at, completed_at
        """

    public func createFormSession(_ session: FormSession) async throws {
        try await transaction { (tx: SQLStore) in
            let db = tx.requireConnection
            try await db.raw(
                """
                INSERT INTO form_sessions (\(unsafeRaw: Self.formSessionColumns))
                VALUES (\(bind: session.id.rawValue), \(bind: session.workspaceID.rawValue), \(bind: session.formID.rawValue),
                        \(bind: session.version), \(bind: session.experimentID?.rawValue), \(bind: session.variant),
                        \(bind: session.status.rawValue), \(bind: session.plan.stepID), \(bind: try JSONCoding.encode(session.plan)),
                        \(bind: try JSONCoding.encode(session.answers)), \(bind: session.token), \(bind: session.leadID?.rawValue),
                        \(bind: session.hasStarted), \(bind: session.fieldsShown), \(bind: session.startedAt), \(bind: session.stepStartedAt),
                        \(bind: session.lastActivityAt), \(bind: session.completedAt))
                """
            ).run()
            if let experimentID = session.experimentID, let variant = session.variant {
                try await db.raw(
                    """
                    INSERT INTO experiment_exposures (experiment_id, session_id, variant, at)
                    VALUES (\(bind: experimentID.rawValue), \(bind: session.id.rawValue), \(bind: variant), \(bind: session.startedAt))
                    ON CONFLICT (experiment_id, session_id) DO NOTHING
                    """
                ).run()
            }
            let day = FormCounter.day(session.startedAt)
            try await tx.add(
                [
                    session.counter(.views, day: day),
                    session.counter(.stepViews, day: day, step: session.plan.stepID),
                ], formID: session.formID)
        }
    }

    public func formSession(_ id: Identifier<FormSession>) async throws -> FormSession? {
        try await read { db in
            try await db.raw("SELECT \(unsafeRaw: Self.formSessionColumns) FROM form_sessions WHERE id = \(bind: id.rawValue)").first()
        }.map(Self.formSession(from:))
    }

    public func advanceFormSession(_ session: FormSession, fromStep: String, decision: FormDecision?, counters: [FormCounter]) async throws -> Bool {
        try await transaction { (tx: SQLStore) in
            let db = tx.requireConnection
            let row = try await db.raw(
                """
                UPDATE form_sessions SET status = \(bind: session.status.rawValue), step_id = \(bind: session.plan.stepID),
                    plan = \(bind: try JSONCoding.encode(session.plan)), answers = \(bind: try JSONCoding.encode(session.answers)),
                    lead_id = \(bind: session.leadID?.rawValue), has_started = \(bind: session.hasStarted),
                    fields_shown = \(bind: session.fieldsShown), step_started_at = \(bind: session.stepStartedAt),
                    last_activity_at = \(bind: session.lastActivityAt), completed_at = \(bind: session.completedAt)
                WHERE id = \(bind: session.id.rawValue) AND status = 'active' AND step_id = \(bind: fromStep) RETURNING id
                """
            ).first()
            guard row != nil else { return false }
            if let decision {
                try await db.raw(
                    """
                    INSERT INTO form_decisions (id, session_id, from_step, to_step, source, latency_ms, confidence, reason, at)
                    VALUES (\(bind: Self.newID()), \(bind: session.id.rawValue), \(bind: decision.fromStep), \(bind: decision.toStep),
                            \(bind: decision.source.rawValue), \(bind: decision.latencyMilliseconds), \(bind: decision.confidence),
                            \(bind: decision.reason), \(bind: decision.at))
                    """
                ).run()
            }
            try await tx.add(counters, formID: session.formID)
            return true
        }
    }

    public func recordFormEvents(_ events: [FormEvent], session id: Identifier<FormSession>, at now: Date) async throws -> Bool {
        try await transaction { (tx: SQLStore) in
            let db = tx.requireConnection
            guard
                let session = try await db.raw(
                    """
                    SELECT \(unsafeRaw: Self.formSessionColumns) FROM form_sessions WHERE id = \(bind: id.rawValue)
                    """
                ).first().map(Self.formSession(from:))
            else { throw AppError.notFound("form session") }
            if !events.isEmpty {
                var values: [SQLQueryString] = []
                for event in events {
                    values.append(
                        """
                        (\(bind: Self.newID()), \(bind: id.rawValue), \(bind: event.kind.rawValue), \(bind: event.field), \(bind: event.step), \(bind: event.at))
                        """)
                }
                try await db.raw(
                    """
                    INSERT INTO form_events (id, session_id, kind, field_id, step_id, at) VALUES \(values.joined(separator: ", "))
                    """
                ).run()
            }
            let starts = !session.hasStarted && session.status == .active
            try await db.raw(
                """
                UPDATE form_sessions SET has_started = \(bind: session.hasStarted || starts),
                    last_activity_at = \(bind: session.status == .active ? now : session.lastActivityAt)
                WHERE id = \(bind: id.rawValue)
                """
            ).run()
            if starts { try await tx.add([session.counter(.starts, day: FormCounter.day(now))], formID: session.formID) }
            return starts
        }
    }

    public func formEvents(_ session: Identifier<FormSession>, limit: Int) async throws -> [FormEvent] {
        try await read { db in
            try await db.raw(
                """
                SELECT kind, field_id, step_id, at FROM form_events WHERE session_id = \(bind: session.rawValue)
                ORDER BY at DESC, id DESC LIMIT \(bind: max(0, limit))
                """
            ).all()
        }.compactMap { row in
            guard let kind = FormEvent.Kind(rawValue: try row.string("kind")) else { return nil }
            return FormEvent(kind: kind, field: try row.optionalString("field_id"), step: try row.string("step_id"), at: try row.date("at"))
        }.reversed()
    }

    public func formDecisions(_ session: Identifier<FormSession>) async throws -> [FormDecision] {
        try await read { db in
            try await db.raw(
                """
                SELECT from_step, to_step, source, latency_ms, confidence, reason, at FROM form_decisions
                WHERE session_id = \(bind: session.rawValue) ORDER BY at, id
                """
            ).all()
        }.map { row in
            FormDecision(
                sessionID: session, fromStep: try row.string("from_step"), toStep: try row.optionalString("to_step"),
                source: DecisionSource(rawValue: try row.string("source")) ?? .rules,
                latencyMilliseconds: try row.decode(column: "latency_ms", as: Double.self),
                confidence: try row.decode(column: "confidence", as: Double?.self), reason: try row.optionalString("reason"), at: try row.date("at"))
        }
    }

    public func endIdleFormSessions(before cutoff: Date) async throws -> Int {
        try await transaction { (tx: SQLStore) in
            let db = tx.requireConnection
            let rows = try await db.raw(
                """
                UPDATE form_sessions SET status = 'abandoned'
                WHERE status = 'active' AND last_activity_at < \(bind: cutoff)
                RETURNING \(unsafeRaw: Self.formSessionColumns)
                """
            ).all()
            for session in try rows.map(Self.formSession(from:)) {
                // Ended where it stood, on the day it was last active; the time on that step counts.
                let day = FormCounter.day(session.lastActivityAt)
                let seconds = max(0, session.lastActivityAt.timeIntervalSince(session.stepStartedAt))
                try await tx.add(
                    [
                        session.counter(.stepExits, day: day, step: session.plan.stepID),
                        session.counter(.stepSeconds, day: day, step: session.plan.stepID, value: seconds),
                        session.counter(.stepLeaves, day: day, step: session.plan.stepID),
                    ], formID: session.formID)
            }
            return rows.count
        }
    }

    public func formCounters(_ formID: Identifier<FormRecord>, in workspaceID: Identifier<Workspace>) async throws -> [FormCounter] {
        _ = try await form(formID, in: workspaceID)
        return try await read { db in
            try await db.raw(
                """
                SELECT experiment_id, variant, day, step_id, metric, value FROM form_counters WHERE form_id = \(bind: formID.rawValue)
                ORDER BY day, experiment_id, variant, step_id, metric
                """
            ).all()
        }.compactMap { row in
            guard let metric = FormCounter.Metric(rawValue: try row.string("metric")) else { return nil }
            return FormCounter(
                experimentID: try row.string("experiment_id"), variant: try row.string("variant"), day: try row.string("day"),
                step: try row.string("step_id"), metric: metric, value: try row.decode(column: "value", as: Double.self))
        }
    }

    public func formSessions(_ formID: Identifier<FormRecord>, in workspaceID: Identifier<Workspace>, limit: Int) async throws -> [FormSession] {
        try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.formSessionColumns) FROM form_sessions
                WHERE form_id = \(bind: formID.rawValue) AND workspace_id = \(bind: workspaceID.rawValue)
                ORDER BY started_at DESC, id DESC LIMIT \(bind: max(0, limit))
                """
            ).all()
        }.map(Self.formSession(from:))
    }

    /// Adds to counters (inside the caller's transaction).
    func add(_ counters: [FormCounter], formID: Identifier<FormRecord>) async throws {
        for counter in counters {
            try await requireConnection.raw(
                """
                INSERT INTO form_counters (form_id, experiment_id, variant, day, step_id, metric, value)
                VALUES (\(bind: formID.rawValue), \(bind: counter.experimentID), \(bind: counter.variant), \(bind: counter.day),
                        \(bind: counter.step), \(bind: counter.metric.rawValue), \(bind: counter.value))
                ON CONFLICT (form_id, experiment_id, variant, day, step_id, metric)
                DO UPDATE SET value = form_counters.value + excluded.value
                """
            ).run()
        }
    }

    static func formSession(from row: any SQLRow) throws -> FormSession {
        let experimentID: Identifier<Experiment>? = try row.optionalString("experiment_id").map { Identifier($0) }
        let leadID: Identifier<Lead>? = try row.optionalString("lead_id").map { Identifier($0) }
        let status = FormSession.Status(rawValue: try row.string("status")) ?? .abandoned
        let plan = try JSONCoding.decode(FormPlan.self, from: try row.string("plan"))
        let answers = try JSONCoding.decode(FormAnswers.self, from: try row.string("answers"))
        return FormSession(
            id: Identifier(try row.string("id")), workspaceID: Identifier(try row.string("workspace_id")),
            formID: Identifier(try row.string("form_id")), version: try row.int("version"), experimentID: experimentID,
            variant: try row.optionalString("variant"), status: status, plan: plan, answers: answers, token: try row.string("token"),
            leadID: leadID, hasStarted: try row.bool("has_started"), fieldsShown: try row.int("fields_shown"),
            startedAt: try row.date("started_at"), stepStartedAt: try row.date("step_started_at"),
            lastActivityAt: try row.date("last_activity_at"), completedAt: try row.optionalDate("completed_at"))
    }
}

extension FormSession {
    /// A counter of this session's experiment and variant.
    public func counter(_ metric: FormCounter.Metric, day: String, step: String = "", value: Double = 1) -> FormCounter {
        FormCounter(
            experimentID: experimentID?.rawValue ?? "", variant: variant ?? FormCounter.noVariant, day: day, step: step, metric: metric, value: value)
    }
}
