import Foundation
import ReplywrightCore
import SQLKit

extension SQLStore: FollowUpStore {
    static let followUpColumns = "id, workspace_id, lead_id, message_id, reason, due_at, state, job_id, created_at"

    public func scheduleFollowUp(
        leadID: Identifier<Lead>, messageID: Identifier<Message>, reason: FollowUp.Reason, dueAt: Date, in workspaceID: Identifier<Workspace>
    ) async throws -> FollowUp {
        let now = clock()
        return try await transaction { (tx: SQLStore) in
            _ = try await tx.lead(leadID, in: workspaceID)
            let db = tx.requireConnection
            if let existing = try await db.raw(
                """
                SELECT \(unsafeRaw: Self.followUpColumns) FROM follow_ups
                WHERE workspace_id = \(bind: workspaceID.rawValue) AND message_id = \(bind: messageID.rawValue)
                """
            ).first() {
                return try Self.followUp(from: existing)
            }
            let id = Identifier<FollowUp>(Self.newID())
            let payload = #"{"followUpId":"\#(id.rawValue)"}"#
            let (job, _) = try await tx.enqueue(
                NewJob(
                    kind: .followUpDraft, workspaceID: workspaceID, payload: payload, idempotencyKey: "followup:\(workspaceID):\(messageID)",
                    availableAt: dueAt))
            let followUp = FollowUp(
                id: id, workspaceID: workspaceID, leadID: leadID, messageID: messageID, reason: reason, dueAt: dueAt, state: .scheduled,
                jobID: job.id, createdAt: now)
            try await db.raw(
                """
                INSERT INTO follow_ups (\(unsafeRaw: Self.followUpColumns))
                VALUES (\(bind: id.rawValue), \(bind: workspaceID.rawValue), \(bind: leadID.rawValue), \(bind: messageID.rawValue),
                        \(bind: reason.rawValue), \(bind: dueAt), 'scheduled', \(bind: job.id.rawValue), \(bind: now))
                """
            ).run()
            return followUp
        }
    }

    public func followUp(_ id: Identifier<FollowUp>, in workspaceID: Identifier<Workspace>) async throws -> FollowUp {
        let row = try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.followUpColumns) FROM follow_ups
                WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspaceID.rawValue)
                """
            ).first()
        }
        guard let row else { throw AppError.notFound("follow-up") }
        return try Self.followUp(from: row)
    }

    public func followUps(leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>) async throws -> [FollowUp] {
        try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.followUpColumns) FROM follow_ups
                WHERE workspace_id = \(bind: workspaceID.rawValue) AND lead_id = \(bind: leadID.rawValue)
                ORDER BY created_at DESC, id DESC
                """
            ).all()
        }.map(Self.followUp(from:))
    }

    public func cancelFollowUps(leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>) async throws -> Int {
        try await read { db in
            try await db.raw(
                """
                UPDATE follow_ups SET state = 'cancelled'
                WHERE workspace_id = \(bind: workspaceID.rawValue) AND lead_id = \(bind: leadID.rawValue) AND state = 'scheduled'
                RETURNING id
                """
            ).all().count
        }
    }

    public func finishFollowUp(_ id: Identifier<FollowUp>, as state: FollowUp.State, in workspaceID: Identifier<Workspace>) async throws -> Bool {
        try await read { db in
            try await db.raw(
                """
                UPDATE follow_ups SET state = \(bind: state.rawValue)
                WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspaceID.rawValue) AND state = 'scheduled'
                RETURNING id
                """
            ).first() != nil
        }
    }

    static func followUp(from row: any SQLRow) throws -> FollowUp {
        FollowUp(
            id: Identifier(try row.string("id")), workspaceID: Identifier(try row.string("workspace_id")),
            leadID: Identifier(try row.string("lead_id")), messageID: Identifier(try row.string("message_id")),
            reason: FollowUp.Reason(rawValue: try row.string("reason")) ?? .notNow, dueAt: try row.date("due_at"),
            state: FollowUp.State(rawValue: try row.string("state")) ?? .cancelled,
            jobID: try row.optionalString("job_id").map { Identifier($0) }, createdAt: try row.date("created_at"))
    }
}
