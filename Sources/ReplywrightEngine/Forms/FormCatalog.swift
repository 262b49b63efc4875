import Foundation
import ReplywrightCore
import ReplywrightStore

/// A workspace's forms and experiments: definitions checked before they are stored, publishing,
/// analytics (after ending the sessions that went quiet), and experiment results.
public struct FormCatalog: Sendable {
    let store: any FormStore & FormSessionStore & ExperimentStore
    let now: @Sendable () -> Date

    public init(store: any FormStore & FormSessionStore & ExperimentStore, now: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.now = now
    }

    /// Refuses a definition with problems, naming the first few by path.
    public static func check(_ definition: FormDefinition) throws {
        let problems = definition.problems
        guard problems.isEmpty else {
            let listed = problems.prefix(8).map { "\($0.path): \($0.message)" }.joined(separator: "; ")
            throw AppError.invalid("the form definition has \(problems.count) problem\(problems.count == 1 ? "" : "s"): \(listed)")
        }
    }

    public func create(_ definition: FormDefinition, in workspaceID: Identifier<Workspace>) async throws -> FormRecord {
        try Self.check(definition)
        return try await store.createForm(definition, in: workspaceID)
    }

    public func update(_ id: Identifier<FormRecord>, definition: FormDefinition, in workspaceID: Identifier<Workspace>) async throws -> FormRecord {
        try Self.check(definition)
        return try await store.updateForm(id, definition: definition, in: workspaceID)
    }

    public func publish(_ id: Identifier<FormRecord>, in workspaceID: Identifier<Workspace>) async throws -> FormVersion {
        try Self.check(try await store.form(id, in: workspaceID).definition)
        return try await store.publishForm(id, in: workspaceID)
    }

    /// The form's funnel by variant, current to the moment (quiet sessions are ended first).
    public func analytics(_ id: Identifier<FormRecord>, in workspaceID: Identifier<Workspace>) async throws -> FormAnalytics {
        let form = try await store.form(id, in: workspaceID)
        _ = try await store.endIdleFormSessions(before: now().addingTimeInterval(-FormSession.endsAfterIdle))
        let counters = try await store.formCounters(id, in: workspaceID)
        return FormAnalytics.build(formID: id.rawValue, definition: form.definition, counters: counters)
    }

    public struct NewExperiment: Sendable, Codable {
        public var formId: String
        public var key: String
        public var seed: String?
        public var coverage: Double?
        public var variants: [ExperimentVariant]

        public init(formId: String, key: String, seed: String? = nil, coverage: Double? = nil, variants: [ExperimentVariant]) {
            self.formId = formId
            self.key = key
            self.seed = seed
            self.coverage = coverage
            self.variants = variants
        }
    }

    public func createExperiment(_ new: NewExperiment, in workspaceID: Identifier<Workspace>) async throws -> Experiment {
        let coverage = new.coverage ?? 1
        let problems = Experiment.problems(key: new.key, coverage: coverage, variants: new.variants)
        guard problems.isEmpty else { throw AppError.invalid(problems.joined(separator: "; ")) }
        if let seed = new.seed, seed.count > 200 { throw AppError.invalid("seed: at most 200 characters") }
        let experiment = Experiment(
            id: Identifier(UUID().uuidString.lowercased()), workspaceID: workspaceID, formID: Identifier(new.formId), key: new.key,
            seed: new.seed, coverage: coverage, variants: new.variants, status: .running, createdAt: now())
        return try await store.createExperiment(experiment)
    }

    public func results(_ id: Identifier<Experiment>, in workspaceID: Identifier<Workspace>) async throws -> ExperimentResults {
        let experiment = try await store.experiment(id, in: workspaceID)
        _ = try await store.endIdleFormSessions(before: now().addingTimeInterval(-FormSession.endsAfterIdle))
        let counters = try await store.formCounters(experiment.formID, in: workspaceID)
        return ExperimentResults.build(experiment, exposures: try await store.exposures(id), counters: counters)
    }
}
