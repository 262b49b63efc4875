import Foundation
import HTTPTypes
import Hummingbird
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

/// Forms (C5): the list, a new form from its JSON definition (problems listed by path beside the
/// editor, what was typed kept), a form's page (edit, publish, preview, embed snippet, funnel by
/// variant, completion over time, drop-off, experiments) and an experiment's results. Everyone in
/// the workspace reads; admins change.
struct FormsController {
    let store: any FormStore & FormSessionStore & ExperimentStore
    let catalog: FormCatalog

    init(store: any FormStore & FormSessionStore & ExperimentStore) {
        self.store = store
        catalog = FormCatalog(store: store)
    }

    func register(on pages: RouterGroup<DashboardRequestContext>) {
        pages.get("/forms", use: list)
        pages.post("/forms", use: create)
        pages.get("/forms/:id", use: show)
        pages.post("/forms/:id", use: save)
        pages.post("/forms/:id/publish", use: publish)
        pages.get("/forms/:id/analytics.csv", use: csv)
        pages.get("/forms/:id/sessions/:session", use: session)
        pages.get("/forms/:id/preview", use: preview)
        pages.post("/forms/:id/experiments", use: startExperiment)
        pages.get("/experiments/:id", use: experiment)
        pages.post("/experiments/:id/stop", use: stopExperiment)
    }

    struct DefinitionForm: Decodable { var definition: String? }

    /// The typed JSON as a definition, or the problems to list beside it (decoding first, then
    /// the definition's own checks).
    enum Parsed { case success(FormDefinition), failure([FormProblem]) }

    static func parse(_ text: String) -> Parsed {
        let definition: FormDefinition
        do {
            definition = try JSONDecoder().decode(FormDefinition.self, from: Data(text.utf8))
        } catch let error as DecodingError {
            return .failure([FormProblem("definition", DashboardPage.sentence(DecodingErrorDescription.describe(error)))])
        } catch {
            return .failure([FormProblem("definition", "This is not JSON: check for a missing comma, quote or bracket.")])
        }
        let problems = definition.problems
        return problems.isEmpty ? .success(definition) : .failure(problems)
    }

    static func pretty(_ definition: FormDefinition) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(definition)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    // MARK: List and create

    func listPage(
        _ user: DashboardUser, typed: String? = nil, problems: [FormProblem] = [], notice: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let forms = try await store.forms(in: user.workspaceID)
        let view = ListPage(
            forms: forms.map { form in
                ListPage.Row(
                    id: form.id.rawValue, name: form.definition.name, slug: form.slug, steps: form.definition.steps.count,
                    live: form.publishedVersion.map { "version \($0)" } ?? "not published", isLive: form.publishedVersion != nil,
                    updated: user.time.format(form.updatedAt))
            },
            hasForms: !forms.isEmpty,
            definition: typed ?? Self.pretty(.example(slug: forms.isEmpty ? "request-a-demo" : "request-a-demo-\(forms.count + 1)")),
            problems: problems, hasProblems: !problems.isEmpty, notice: notice)
        return DashboardPage.html("forms", page: view, status: status, user: user)
    }

    @Sendable func list(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        try await listPage(context.user, notice: request.query("notice"))
    }

    @Sendable func create(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = try context.admin()
        let typed = try await request.form(DefinitionForm.self, context: context).definition ?? ""
        switch Self.parse(typed) {
        case .failure(let problems):
            return try await listPage(user, typed: typed, problems: problems, status: .badRequest)
        case .success(let definition):
            do {
                let form = try await store.createForm(definition, in: user.workspaceID)
                return DashboardPage.redirect("/forms/\(form.id.rawValue)", notice: "Saved “\(definition.name)”. Publish it to put it live.")
            } catch let error as AppError where error.code == .conflict {
                return try await listPage(
                    user, typed: typed, problems: [FormProblem("slug", DashboardPage.sentence(error.message))], status: .conflict)
            }
        }
    }

    // MARK: One form

