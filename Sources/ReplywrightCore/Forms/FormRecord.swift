import Foundation

/// A stored form: the definition being edited and, once published, its current version.
/// A published version never changes; sessions keep the version they started on.
public struct FormRecord: Sendable, Equatable, Codable, Identifiable {
    public var id: Identifier<FormRecord>
    public var workspaceID: Identifier<Workspace>
    public var definition: FormDefinition
    public var publishedVersion: Int?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Identifier<FormRecord>, workspaceID: Identifier<Workspace>, definition: FormDefinition, publishedVersion: Int?, createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.definition = definition
        self.publishedVersion = publishedVersion
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var slug: String { definition.slug }
}

/// One published, immutable version of a form.
public struct FormVersion: Sendable, Equatable, Codable {
    public var formID: Identifier<FormRecord>
    public var version: Int
    public var definition: FormDefinition
    public var publishedAt: Date

    public init(formID: Identifier<FormRecord>, version: Int, definition: FormDefinition, publishedAt: Date) {
        self.formID = formID
        self.version = version
        self.definition = definition
        self.publishedAt = publishedAt
    }
}

/// One visitor's way through one version of a form.
public struct FormSession: Sendable, Equatable, Codable, Identifiable {
    public enum Status: String, Sendable, Codable, CaseIterable { case active, completed, abandoned }

    public var id: Identifier<FormSession>
    public var workspaceID: Identifier<Workspace>
    public var formID: Identifier<FormRecord>
    public var version: Int
    public var experimentID: Identifier<Experiment>?
    /// The variant, when the session is in an experiment.
    public var variant: String?
    public var status: Status
    /// The step shown now, as planned.
    public var plan: FormPlan
    public var answers: FormAnswers
    /// The per-session token every step submission must carry (CSRF).
    public var token: String
    public var leadID: Identifier<Lead>?
    /// A field event or a submission has happened (the session "started", beyond viewing).
    public var hasStarted: Bool
    /// Fields shown so far, over every step (the "fewer fields" measure).
    public var fieldsShown: Int
    public var startedAt: Date
    public var stepStartedAt: Date
    public var lastActivityAt: Date
    public var completedAt: Date?

    public init(
        id: Identifier<FormSession>, workspaceID: Identifier<Workspace>, formID: Identifier<FormRecord>, version: Int,
        experimentID: Identifier<Experiment>?, variant: String?, status: Status, plan: FormPlan, answers: FormAnswers, token: String,
        leadID: Identifier<Lead>?, hasStarted: Bool, fieldsShown: Int, startedAt: Date, stepStartedAt: Date, lastActivityAt: Date, completedAt: Date?
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.formID = formID
        self.version = version
        self.experimentID = experimentID
        self.variant = variant
        self.status = status
        self.plan = plan
        self.answers = answers
        self.token = token
        self.leadID = leadID
        self.hasStarted = hasStarted
        self.fieldsShown = fieldsShown
        self.startedAt = startedAt
        self.stepStartedAt = stepStartedAt
        self.lastActivityAt = lastActivityAt
        self.completedAt = completedAt
    }

    /// Quiet this long and a session has ended (on the step it was on, for drop-off).
    public static let endsAfterIdle: TimeInterval = 30 * 60
}

/// One next-step decision, for the session's timeline and the decision metrics.
public struct FormDecision: Sendable, Equatable, Codable {
    public var sessionID: Identifier<FormSession>
    public var fromStep: String
    /// `nil` when the session completed.
    public var toStep: String?
    public var source: DecisionSource
    public var latencyMilliseconds: Double
    public var confidence: Double?
    public var reason: String?
    public var at: Date

    public init(
        sessionID: Identifier<FormSession>, fromStep: String, toStep: String?, source: DecisionSource, latencyMilliseconds: Double,
        confidence: Double?, reason: String?, at: Date
    ) {
        self.sessionID = sessionID
        self.fromStep = fromStep
        self.toStep = toStep
        self.source = source
        self.latencyMilliseconds = latencyMilliseconds
        self.confidence = confidence
        self.reason = reason
        self.at = at
    }
}
