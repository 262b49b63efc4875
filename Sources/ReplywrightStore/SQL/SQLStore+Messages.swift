import Foundation
import ReplywrightCore
import SQLKit

extension SQLStore: MessageStore {
    static let messageColumns = """
        id, workspace_id, lead_id, channel, direction, sender, subject, body, external_id, draft_id, sent_by_user_id, occurred_at,
        created_at, visible_body, mail_kind, mail_kind_evidence
        """

    public func insertMessage(_ message: NewMessage, leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>)
        async throws -> (message: Message, inserted: Bool)
    {
        let now = clock()
        return try await transaction { (tx: SQLStore) in
            _ = try await tx.lead(leadID, in: workspaceID)
            let db = tx.requireConnection
            let row = try await db.raw(
                """
                INSERT INTO messages (id, workspace_id, lead_id, channel, direction, sender, subject, body, external_id,
                                      draft_id, sent_by_user_id, occurred_at, created_at, disposition, intent, body_chars,
                                      visible_body, mail_kind, mail_kind_evidence)
                VALUES (\(bind: Self.newID()), \(bind: workspaceID.rawValue), \(bind: leadID.rawValue),
                        \(bind: message.channel.rawValue), \(bind: message.direction.rawValue),
                        \(bind: message.sender.rawValue), \(bind: message.subject), \(bind: message.body),
                        \(bind: message.externalID), \(bind: message.draftID), \(bind: message.sentByUserID?.rawValue),
                        \(bind: message.occurredAt), \(bind: now), \(bind: message.disposition?.rawValue),
                        \(bind: message.intent?.rawValue), \(bind: message.body.unicodeScalars.count),
                        \(bind: message.visibleBody), \(bind: message.kind.rawValue), \(bind: message.kindEvidence))
                ON CONFLICT (workspace_id, external_id) DO NOTHING
                RETURNING \(unsafeRaw: Self.messageColumns)
                """
            ).first()
            if let row {
                let stored = try Self.message(from: row)
                try await tx.linkAnswers(of: stored, intent: message.intent)
                return (stored, true)
            }
            // The external id was seen before: hand back the message stored then.
            guard let externalID = message.externalID,
                let existing = try await db.raw(
                    """
                    SELECT \(unsafeRaw: Self.messageColumns) FROM messages
                    WHERE workspace_id = \(bind: workspaceID.rawValue) AND external_id = \(bind: externalID)
                    """
                ).first()
            else { throw AppError(.internalError, "message insert returned no row") }
            return (try Self.message(from: existing), false)
        }
    }

    /// Keeps `answers_at` / `answers_intent` (the lead's last message strictly before each
    /// outbound message) true whatever order messages arrive in: a new outbound message looks up
    /// its lead's last inbound one; a new inbound message becomes the answered one of the outbound
    /// messages after it that answered nothing later (and clears their report keys, which the
    /// next report recomputes: the reply-speed band and the intent answered are part of them).
    func linkAnswers(of message: Message, intent: ReplyIntent?) async throws {
        let db = requireConnection
        let ws = message.workspaceID.rawValue, lead = message.leadID.rawValue
        switch message.direction {
        case .outbound:
            try await db.raw(
                """
                UPDATE messages SET
                    answers_at = (SELECT MAX(i.occurred_at) FROM messages i WHERE i.workspace_id = \(bind: ws) AND i.lead_id = \(bind: lead)
                                  AND i.direction = 'inbound' AND i.occurred_at < \(bind: message.occurredAt)),
                    answers_intent = (SELECT i.intent FROM messages i WHERE i.workspace_id = \(bind: ws) AND i.lead_id = \(bind: lead)
                                      AND i.direction = 'inbound' AND i.occurred_at < \(bind: message.occurredAt)
                                      ORDER BY i.occurred_at DESC, i.intent DESC LIMIT 1)
                WHERE id = \(bind: message.id.rawValue)
                """
            ).run()
        case .inbound:
            try await db.raw(
                """
                UPDATE messages SET answers_at = \(bind: message.occurredAt), answers_intent = \(bind: intent?.rawValue), report_key = NULL
                WHERE workspace_id = \(bind: ws) AND lead_id = \(bind: lead) AND direction = 'outbound'
                    AND occurred_at > \(bind: message.occurredAt) AND (answers_at IS NULL OR answers_at < \(bind: message.occurredAt))
                """
            ).run()
        }
    }

    public func message(_ id: Identifier<Message>, in workspaceID: Identifier<Workspace>) async throws -> Message {
        let row = try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.messageColumns) FROM messages
                WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspaceID.rawValue)
                """
            ).first()
        }
        guard let row else { throw AppError.notFound("message") }
        return try Self.message(from: row)
    }

    public func messages(leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>) async throws -> [Message] {
        let rows = try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.messageColumns) FROM messages
                WHERE workspace_id = \(bind: workspaceID.rawValue) AND lead_id = \(bind: leadID.rawValue)
                ORDER BY occurred_at, created_at, id
                """
            ).all()
        }
        // Only an empty answer can hide a lead of another workspace (or none at all).
        if rows.isEmpty { _ = try await lead(leadID, in: workspaceID) }
        return try rows.map(Self.message(from:))
    }

    static func message(from row: any SQLRow) throws -> Message {
        Message(
            id: Identifier(try row.string("id")), workspaceID: Identifier(try row.string("workspace_id")),
            leadID: Identifier(try row.string("lead_id")),
            channel: Channel(rawValue: try row.string("channel")) ?? .email,
            direction: MessageDirection(rawValue: try row.string("direction")) ?? .inbound,
            sender: MessageSender(rawValue: try row.string("sender")) ?? .system,
            subject: try row.optionalString("subject"), body: try row.string("body"),
            externalID: try row.optionalString("external_id"), draftID: try row.optionalString("draft_id"),
            sentByUserID: try row.optionalString("sent_by_user_id").map { Identifier($0) },
            occurredAt: try row.date("occurred_at"), createdAt: try row.date("created_at"),
            visibleBody: try row.optionalString("visible_body"), kind: MailKind(rawValue: try row.string("mail_kind")) ?? .person,
            kindEvidence: try row.optionalString("mail_kind_evidence"))
    }
}