    func formPage(
        _ user: DashboardUser, _ form: FormRecord, typed: String? = nil, problems: [FormProblem] = [], notice: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let analytics = try await catalog.analytics(form.id, in: user.workspaceID)
        let experiments = try await store.experiments(in: user.workspaceID).filter { $0.formID == form.id }
        let versions = try await store.formVersions(form.id, in: user.workspaceID)
        let recent = try await store.formSessions(form.id, in: user.workspaceID, limit: 20)
        let path = "/f/\(form.slug)"
        let origins = form.definition.embedOrigins ?? []
        let view = DetailPage(
            id: form.id.rawValue, formId: form.id.rawValue, name: form.definition.name, slug: form.slug, path: path,
            isLive: form.publishedVersion != nil,
            live: form.publishedVersion.map { "Version \($0) is live" } ?? "Not published yet: visitors get “not found”",
            unpublished: form.publishedVersion == nil || versions.first?.definition != form.definition,
            definition: typed ?? Self.pretty(form.definition), problems: problems, hasProblems: !problems.isEmpty,
            preview: form.definition.steps.enumerated().map { index, step in
                DetailPage.Step(
                    number: index + 1, title: step.title,
                    cta: "\(step.cta.label) (\(step.cta.action.rawValue.replacingOccurrences(of: "_", with: " ")))",
                    fields: step.fields.map { field in
                        DetailPage.Field(
                            label: field.label, kind: field.kind.rawValue, required: field.isRequired, conditional: field.isConditional,
                            options: field.options.flatMap { $0.isEmpty ? nil : $0.joined(separator: ", ") })
                    })
            },
            rules: (form.definition.rules ?? []).map { rule in
                "If \(rule.field) \(Self.operatorWords[rule.op] ?? rule.op.rawValue)\(rule.value.map { " \(Self.words($0))" } ?? ""): "
                    + "\(Self.actionWords[rule.action] ?? rule.action.rawValue) \(rule.target)"
            },
            iframe:
                "<iframe src=\"https://YOUR-REPLYWRIGHT-HOST\(path)\" title=\"\(DashboardHTML.escape(form.definition.name))\" style=\"width:100%;min-height:640px;border:0\"></iframe>",
            variants: analytics.variants.map(Self.variantView), hasTraffic: !analytics.variants.isEmpty,
            experiments: experiments.map { experiment in
                DetailPage.Experiment(
                    id: experiment.id.rawValue, key: experiment.key, status: experiment.status.rawValue, running: experiment.status == .running,
                    variants: experiment.variants.map { "\($0.id) \(Int(($0.weight * 100).rounded())) %" }.joined(separator: ", "),
                    created: user.time.format(experiment.createdAt))
            },
            sessions: recent.map { session in
                DetailPage.Session(
                    id: session.id.rawValue, started: user.time.format(session.startedAt), status: session.status.rawValue,
                    variant: session.variant ?? "–", step: form.definition.step(session.plan.stepID)?.title ?? session.plan.stepID,
                    fields: session.fieldsShown)
            },
            hasSessions: !recent.isEmpty, hasExperiments: !experiments.isEmpty,
            canStart: !experiments.contains { $0.status == .running } && form.publishedVersion != nil,
            embedOrigins: origins.isEmpty ? nil : origins.joined(separator: ", "), notice: notice)
        return DashboardPage.html("form-detail", page: view, status: status, user: user)
    }

    static let operatorWords: [FormRule.Operator: String] = [
        .equals: "is", .notEquals: "is not", .contains: "includes", .gt: "is over", .gte: "is at least", .lt: "is under",
        .lte: "is at most", .answered: "is answered", .notAnswered: "is not answered",
    ]
    static let actionWords: [FormRule.Action: String] = [.goTo: "go to the step", .skip: "skip the step", .showField: "show the field"]

