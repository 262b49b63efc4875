import Foundation
import ReplywrightCore
import ReplywrightStore

/// A visitor's way through a hosted form: starting (with the experiment's sticky assignment and
/// one exposure), submitting steps (checked, then the cascade decides), field events, resuming
/// after a reload or a restart (everything lives in the store), and completion into a lead.
public struct FormSessions: Sendable {
    let store: any DataStore
    let cascade: NextStepCascade
    let now: @Sendable () -> Date

    public init(store: any DataStore, cascade: NextStepCascade, now: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.cascade = cascade
        self.now = now
    }

    /// A session and the form version it runs on.
    public struct Current: Sendable, Equatable {
        public var session: FormSession
        public var definition: FormDefinition
        /// The refused fields of the last submission (empty otherwise).
        public var errors: [FormFieldError] = []
        /// Where a finished `book_call` / `download` sends the visitor.
        public var finishURL: String? = nil

        public init(session: FormSession, definition: FormDefinition, errors: [FormFieldError] = [], finishURL: String? = nil) {
            self.session = session
            self.definition = definition
            self.errors = errors
            self.finishURL = finishURL
        }
    }

    /// Starts a session on the live version of the form at `slug`. `unit` is who the experiment
    /// buckets (a visitor id the embedding site keeps); the session id otherwise.
    public func start(slug: String, unit: String?) async throws -> Current {
        guard let (form, version) = try await store.publishedForm(slug: slug) else { throw AppError.notFound("form") }
        let id = Identifier<FormSession>(UUID().uuidString.lowercased())
        var experimentID: Identifier<Experiment>?
        var variant: String?
        if let experiment = try await store.runningExperiment(formID: form.id) {
            let assignment = experiment.assignment(unit: unit ?? id.rawValue)
            if assignment.inExperiment {
                experimentID = experiment.id
                variant = assignment.variant
            }
        }
        let definition = version.definition
        guard let first = definition.steps.first, let plan = FormFlow(definition).plan(for: first.id, answers: [:]) else {
            throw AppError(.internalError, "a published form has no steps")
        }
        let now = now()
        let session = FormSession(
            id: id, workspaceID: form.workspaceID, formID: form.id, version: version.version, experimentID: experimentID, variant: variant,
            status: .active, plan: plan, answers: [:], token: PasswordGenerator.generate(length: 43), leadID: nil, hasStarted: false,
            fieldsShown: plan.shownFieldCount,
            startedAt: now, stepStartedAt: now, lastActivityAt: now, completedAt: nil)
        try await store.createFormSession(session)
        return Current(session: session, definition: definition)
    }

    /// The session as stored (a reload, or after a restart); `not_found` when unknown.
    public func resume(_ id: Identifier<FormSession>) async throws -> Current {
        guard let session = try await store.formSession(id) else { throw AppError.notFound("form session") }
        let definition = try await store.formVersion(session.formID, version: session.version).definition
        return Current(session: session, definition: definition, finishURL: finishURL(session, definition))
    }

