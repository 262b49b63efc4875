import Foundation

/// An A/B test on one form: variants with weights, the share of traffic in it (coverage) and
/// the seed its hashing uses (the key when none is given).
public struct Experiment: Sendable, Equatable, Codable, Identifiable {
    public enum Status: String, Sendable, Codable, CaseIterable { case running, stopped }

    public var id: Identifier<Experiment>
    public var workspaceID: Identifier<Workspace>
    public var formID: Identifier<FormRecord>
    public var key: String
    public var seed: String?
    public var coverage: Double
    public var variants: [ExperimentVariant]
    public var status: Status
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, key, seed, coverage, variants, status, createdAt
        case workspaceID = "workspaceId", formID = "formId"
    }

    public init(
        id: Identifier<Experiment>, workspaceID: Identifier<Workspace>, formID: Identifier<FormRecord>, key: String, seed: String?,
        coverage: Double, variants: [ExperimentVariant], status: Status, createdAt: Date
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.formID = formID
        self.key = key
        self.seed = seed
        self.coverage = coverage
        self.variants = variants
        self.status = status
        self.createdAt = createdAt
    }

    /// The hashing seed: the seed if set, else the key (GrowthBook's rule).
    public var hashSeed: String { seed.flatMap { $0.isEmpty ? nil : $0 } ?? key }

    /// Where `unit` falls: the same answer for the same unit everywhere, always.
    public func assignment(unit: String) -> ExperimentAssignment {
        let hash = GrowthBookHash.hash(seed: hashSeed, value: unit) ?? 0
        let ranges = GrowthBookHash.bucketRanges(variants: variants.count, coverage: coverage, weights: variants.map(\.weight))
        let index = GrowthBookHash.chooseVariant(hash, ranges: ranges)
        return ExperimentAssignment(unit: unit, hash: hash, inExperiment: index >= 0, variant: index >= 0 ? variants[index].id : nil)
    }

    /// The problems with a new experiment, in plain words; empty when it can be created.
    public static func problems(key: String, coverage: Double, variants: [ExperimentVariant]) -> [String] {
        var problems: [String] = []
        if !FormDefinition.isValidID(key) { problems.append("key: lower-case letters, digits and _, starting with a letter (at most 40)") }
        if !(0...1).contains(coverage) { problems.append("coverage: a number from 0 to 1") }
        if variants.count < 2 { problems.append("variants: at least two") }
        if variants.count > 10 { problems.append("variants: at most ten") }
        if Set(variants.map(\.id)).count != variants.count { problems.append("variants: each id once") }
        for variant in variants where !FormDefinition.isValidID(variant.id) {
            problems.append("variants: \"\(variant.id)\" is not a valid id (lower-case letters, digits and _)")
        }
        if variants.contains(where: { !$0.weight.isFinite || $0.weight < 0 }) { problems.append("variants: weights must be 0 or more") }
        return problems
    }
}

/// One arm of an experiment. `static` shows the form as defined; `adaptive` lets the
/// next-step cascade ask the model; any other id behaves as `static`.
public struct ExperimentVariant: Sendable, Equatable, Codable {
    public var id: String
    public var weight: Double

    public init(id: String, weight: Double) {
        self.id = id
        self.weight = weight
    }

    public var isAdaptive: Bool { id == "adaptive" }
}

/// Where one unit lands (the debugging answer of `GET /v1/experiments/{id}/assignment`).
public struct ExperimentAssignment: Sendable, Equatable, Codable {
    public var unit: String
    public var hash: Double
    public var inExperiment: Bool
    public var variant: String?
}