    static func words(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): "“\(text)”"
        case .number(let number): FormField.plainNumber(number)
        case .bool(let flag): flag ? "yes" : "no"
        default: ""
        }
    }

    static func variantView(_ variant: FormAnalytics.Variant) -> DetailPage.Variant {
        let maximum = max(variant.steps.map(\.views).max() ?? 0, 1)
        let percent = { (value: Double?) in value.map { String(format: "%.0f %%", $0 * 100) } ?? "–" }
        let seconds = { (value: Double?) in value.map { String(format: "%.0f s", $0) } ?? "–" }
        return DetailPage.Variant(
            variant: variant.variant == FormCounter.noVariant ? "no experiment" : variant.variant,
            views: variant.views, starts: variant.starts, completions: variant.completions, rate: percent(variant.completionRate),
            time: seconds(variant.averageSecondsToComplete),
            fields: variant.fieldsShownPerCompletion.map { String(format: "%.1f", $0) } ?? "–",
            funnel: SVGChart.funnel(
                title: "Sessions that saw each step (\(variant.variant))",
                steps: variant.steps.map { SVGChart.FunnelStep(label: $0.title, views: $0.views, dropOff: $0.dropOff) }, maximum: maximum),
            overTime: SVGChart.stackedBars(
                title: "Completions by day (\(variant.variant))", categories: variant.days.map(\.day),
                series: [
                    SVGChart.Series(name: "completions", style: "llm", values: variant.days.map { Double($0.completions) }),
                    SVGChart.Series(name: "not completed", style: "rules", values: variant.days.map { Double(max(0, $0.views - $0.completions)) }),
                ],
                format: { String(Int($0.rounded())) }),
            steps: variant.steps.map { step in
                DetailPage.Variant.Step(
                    title: step.title, views: step.views, exits: step.exits, dropOff: percent(step.dropOff), time: seconds(step.averageSeconds))
            })
    }

    /// The forms list (`forms.mustache`) with the new form's editor.
    struct ListPage: Sendable {
        struct Row: Sendable {
            var id, name, slug: String
            var steps: Int
            var live: String
            var isLive: Bool
            var updated: String
        }

        var forms: [Row]
        var hasForms: Bool
        var definition: String
        var problems: [FormProblem]
        var hasProblems: Bool
        var notice: String?
    }

    /// One form (`form-detail.mustache`): editor, preview, analytics per variant, experiments, sessions.
    struct DetailPage: Sendable {
        struct Field: Sendable {
            var label, kind: String
            var required, conditional: Bool
            /// Absent when the field has none (an empty string would still show the section).
            var options: String?
        }

        struct Step: Sendable {
            var number: Int
            var title, cta: String
            var fields: [Field]
        }

        struct Variant: Sendable {
            struct Step: Sendable {
                var title: String
                var views, exits: Int
                var dropOff, time: String
            }

            var variant: String
            var views, starts, completions: Int
            var rate, time, fields: String
            /// SVG built (and escaped) in Swift.
            var funnel, overTime: String
            var steps: [Step]
        }

        struct Experiment: Sendable {
            var id, key, status: String
            var running: Bool
            var variants, created: String
        }

        struct Session: Sendable {
            var id, started, status, variant, step: String
            var fields: Int
        }

        var id, formId, name, slug, path: String
        var isLive: Bool
        var live: String
        var unpublished: Bool
        var definition: String
        var problems: [FormProblem]
        var hasProblems: Bool
        var preview: [Step]
        var rules: [String]
        /// The embed snippet, escaped here and shown as text.
        var iframe: String
        var variants: [Variant]
        var hasTraffic: Bool
        var experiments: [Experiment]
        var sessions: [Session]
        var hasSessions, hasExperiments, canStart: Bool
        var embedOrigins, notice: String?
    }

    /// One visitor's session (`form-session.mustache`).
    struct SessionPage: Sendable {
        struct Line: Sendable { var time, what: String }
        struct Signal: Sendable { var step, text: String }

        var formId, formName, id, status, variant: String
        var version: Int
        var started, step: String
        var finished: Bool
        var fields: Int
        var timeline: [Line]
        var hasTimeline: Bool
        var signals: [Signal]
        var hasSignals: Bool
        var leadId: String?
    }

    /// An experiment's results (`experiment.mustache`).
    struct ExperimentPage: Sendable {
        struct Variant: Sendable {
            var id, weight: String
            var sessions, completions: Int
            var rate, time, fields: String
            var baseline: Bool
            /// Against the baseline; absent for the baseline itself.
            var verdict, lift, interval: String?
        }

        var id, key, formId, formName: String
        var running: Bool
        var status, seed, coverage, srm, srmStatus, srmNumbers: String
        var variants: [Variant]
        var notice: String?
    }

    func form(_ context: DashboardRequestContext) async throws -> FormRecord {
        try await store.form(Identifier(try context.parameters.require("id")), in: context.user.workspaceID)
    }

    @Sendable func show(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        try await formPage(context.user, try await form(context), notice: request.query("notice"))
    }

    @Sendable func save(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = try context.admin()
        let record = try await form(context)
        let typed = try await request.form(DefinitionForm.self, context: context).definition ?? ""
        switch Self.parse(typed) {
        case .failure(let problems):
            return try await formPage(user, record, typed: typed, problems: problems, status: .badRequest)
        case .success(let definition):
            do {
                _ = try await store.updateForm(record.id, definition: definition, in: user.workspaceID)
                return DashboardPage.redirect("/forms/\(record.id.rawValue)", notice: "Saved. Publish to put this version live.")
            } catch let error as AppError where error.code == .conflict {
                return try await formPage(
                    user, record, typed: typed, problems: [FormProblem("slug", DashboardPage.sentence(error.message))], status: .conflict)
            }
        }
    }

    @Sendable func publish(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = try context.admin()
        let record = try await form(context)
        let version = try await catalog.publish(record.id, in: user.workspaceID)
        return DashboardPage.redirect(
            "/forms/\(record.id.rawValue)",
            notice: "Version \(version.version) is live at /f/\(record.slug). Sessions already under way keep their version.")
    }

    @Sendable func csv(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let record = try await form(context)
        let analytics = try await catalog.analytics(record.id, in: context.user.workspaceID)
        return Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(record.slug)-analytics.csv\""],
            body: .init(byteBuffer: ByteBuffer(string: analytics.csv())))
    }

    /// The saved (maybe unpublished) definition's step `?step=N` as visitors will see it, through
    /// the hosted page's own template; its button only moves the preview on, nothing is stored.
    @Sendable func preview(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let record = try await form(context)
        let definition = record.definition
        let index = min(max((Int(request.query("step") ?? "1") ?? 1) - 1, 0), definition.steps.count - 1)
        let step = definition.steps[index]
        guard let plan = FormFlow(definition).plan(for: step.id, answers: [:]) else { throw AppError.notFound("step") }
        let now = Date()
        let session = FormSession(
            id: "preview", workspaceID: record.workspaceID, formID: record.id, version: 0, experimentID: nil, variant: nil, status: .active,
            plan: plan, answers: [:], token: "preview", leadID: nil, hasStarted: false, fieldsShown: 0, startedAt: now, stepStartedAt: now,
            lastActivityAt: now, completedAt: nil)
        let next = index + 1 < definition.steps.count ? "/forms/\(record.id.rawValue)/preview?step=\(index + 2)" : "/forms/\(record.id.rawValue)"
        let html = HostedFormPage.render(FormSessions.Current(session: session, definition: definition), preview: next)
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// One visitor's journey: each step shown, the field events on it (no values), the signals
    /// they give, and every decision with its source and latency, in time order.
    @Sendable func session(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = context.user
        let record = try await form(context)
        guard let session = try await store.formSession(Identifier(try context.parameters.require("session"))),
            session.formID == record.id
        else { throw AppError.notFound("form session") }
        let definition = try await store.formVersion(record.id, version: session.version).definition
        let events = try await store.formEvents(session.id, limit: 500)
        let decisions = try await store.formDecisions(session.id)
        let title = { (step: String?) in step.map { definition.step($0)?.title ?? $0 } ?? "completed" }
        var rows: [(Date, SessionPage.Line)] = events.map { event in
            (
                event.at,
                SessionPage.Line(
                    time: user.time.format(event.at),
                    what: "\(event.kind.rawValue)\(event.field.map { " · \($0)" } ?? "") (on “\(title(event.step))”)")
            )
        }
        rows += decisions.map { decision in
            (
                decision.at,
                SessionPage.Line(
                    time: user.time.format(decision.at),
                    what:
                        "\(title(decision.fromStep)) → \(title(decision.toStep)) by \(decision.source.rawValue) in \(String(format: "%.0f", decision.latencyMilliseconds)) ms"
                        + (decision.confidence.map { String(format: ", confidence %.2f", $0) } ?? "") + (decision.reason.map { ": \($0)" } ?? ""))
            )
        }
        // Signals per step that had events: the step the session is on counts from when it was
        // shown; an earlier one from its first event to its last (when it was left is not kept).
        let signals = definition.steps.compactMap { step -> SessionPage.Signal? in
            let onStep = events.filter { $0.step == step.id }
            guard let first = onStep.first, let last = onStep.last else { return nil }
            let current = step.id == session.plan.stepID && session.status == .active
            let derived = FormSignals.derive(
                events: onStep, stepStartedAt: current ? session.stepStartedAt : first.at, fieldsOnStep: step.fields.count,
                now: current ? session.lastActivityAt : last.at)
            return SessionPage.Signal(
                step: step.title,
                text: String(
                    format: "%d hesitations, %d corrections, %.0f s with events, engagement %.2f, abandonment risk %.2f",
                    derived.hesitations, derived.corrections, derived.timeOnStepSeconds, derived.engagement, derived.abandonmentRisk))
        }
        let view = SessionPage(
            formId: record.id.rawValue, formName: record.definition.name, id: session.id.rawValue, status: session.status.rawValue,
            variant: session.variant ?? "no experiment", version: session.version, started: user.time.format(session.startedAt),
            step: title(session.plan.stepID), finished: session.status != .active, fields: session.fieldsShown,
            timeline: rows.sorted { $0.0 < $1.0 }.map(\.1), hasTimeline: !rows.isEmpty, signals: signals, hasSignals: !signals.isEmpty,
            leadId: session.leadID?.rawValue)
        return DashboardPage.html("form-session", page: view, user: user)
    }

    struct ExperimentForm: Decodable { var key, adaptive, coverage: String? }

    @Sendable func startExperiment(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = try context.admin()
        let record = try await form(context)
        let typed = try await request.form(ExperimentForm.self, context: context)
        guard let adaptive = Double(typed.adaptive ?? ""), (0...100).contains(adaptive),
            let coverage = Double(typed.coverage ?? ""), (1...100).contains(coverage)
        else {
            return try await formPage(
                user, record, problems: [FormProblem("experiment", "The adaptive share is 0 to 100 % and the traffic in the experiment 1 to 100 %.")],
                status: .badRequest)
        }
        do {
            let experiment = try await catalog.createExperiment(
                .init(
                    formId: record.id.rawValue, key: (typed.key ?? "").trimmingCharacters(in: .whitespaces), coverage: coverage / 100,
                    variants: [.init(id: "static", weight: (100 - adaptive) / 100), .init(id: "adaptive", weight: adaptive / 100)]),
                in: user.workspaceID)
            return DashboardPage.redirect("/experiments/\(experiment.id.rawValue)", notice: "Started. New visitors are bucketed from now on.")
        } catch let error as AppError where error.code == .invalidRequest || error.code == .conflict {
            return try await formPage(user, record, problems: [FormProblem("experiment", DashboardPage.sentence(error.message))], status: .badRequest)
        }
    }

    // MARK: Experiments

    @Sendable func experiment(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = context.user
        let results = try await catalog.results(Identifier(try context.parameters.require("id")), in: user.workspaceID)
        let form = try await store.form(results.experiment.formID, in: user.workspaceID)
        let percent = { (value: Double?) in value.map { String(format: "%.1f %%", $0 * 100) } ?? "–" }
        let view = ExperimentPage(
            id: results.experiment.id.rawValue, key: results.experiment.key, formId: form.id.rawValue, formName: form.definition.name,
            running: results.experiment.status == .running, status: results.experiment.status.rawValue, seed: results.experiment.hashSeed,
            coverage: percent(results.experiment.coverage), srm: results.sampleRatio.verdict, srmStatus: results.sampleRatio.status,
            srmNumbers: String(format: "χ² %.2f, p %@", results.sampleRatio.chiSquare, ExperimentStatistics.format(results.sampleRatio.pValue)),
            variants: results.variants.enumerated().map { index, variant in
                let comparison = variant.comparison
                return ExperimentPage.Variant(
                    id: variant.id, weight: percent(variant.weight), sessions: variant.sessions, completions: variant.completions,
                    rate: percent(variant.completionRate), time: variant.averageSecondsToComplete.map { String(format: "%.0f s", $0) } ?? "–",
                    fields: variant.fieldsShownPerCompletion.map { String(format: "%.1f", $0) } ?? "–", baseline: index == 0,
                    verdict: comparison?.verdict, lift: comparison.map { $0.relativeLift.map { ExperimentStatistics.percent($0) } ?? "–" },
                    interval: comparison.map {
                        $0.liftInterval.map { "\(ExperimentStatistics.percent($0[0])) to \(ExperimentStatistics.percent($0[1]))" } ?? "–"
                    })
            }, notice: request.query("notice"))
        return DashboardPage.html("experiment", page: view, user: user)
    }

    @Sendable func stopExperiment(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = try context.admin()
        let id = Identifier<Experiment>(try context.parameters.require("id"))
        _ = try await store.setExperimentStatus(id, status: .stopped, in: user.workspaceID)
        return DashboardPage.redirect("/experiments/\(id.rawValue)", notice: "Stopped. New visitors see the form as defined; these results stay.")
    }
}