    /// Submits the current step's answers. A wrong token is refused; refused answers come back
    /// with the session unchanged; otherwise the cascade moves it on (or completes it). A
    /// submission for a step the session has already left returns the session as it is.
    public func submit(_ id: Identifier<FormSession>, token: String, step: String?, answers raw: [String: JSONValue]) async throws -> Current {
        var current = try await resume(id)
        let session = current.session
        guard ConstantTime.equal(token, session.token) else {
            throw AppError(.forbidden, "this form session's token does not match: reload the form")
        }
        guard session.status == .active else {
            if session.status == .abandoned { throw AppError(.conflict, "this form session has ended: reload the form to start again") }
            return current
        }
        if let step, step != session.plan.stepID { return current }
        let flow = FormFlow(current.definition)
        let checked: FormAnswers
        switch flow.check(raw, against: session.plan) {
        case .failure(let refused):
            current.errors = refused.errors
            return current
        case .success(let kept): checked = kept
        }
        var answers = session.answers
        for field in session.plan.fields { answers[field.id] = checked[field.id] }
        let events = try await store.formEvents(id, limit: FormSignals.windowEvents).filter { $0.step == session.plan.stepID }
        let decision = try await cascade.next(
            after: session.plan.stepID, answers: answers, definition: current.definition, adaptive: session.variant == "adaptive",
            events: events, stepStartedAt: session.stepStartedAt, session: id, in: session.workspaceID)
        let now = now()
        let day = FormCounter.day(now)
        var next = session
        next.answers = answers
        next.hasStarted = true
        next.lastActivityAt = now
        var counters = [
            session.counter(.stepLeaves, day: day, step: session.plan.stepID),
            session.counter(.stepSeconds, day: day, step: session.plan.stepID, value: max(0, now.timeIntervalSince(session.stepStartedAt))),
        ]
        if !session.hasStarted { counters.append(session.counter(.starts, day: day)) }
        if let plan = decision.plan {
            next.plan = plan
            next.stepStartedAt = now
            next.fieldsShown += plan.shownFieldCount
            counters.append(session.counter(.stepViews, day: day, step: plan.stepID))
        } else {
            let result = try await FormCompletion(store: store).complete(next, definition: current.definition, at: now)
            next.status = .completed
            next.leadID = result.leadID
            next.completedAt = now
            counters += [
                session.counter(.completions, day: day),
                session.counter(.completionSeconds, day: day, value: max(0, now.timeIntervalSince(session.startedAt))),
                session.counter(.completedFieldsShown, day: day, value: Double(next.fieldsShown)),
            ]
        }
        let record = FormDecision(
            sessionID: id, fromStep: session.plan.stepID, toStep: decision.plan?.stepID, source: decision.source,
            latencyMilliseconds: decision.latency.timeInterval * 1_000,
            confidence: decision.confidence, reason: decision.reason, at: now)
        guard try await store.advanceFormSession(next, fromStep: session.plan.stepID, decision: record, counters: counters) else {
            // Another submission of the same step won the race; show what it decided.
            return try await resume(id)
        }
        return Current(session: next, definition: current.definition, finishURL: finishURL(next, current.definition))
    }

    /// Stores a batch of field events (client times aligned to the server's clock). Events for
    /// fields outside the form, or with unknown kinds, are refused as a whole.
    /// Returns how many were stored and the session's form version (for the caller's CORS check).
    public func record(_ batch: [RawFormEvent], session id: Identifier<FormSession>, token: String) async throws
        -> (stored: Int, definition: FormDefinition)
    {
        guard batch.count <= FormEvent.batchLimit else { throw AppError.invalid("events: at most \(FormEvent.batchLimit) per batch") }
        let current = try await resume(id)
        guard ConstantTime.equal(token, current.session.token) else {
            throw AppError(.forbidden, "this form session's token does not match: reload the form")
        }
        guard current.session.status == .active else { return (0, current.definition) }
        let fields = Set(current.definition.allFields.map(\.id))
        let steps = Set(current.definition.steps.map(\.id))
        let received = now()
        let times = FormEvent.aligned(clientTimes: batch.map(\.t), receivedAt: received)
        var events: [FormEvent] = []
        for (index, raw) in batch.enumerated() {
            guard let kind = FormEvent.Kind(rawValue: raw.type) else {
                throw AppError.invalid("events[\(index)].type: one of focus, blur, input, delete, paste, error")
            }
            if let field = raw.field, !fields.contains(field) { throw AppError.invalid("events[\(index)].field: not a field of this form") }
            let step = raw.step ?? current.session.plan.stepID
            guard steps.contains(step) else { throw AppError.invalid("events[\(index)].step: not a step of this form") }
            guard raw.t.isFinite else { throw AppError.invalid("events[\(index)].t: a time in milliseconds") }
            events.append(FormEvent(kind: kind, field: raw.field, step: step, at: times[index]))
        }
        _ = try await store.recordFormEvents(events, session: id, at: received)
        return (events.count, current.definition)
    }

    private func finishURL(_ session: FormSession, _ definition: FormDefinition) -> String? {
        guard session.status == .completed, [.bookCall, .download].contains(session.plan.cta.action) else { return nil }
        return session.plan.cta.url
    }

}

/// A field event as the page's script posts it: `type`, `field`, `step`, `t` (client ms).
public struct RawFormEvent: Sendable, Codable, Equatable {
    public var type: String
    public var field: String?
    public var step: String?
    public var t: Double

    public init(type: String, field: String?, step: String?, t: Double) {
        self.type = type
        self.field = field
        self.step = step
        self.t = t
    }
}
