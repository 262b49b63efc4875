import Foundation
import ReplywrightCore
import SQLKit

extension SQLStore: DeliveryStore {
    public func beginDelivery(_ draftID: Identifier<Draft>, transport: String, in workspaceID: Identifier<Workspace>) async throws -> DeliveryStart {
        try await transaction { (tx: SQLStore) in
            let db = tx.requireConnection
            let now = tx.clock()
            if let existing = try await db.raw(
                """
                SELECT \(unsafeRaw: Self.deliveryColumns) FROM deliveries WHERE draft_id = \(bind: draftID.rawValue)
                    AND workspace_id = \(bind: workspaceID.rawValue) \(unsafeRaw: tx.skipLockedClause.isEmpty ? "" : "FOR UPDATE")
                """
            ).first().map(Self.delivery(from:)) {
                switch existing.state {
                case .retrying:
                    let row = try await db.raw(
                        """
                        UPDATE deliveries SET state = 'sending', attempts = attempts + 1, updated_at = \(bind: now)
                        WHERE draft_id = \(bind: draftID.rawValue) RETURNING \(unsafeRaw: Self.deliveryColumns)
                        """
                    ).first()
                    return .send(try Self.delivery(from: row!))
                case .sending:
                    // An earlier attempt began and never recorded how it ended: the process died
                    // mid-send. The message may be out; sending again could make it twice.
                    let row = try await db.raw(
                        """
                        UPDATE deliveries SET state = 'unconfirmed', updated_at = \(bind: now),
                            last_error = 'an earlier attempt was interrupted; the message may or may not have been sent'
                        WHERE draft_id = \(bind: draftID.rawValue) RETURNING \(unsafeRaw: Self.deliveryColumns)
                        """
                    ).first()
                    return .settled(try Self.delivery(from: row!))
                case .delivered, .failed, .unconfirmed:
                    return .settled(existing)
                }
            }
            let row = try await db.raw(
                """
                INSERT INTO deliveries (draft_id, workspace_id, transport, state, attempts, updated_at, created_at)
                SELECT \(bind: draftID.rawValue), \(bind: workspaceID.rawValue), \(bind: transport), 'sending', 1, \(bind: now), \(bind: now)
                WHERE EXISTS (SELECT 1 FROM drafts WHERE id = \(bind: draftID.rawValue) AND workspace_id = \(bind: workspaceID.rawValue))
                RETURNING \(unsafeRaw: Self.deliveryColumns)
                """
            ).first()
            guard let row else { throw AppError.notFound("draft") }
            return .send(try Self.delivery(from: row))
        }
    }

    public func finishDelivery(_ draftID: Identifier<Draft>, outcome: Delivery.Outcome, in workspaceID: Identifier<Workspace>) async throws
        -> Delivery
    {
        let (state, error, reference): (Delivery.State, String?, String?) =
            switch outcome {
            case .delivered(let reference): (.delivered, nil, reference)
            case .retry(let error): (.retrying, error, nil)
            case .failed(let error): (.failed, error, nil)
            case .unconfirmed(let error): (.unconfirmed, error, nil)
            }
        let row = try await read { db in
            try await db.raw(
                """
                UPDATE deliveries SET state = \(bind: state.rawValue), last_error = \(bind: error),
                    provider_reference = COALESCE(\(bind: reference), provider_reference), updated_at = \(bind: clock())
                WHERE draft_id = \(bind: draftID.rawValue) AND workspace_id = \(bind: workspaceID.rawValue)
                RETURNING \(unsafeRaw: Self.deliveryColumns)
                """
            ).first()
        }
        guard let row else { throw AppError.notFound("delivery") }
        return try Self.delivery(from: row)
    }

    public func delivery(for draftID: Identifier<Draft>, in workspaceID: Identifier<Workspace>) async throws -> Delivery? {
        try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.deliveryColumns) FROM deliveries
                WHERE draft_id = \(bind: draftID.rawValue) AND workspace_id = \(bind: workspaceID.rawValue)
                """
            ).first()
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
