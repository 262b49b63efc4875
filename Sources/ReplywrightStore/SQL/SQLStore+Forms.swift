import Foundation
import ReplywrightCore
import SQLKit

extension SQLStore: FormStore {
    static let formColumns = "id, workspace_id, definition, published_version, created_at, updated_at"

    public func createForm(_ definition: FormDefinition, in workspaceID: Identifier<Workspace>) async throws -> FormRecord {
        let now = clock()
        let record = FormRecord(
            id: Identifier(Self.newID()), workspaceID: workspaceID, definition: definition, publishedVersion: nil, createdAt: now, updatedAt: now)
        let body = try JSONCoding.encode(definition)
        try await transaction { (tx: SQLStore) in
            _ = try await tx.workspace(workspaceID)
            try await tx.requireSlugFree(definition.slug, except: nil)
            try await tx.requireConnection.raw(
                """
                INSERT INTO forms (\(unsafeRaw: Self.formColumns), slug)
                VALUES (\(bind: record.id.rawValue), \(bind: workspaceID.rawValue), \(bind: body), NULL, \(bind: now), \(bind: now),
                        \(bind: definition.slug))
                """
            ).run()
        }
        return record
    }

    public func updateForm(_ id: Identifier<FormRecord>, definition: FormDefinition, in workspaceID: Identifier<Workspace>) async throws -> FormRecord
    {
        let body = try JSONCoding.encode(definition)
        return try await transaction { (tx: SQLStore) in
            try await tx.requireSlugFree(definition.slug, except: id)
            let row = try await tx.requireConnection.raw(
                """
                UPDATE forms SET definition = \(bind: body), slug = \(bind: definition.slug), updated_at = \(bind: tx.clock())
                WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspaceID.rawValue) RETURNING \(unsafeRaw: Self.formColumns)
                """
            ).first()
            guard let row else { throw AppError.notFound("form") }
            return try Self.formRecord(from: row)
        }
    }

    /// A unique index would refuse a taken slug too, but with an engine-specific error: this says it plainly.
    private func requireSlugFree(_ slug: String, except id: Identifier<FormRecord>?) async throws {
        let row = try await requireConnection.raw("SELECT id FROM forms WHERE slug = \(bind: slug)").first()
        if let row, try row.string("id") != id?.rawValue {
            throw AppError(.conflict, "the address /f/\(slug) is taken by another form: choose another slug")
        }
    }

