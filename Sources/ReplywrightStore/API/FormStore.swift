import Foundation
import ReplywrightCore

/// Form definitions and their published versions (C5). A slug is unique across the install:
/// `/f/{slug}` names no workspace.
public protocol FormStore: Sendable {
    /// `conflict` when the slug is taken.
    func createForm(_ definition: FormDefinition, in workspaceID: Identifier<Workspace>) async throws -> FormRecord
    /// Replaces the editable definition (published versions stay); `conflict` for a taken slug.
    func updateForm(_ id: Identifier<FormRecord>, definition: FormDefinition, in workspaceID: Identifier<Workspace>) async throws -> FormRecord
    /// `not_found` for an id of another workspace.
    func form(_ id: Identifier<FormRecord>, in workspaceID: Identifier<Workspace>) async throws -> FormRecord
    /// Newest first.
    func forms(in workspaceID: Identifier<Workspace>) async throws -> [FormRecord]
    /// Freezes the current definition as the next version and makes it the live one.
    func publishForm(_ id: Identifier<FormRecord>, in workspaceID: Identifier<Workspace>) async throws -> FormVersion
    /// Newest first.
    func formVersions(_ id: Identifier<FormRecord>, in workspaceID: Identifier<Workspace>) async throws -> [FormVersion]
    /// The live form at a slug, with its published version; `nil` when unknown or never published.
    func publishedForm(slug: String) async throws -> (form: FormRecord, version: FormVersion)?
    /// One version of a form (a session's); `not_found` when it does not exist.
    func formVersion(_ formID: Identifier<FormRecord>, version: Int) async throws -> FormVersion
}

/// Visitors' sessions on forms, what happened in them, and the counters they add to (C5).
public protocol FormSessionStore: Sendable {
    /// Stores a new session, counts its view (and its first step's), and logs its exposure to
    /// the session's experiment once.
    func createFormSession(_ session: FormSession) async throws
    /// By id alone (the hosted page knows no workspace); `nil` when unknown.
    func formSession(_ id: Identifier<FormSession>) async throws -> FormSession?
    /// Saves the session as it is now if it is still active on `fromStep` (returns `false`
    /// otherwise: another submission moved it first), with the decision and the counters.
    func advanceFormSession(_ session: FormSession, fromStep: String, decision: FormDecision?, counters: [FormCounter]) async throws -> Bool
    /// Stores field events (bounded by the caller), marks the session started and active.
    /// Returns whether this was the session's start (its first event or submission).
    func recordFormEvents(_ events: [FormEvent], session: Identifier<FormSession>, at now: Date) async throws -> Bool
    /// The session's events, oldest first, at most `limit` of the newest.
    func formEvents(_ session: Identifier<FormSession>, limit: Int) async throws -> [FormEvent]
    /// The session's decisions, oldest first.
    func formDecisions(_ session: Identifier<FormSession>) async throws -> [FormDecision]
    /// Ends active sessions quiet since `cutoff`: each counts as ended on the step it was on.
    /// Returns how many ended.
    func endIdleFormSessions(before cutoff: Date) async throws -> Int
    /// Every counter of a form (all days, variants and steps).
    func formCounters(_ formID: Identifier<FormRecord>, in workspaceID: Identifier<Workspace>) async throws -> [FormCounter]
    /// A form's newest sessions.
    func formSessions(_ formID: Identifier<FormRecord>, in workspaceID: Identifier<Workspace>, limit: Int) async throws -> [FormSession]
}

/// Experiments on forms (C5).
public protocol ExperimentStore: Sendable {
    /// `conflict` when the key is taken in the workspace or the form already runs one;
    /// `not_found` for a form of another workspace.
    func createExperiment(_ experiment: Experiment) async throws -> Experiment
    func experiment(_ id: Identifier<Experiment>, in workspaceID: Identifier<Workspace>) async throws -> Experiment
    /// Newest first.
    func experiments(in workspaceID: Identifier<Workspace>) async throws -> [Experiment]
    /// The form's running experiment, if any.
    func runningExperiment(formID: Identifier<FormRecord>) async throws -> Experiment?
    func setExperimentStatus(_ id: Identifier<Experiment>, status: Experiment.Status, in workspaceID: Identifier<Workspace>) async throws
        -> Experiment
    /// Sessions exposed to the experiment, per variant.
    func exposures(_ id: Identifier<Experiment>) async throws -> [String: Int]
}