    public func form(_ id: Identifier<FormRecord>, in workspaceID: Identifier<Workspace>) async throws -> FormRecord {
        let row = try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.formColumns) FROM forms WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspaceID.rawValue)
                """
            ).first()
        }
        guard let row else { throw AppError.notFound("form") }
        return try Self.formRecord(from: row)
    }

    public func forms(in workspaceID: Identifier<Workspace>) async throws -> [FormRecord] {
        try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.formColumns) FROM forms WHERE workspace_id = \(bind: workspaceID.rawValue)
                ORDER BY created_at DESC, id DESC LIMIT 500
                """
            ).all()
        }.map(Self.formRecord(from:))
    }

    public func publishForm(_ id: Identifier<FormRecord>, in workspaceID: Identifier<Workspace>) async throws -> FormVersion {
        try await transaction { (tx: SQLStore) in
            let record = try await tx.form(id, in: workspaceID)
            let next = (record.publishedVersion ?? 0) + 1
            let version = FormVersion(formID: id, version: next, definition: record.definition, publishedAt: tx.clock())
            try await tx.requireConnection.raw(
                """
                INSERT INTO form_versions (form_id, version, definition, published_at)
                VALUES (\(bind: id.rawValue), \(bind: next), \(bind: try JSONCoding.encode(record.definition)), \(bind: version.publishedAt))
                """
            ).run()
            try await tx.requireConnection.raw(
                """
                UPDATE forms SET published_version = \(bind: next), updated_at = \(bind: version.publishedAt) WHERE id = \(bind: id.rawValue)
                """
            ).run()
            return version
        }
    }

    public func formVersions(_ id: Identifier<FormRecord>, in workspaceID: Identifier<Workspace>) async throws -> [FormVersion] {
        _ = try await form(id, in: workspaceID)
        return try await read { db in
            try await db.raw(
                """
                SELECT form_id, version, definition, published_at FROM form_versions WHERE form_id = \(bind: id.rawValue)
                ORDER BY version DESC
                """
            ).all()
        }.map(Self.formVersion(from:))
    }

    public func publishedForm(slug: String) async throws -> (form: FormRecord, version: FormVersion)? {
        let row = try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.formColumns) FROM forms WHERE slug = \(bind: slug) AND published_version IS NOT NULL
                """
            ).first()
        }
        guard let row else { return nil }
        let record = try Self.formRecord(from: row)
        return (record, try await formVersion(record.id, version: record.publishedVersion ?? 0))
    }

    public func formVersion(_ formID: Identifier<FormRecord>, version: Int) async throws -> FormVersion {
        let row = try await read { db in
            try await db.raw(
                """
                SELECT form_id, version, definition, published_at FROM form_versions
                WHERE form_id = \(bind: formID.rawValue) AND version = \(bind: version)
                """
            ).first()
        }
        guard let row else { throw AppError.notFound("form version") }
        return try Self.formVersion(from: row)
    }

    static func formRecord(from row: any SQLRow) throws -> FormRecord {
        FormRecord(
            id: Identifier(try row.string("id")), workspaceID: Identifier(try row.string("workspace_id")),
            definition: try JSONCoding.decode(FormDefinition.self, from: try row.string("definition")),
            publishedVersion: try row.decode(column: "published_version", as: Int?.self), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"))
    }

    static func formVersion(from row: any SQLRow) throws -> FormVersion {
        FormVersion(
            formID: Identifier(try row.string("form_id")), version: try row.int("version"),
            definition: try JSONCoding.decode(FormDefinition.self, from: try row.string("definition")), publishedAt: try row.date("published_at"))
    }
}

extension SQLStore: ExperimentStore {
    static let experimentColumns = "id, workspace_id, form_id, key, seed, coverage, variants, status, created_at"

    public func createExperiment(_ experiment: Experiment) async throws -> Experiment {
        try await transaction { (tx: SQLStore) in
            _ = try await tx.form(experiment.formID, in: experiment.workspaceID)
            if try await tx.runningExperiment(formID: experiment.formID) != nil, experiment.status == .running {
                throw AppError(.conflict, "this form already runs an experiment: stop it first")
            }
            let taken = try await tx.requireConnection.raw(
                """
                SELECT id FROM experiments WHERE workspace_id = \(bind: experiment.workspaceID.rawValue) AND key = \(bind: experiment.key)
                """
            ).first()
            if taken != nil { throw AppError(.conflict, "an experiment with the key \(experiment.key) exists in this workspace") }
            try await tx.requireConnection.raw(
                """
                INSERT INTO experiments (\(unsafeRaw: Self.experimentColumns))
                VALUES (\(bind: experiment.id.rawValue), \(bind: experiment.workspaceID.rawValue), \(bind: experiment.formID.rawValue),
                        \(bind: experiment.key), \(bind: experiment.seed), \(bind: experiment.coverage),
                        \(bind: try JSONCoding.encode(experiment.variants)), \(bind: experiment.status.rawValue), \(bind: experiment.createdAt))
                """
            ).run()
            return experiment
        }
    }

    public func experiment(_ id: Identifier<Experiment>, in workspaceID: Identifier<Workspace>) async throws -> Experiment {
        let row = try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.experimentColumns) FROM experiments
                WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspaceID.rawValue)
                """
            ).first()
        }
        guard let row else { throw AppError.notFound("experiment") }
        return try Self.experiment(from: row)
    }

    public func experiments(in workspaceID: Identifier<Workspace>) async throws -> [Experiment] {
        try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.experimentColumns) FROM experiments WHERE workspace_id = \(bind: workspaceID.rawValue)
                ORDER BY created_at DESC, id DESC LIMIT 500
                """
            ).all()
        }.map(Self.experiment(from:))
    }

    public func runningExperiment(formID: Identifier<FormRecord>) async throws -> Experiment? {
        try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.experimentColumns) FROM experiments
                WHERE form_id = \(bind: formID.rawValue) AND status = \(bind: Experiment.Status.running.rawValue) LIMIT 1
                """
            ).first()
        }.map(Self.experiment(from:))
    }

    public func setExperimentStatus(_ id: Identifier<Experiment>, status: Experiment.Status, in workspaceID: Identifier<Workspace>) async throws
        -> Experiment
    {
        try await transaction { (tx: SQLStore) in
            var experiment = try await tx.experiment(id, in: workspaceID)
            if status == .running, experiment.status != .running, try await tx.runningExperiment(formID: experiment.formID) != nil {
                throw AppError(.conflict, "this form already runs an experiment: stop it first")
            }
            try await tx.requireConnection.raw("UPDATE experiments SET status = \(bind: status.rawValue) WHERE id = \(bind: id.rawValue)").run()
            experiment.status = status
            return experiment
        }
    }

    public func exposures(_ id: Identifier<Experiment>) async throws -> [String: Int] {
        let rows = try await read { db in
            try await db.raw(
                """
                SELECT variant, COUNT(*) AS sessions FROM experiment_exposures WHERE experiment_id = \(bind: id.rawValue) GROUP BY variant
                """
            ).all()
        }
        var result: [String: Int] = [:]
        for row in rows { result[try row.string("variant")] = try row.int("sessions") }
        return result
    }

    static func experiment(from row: any SQLRow) throws -> Experiment {
        Experiment(
            id: Identifier(try row.string("id")), workspaceID: Identifier(try row.string("workspace_id")),
            formID: Identifier(try row.string("form_id")),
            key: try row.string("key"), seed: try row.optionalString("seed"), coverage: try row.decode(column: "coverage", as: Double.self),
            variants: try JSONCoding.decode([ExperimentVariant].self, from: try row.string("variants")),
            status: Experiment.Status(rawValue: try row.string("status")) ?? .stopped, createdAt: try row.date("created_at"))
    }
}
