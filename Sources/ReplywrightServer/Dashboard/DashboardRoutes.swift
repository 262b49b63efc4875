import Foundation
import HTTPTypes
import Hummingbird
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

/// Rendering helpers shared by the dashboard's handlers.
enum DashboardPage {
    static func html(_ template: String, _ values: [String: Any], status: HTTPResponse.Status = .ok, user: DashboardUser?) -> Response {
        var all = values
        if let user { all["user"] = layoutValues(user) }
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: DashboardTemplates.render(template, all))))
    }

    static func layoutValues(_ user: DashboardUser) -> [String: Any] {
        [
            "email": user.session.email, "role": user.superAdmin ? "super-admin" : user.role.rawValue, "isAdmin": user.isAdmin,
            "csrf": user.session.csrfToken, "switchable": user.workspaces.count > 1,
            "workspaceName": user.workspaces.first { $0.id == user.session.workspaceID }?.name ?? "",
            "workspaces": user.workspaces.map { ["id": $0.id.rawValue, "name": $0.name, "current": $0.id == user.session.workspaceID] },
        ]
    }

    static func message(status: HTTPResponse.Status, heading: String, text: String, back: String, user: DashboardUser?) -> Response {
        html("message", ["heading": heading, "text": text, "back": back], status: status, user: user)
    }

    /// 303: after a form post the browser loads the page with GET.
    static func redirect(_ location: String, cookies: [Cookie] = []) -> Response {
        var response = Response(status: .seeOther, headers: [.location: location])
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }

    static func when(_ date: Date) -> String { DashboardHTML.dateTime(date, in: .current) }

    static func score(_ value: Double?) -> String { value.map { DashboardHTML.fixed($0, digits: 2) } ?? "–" }
}

/// The dashboard: login, the drafts inbox, a draft (review, edit, send, regenerate, refine),
/// a lead, and settings (admins). Server-rendered HTML; every form carries the CSRF token.
struct DashboardRoutes {
    let store: any DataStore
    let drafting: ReplyDrafter
    let refining: RefinePipeline
    let sender: DraftSender
    /// Reports' synthesis and questions, evals (C4).
    let insights: InsightsSchedule
    let options: DashboardOptions
    let perUser: RateLimit?
    /// Login attempts per account (one limiter for the router's life).
    let perLogin: RateLimiter?

    static let pageSize = 50

    func register(on router: Router<AppRequestContext>) {
        router.get("/assets/app.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: DashboardTemplates.css)))
        }
        router.get("/login", use: loginPage)
        router.post("/login", use: login)
        let pages = router.group().add(middleware: DashboardAuthMiddleware(store: store, options: options))
        if let perUser {
            pages.add(middleware: RateLimitMiddleware(limiter: RateLimiter(limit: perUser)) { _, context in
                context.dashboard.map { "user:\($0.session.userID)" }
            })
        }
        pages.get("/") { _, _ in DashboardPage.redirect("/drafts") }
        pages.post("/logout", use: logout)
        pages.post("/workspace", use: switchWorkspace)
        pages.get("/drafts", use: inbox)
        pages.get("/drafts/:id", use: draftPage)
        pages.post("/drafts/:id/:action", use: draftAction)
        pages.post("/leads/:id/regenerate", use: regenerate)
        pages.get("/leads/:id", use: leadPage)
        pages.get("/usage", use: usagePage)
        pages.get("/usage.csv", use: usageCSV)
        pages.get("/settings", use: settingsPage)
        pages.post("/settings", use: saveSettings)
        pages.post("/settings/keys", use: createKey)
        pages.post("/settings/keys/:id/revoke", use: revokeKey)
        registerUsers(on: pages)
        registerPrompts(on: pages)
        registerInsights(on: pages)
    }

    // MARK: - Login

    @Sendable func loginPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = PasswordGenerator.generate(length: 43)
        var response = DashboardPage.html("login", [
            "loginCSRF": token, "next": request.uri.queryParameters["next"].map(String.init) ?? "/drafts",
        ], user: nil)
        response.setCookie(Cookie(name: DashboardCookies.loginCSRF, value: token, maxAge: 3600, path: "/login", secure: options.secureCookies,
                                  httpOnly: true, sameSite: .lax))
        return response
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let form = FormFields.parse(String(buffer: try await request.collectBody(upTo: context.maxUploadSize)))
        let expected = request.cookies[DashboardCookies.loginCSRF]?.value ?? ""
        guard !expected.isEmpty, WebhookSignature.constantTimeEqual(form["_csrf"] ?? "", expected) else {
            return DashboardPage.message(status: .forbidden, heading: "This form has expired",
                                         text: "Reload the login page and try again.", back: "/login", user: nil)
        }
        let email = form["email"] ?? ""
        let next = form["next"].flatMap(Self.localPath) ?? "/drafts"
        if let perLogin, case let decision = perLogin.take("login:\(EmailAddress.normalized(email))"), !decision.allowed {
            let minutes = max(1, Int((decision.retryAfter / 60).rounded(.up)))
            var response = DashboardPage.html("login", [
                "loginCSRF": expected, "next": next, "email": email,
                "problem": "Too many login attempts for this account. Try again in \(minutes) minute\(minutes == 1 ? "" : "s").",
            ], status: .tooManyRequests, user: nil)
            response.headers[.retryAfter] = String(max(1, Int(decision.retryAfter.rounded(.up))))
            return response
        }
        func refused() -> Response {
            DashboardPage.html("login", ["loginCSRF": expected, "next": next, "email": email,
                                          "problem": "That email and password do not match an account."], status: .unauthorized, user: nil)
        }
        guard let credentials = try await store.user(email: email),
              options.passwordHasher.verify(form["password"] ?? "", hash: credentials.passwordHash)
        else { return refused() }
        let memberships = try await store.workspaceRoles(of: credentials.user.id)
        let superAdmin = options.superAdmins.contains(credentials.user.email)
        let anyWorkspace = superAdmin ? try await store.workspaces().first?.id : nil
        guard let workspaceID = memberships.first?.workspace.id ?? anyWorkspace else {
            return DashboardPage.html("login", ["loginCSRF": expected, "next": next, "email": email,
                                                 "problem": "This account is not a member of any workspace yet."], status: .forbidden, user: nil)
        }
        let issued = try await store.createSession(userID: credentials.user.id, workspaceID: workspaceID, ttl: options.sessionLifetime)
        return DashboardPage.redirect(next, cookies: [
            Cookie(name: DashboardCookies.session, value: issued.token, maxAge: Int(options.sessionLifetime.timeInterval), path: "/",
                   secure: options.secureCookies, httpOnly: true, sameSite: .lax),
            Cookie(name: DashboardCookies.loginCSRF, value: "", maxAge: 0, path: "/login", secure: options.secureCookies, httpOnly: true,
                   sameSite: .lax),
        ])
    }

    /// Only a path on this site (`/drafts`), never another host: `//evil.example` and
    /// `/\evil.example` are both read as hosts by browsers.
    static func localPath(_ text: String) -> String? {
        let characters = Array(text)
        guard characters.first == "/", characters.count == 1 || (characters[1] != "/" && characters[1] != "\\"),
              !text.contains(where: { $0.isNewline }) else { return nil }
        return text
    }

    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let user = context.dashboard { try await store.deleteSession(token: user.token) }
        return DashboardPage.redirect("/login", cookies: [
            Cookie(name: DashboardCookies.session, value: "", maxAge: 0, path: "/", secure: options.secureCookies, httpOnly: true, sameSite: .lax),
        ])
    }

    @Sendable func switchWorkspace(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requireUser(context)
        guard let target = context.form["workspace"].map({ Identifier<Workspace>($0) }), user.workspaces.contains(where: { $0.id == target }) else {
            return DashboardPage.message(status: .notFound, heading: "No such workspace", text: "You are not a member of that workspace.",
                                         back: "/drafts", user: user)
        }
        try await store.setSessionWorkspace(token: user.token, workspaceID: target)
        return DashboardPage.redirect("/drafts")
    }

    // MARK: - Inbox and drafts

    @Sendable func inbox(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requireUser(context)
        let page = max(1, request.uri.queryParameters["page"].flatMap { Int($0) } ?? 1)
        let workspaceID = user.session.workspaceID
        // One more than a page, to know whether there is an older page.
        let drafts = try await store.pendingDrafts(in: workspaceID, limit: Self.pageSize + 1, offset: (page - 1) * Self.pageSize)
        let rows = drafts.prefix(Self.pageSize).map { draft in
            DashboardHTML.InboxRow(
                id: draft.id.rawValue, leadName: draft.leadName, leadEmail: draft.leadEmail,
                intent: DashboardHTML.spaced(draft.intent.rawValue), archetype: draft.archetypeID,
                source: draft.source.rawValue, score: DashboardPage.score(draft.combinedScore), status: draft.status.rawValue,
                written: DashboardPage.when(draft.createdAt))
        }
        var values: [String: Any] = ["rows": DashboardHTML.inboxRows(Array(rows)), "hasDrafts": !rows.isEmpty]
        if page > 1 { values["previousPage"] = page - 1 }
        if drafts.count > Self.pageSize { values["nextPage"] = page + 1 }
        return DashboardPage.html("inbox", values, user: user)
    }

    @Sendable func draftPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await renderDraft(Identifier(try context.parameters.require("id")), context: context,
                              notice: request.uri.queryParameters["notice"].map(String.init))
    }

    func renderDraft(
        _ id: Identifier<Draft>, context: AppRequestContext, notice: String? = nil, problem: String? = nil,
        status: HTTPResponse.Status = .ok, refined: RefinePipeline.Result? = nil
    ) async throws -> Response {
        let user = try requireUser(context)
        let workspaceID = user.session.workspaceID
        let draft: Draft
        do {
            draft = try await store.draft(id, in: workspaceID)
        } catch let error as AppError where error.code == .notFound {
            return DashboardPage.message(status: .notFound, heading: "Draft not found", text: "There is no such draft in this workspace.",
                                         back: "/drafts", user: user)
        }
        let lead = try await store.lead(draft.leadID, in: workspaceID)
        let messages = try await store.messages(leadID: lead.id, in: workspaceID)
        let delivery = try await store.delivery(for: draft.id, in: workspaceID)
        let winner = draft.candidateStats.enumerated().max { $0.element["combined"] ?? 0 < $1.element["combined"] ?? 0 }?.offset
        var values: [String: Any] = [
            "id": draft.id.rawValue, "leadId": lead.id.rawValue, "leadName": lead.displayName,
            "intent": DashboardHTML.spaced(draft.intent.rawValue), "archetype": draft.archetypeID,
            "source": draft.source.rawValue, "score": DashboardPage.score(draft.combinedScore), "status": draft.status.rawValue,
            "needsAnswer": draft.needsAnswer, "superseded": draft.status == .superseded,
            "body": draft.body, "csrf": user.session.csrfToken,
            "editable": [.pending, .approved, .edited].contains(draft.status), "approvable": draft.status == .pending,
            "sendable": draft.status == .approved || draft.status == .edited,
            "messages": try await timeline(messages, in: workspaceID),
            "candidates": draft.candidateStats.enumerated().map { index, stats -> [String: Any] in
                ["index": index + 1, "words": Int(stats["words"] ?? 0), "combined": DashboardPage.score(stats["combined"]),
                 "violations": Int(stats["scope_violations"] ?? 0), "winner": index == winner]
            },
            "scores": [
                "coverage": DashboardPage.score(draft.scores.coverage), "voice": DashboardPage.score(draft.scores.voice),
                "scope": DashboardPage.score(draft.scores.scope), "uniqueness": DashboardPage.score(draft.scores.uniqueness),
                "relevance": DashboardPage.score(draft.scores.relevance),
            ],
            "modes": RefineMode.allCases.map(\.rawValue), "nudges": RefineNudge.allCases.map(\.rawValue),
        ]
        values["disposition"] = draft.disposition?.rawValue
        values["delivery"] = delivery?.state.rawValue
        values["notice"] = notice
        values["problem"] = problem
        if let refined {
            values["refined"] = refined.text
            values["refinedSource"] = refined.source.rawValue
            values["refinedScore"] = DashboardPage.score(refined.combinedScore)
        }
        return DashboardPage.html("draft", values, status: status, user: user)
    }

    /// The conversation for a page: who wrote each message (the lead, the AI, or the setter by
    /// email when a dashboard user sent it), when, and the text.
    func timeline(_ messages: [Message], in workspaceID: Identifier<Workspace>) async throws -> [[String: Any]] {
        var emails: [Identifier<User>: String] = [:]
        if messages.contains(where: { $0.sentByUserID != nil }) {
            for member in try await store.members(of: workspaceID, limit: 500, offset: 0) { emails[member.user.id] = member.user.email }
        }
        return messages.map { message in
            let who = message.direction == .inbound ? "Lead" : message.sentByUserID.flatMap { emails[$0] } ?? message.sender.rawValue
            return ["direction": message.direction.rawValue, "who": who, "when": DashboardPage.when(message.occurredAt), "body": message.body]
        }
    }

    @Sendable func draftAction(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requireUser(context)
        let id = Identifier<Draft>(try context.parameters.require("id"))
        let action = try context.parameters.require("action")
        do {
            switch action {
            case "approve": _ = try await store.review(id, in: user.session.workspaceID, action: .approve, by: .setter)
            case "reject": _ = try await store.review(id, in: user.session.workspaceID, action: .reject, by: .setter)
            case "edit": _ = try await store.review(id, in: user.session.workspaceID, action: .edit(body: context.form["body"] ?? ""), by: .setter)
            case "send": _ = try await sender.send(id, in: user.session.workspaceID, action: .send, user: user.session.userID)
            case "refine":
                let draft = try await store.draft(id, in: user.session.workspaceID)
                guard let mode = context.form["mode"].flatMap(RefineMode.init(rawValue:)) else { throw AppError.invalid("mode: choose one") }
                let nudge = context.form["nudge"].flatMap(RefineNudge.init(rawValue:))
                let refined = try await refining.refine(draft.body, mode: mode, nudge: nudge, in: user.session.workspaceID, logger: context.logger)
                return try await renderDraft(id, context: context, refined: refined)
            default:
                return DashboardPage.message(status: .notFound, heading: "Unknown action", text: "There is no such action.",
                                             back: "/drafts/\(id)", user: user)
            }
        } catch let error as AppError where [.conflict, .invalidRequest].contains(error.code) {
            return try await renderDraft(id, context: context, problem: error.message, status: error.code == .conflict ? .conflict : .badRequest)
        }
        let done = ["approve": "Approved.", "reject": "Rejected.", "edit": "Saved.", "send": "Sent."][action] ?? "Done."
        return DashboardPage.redirect("/drafts/\(id)?notice=\(done.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
    }

    @Sendable func regenerate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requireUser(context)
        let draft = try await drafting.regenerate(for: Identifier(try context.parameters.require("id")), in: user.session.workspaceID,
                                                  logger: context.logger)
        return DashboardPage.redirect("/drafts/\(draft.id)?notice=New+draft+written.")
    }

    // MARK: - Lead

    @Sendable func leadPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requireUser(context)
        let workspaceID = user.session.workspaceID
        let lead: Lead
        do {
            lead = try await store.lead(Identifier(try context.parameters.require("id")), in: workspaceID)
        } catch let error as AppError where error.code == .notFound {
            return DashboardPage.message(status: .notFound, heading: "Lead not found", text: "There is no such lead in this workspace.",
                                         back: "/drafts", user: user)
        }
        let redactor = user.isAdmin ? nil : Redactor(lead: lead)
        let memory = try await store.memory(leadID: lead.id, in: workspaceID, at: Date())
        let decisions = try await store.decisions(leadID: lead.id, in: workspaceID, limit: 50)
        let drafts = try await store.drafts(leadID: lead.id, in: workspaceID)
        let followUps = try await store.followUps(leadID: lead.id, in: workspaceID)
        var values: [String: Any] = [
            "name": lead.displayName, "email": lead.email, "status": lead.status.rawValue, "appointment": lead.appointmentStatus.rawValue,
            "optedOut": lead.optedOut, "redacted": redactor != nil,
            "messages": try await timeline(try await store.messages(leadID: lead.id, in: workspaceID), in: workspaceID),
            "memory": memory.map { entry -> [String: Any] in
                ["category": DashboardHTML.spaced(entry.category),
                 "text": redactor.map { $0.redact(entry.text).text } ?? entry.text, "expires": DashboardPage.when(entry.expiresAt)]
            },
            "decisions": decisions.map { ["stage": $0.stage.rawValue, "verdict": $0.verdict.rawValue, "source": $0.source.rawValue,
                                          "reasons": $0.reasons.joined(separator: "; ")] },
            "hasFollowUps": !followUps.isEmpty,
            "followUps": followUps.map { followUp -> [String: Any] in
                ["reason": followUp.reason == .outOfOffice ? "back from time away" : "asked to hear back later",
                 "due": DashboardPage.when(followUp.dueAt), "state": followUp.state.rawValue]
            },
            "drafts": drafts.prefix(20).map { draft -> [String: Any] in
                ["id": draft.id.rawValue, "status": draft.status.rawValue, "source": draft.source.rawValue, "archetype": draft.archetypeID,
                 "score": DashboardPage.score(draft.combinedScore), "written": DashboardPage.when(draft.createdAt)]
            },
        ]
        if drafts.count > 20 { values["allDrafts"] = drafts.count }
        if let bundle = drafts.first?.bundleStats, !bundle.isEmpty {
            values["bundle"] = Self.bundleLines(bundle)
        }
        values["company"] = lead.company
        values["bookedAt"] = lead.bookedAt.map(DashboardPage.when)
        return DashboardPage.html("lead", values, user: user)
    }

    /// The bundle's numbers in words, in a fixed order.
    static func bundleLines(_ stats: [String: Double]) -> [[String: Any]] {
        LeadContextBundle.Stats.descriptions.compactMap { key, text in stats[key].map { ["label": text, "value": Int($0)] } }
    }

    // MARK: - AI usage

    func usageReport(_ request: Request, user: DashboardUser) async throws -> (AIUsageReport, days: Int) {
        let days = min(max(request.uri.queryParameters["days"].flatMap { Int($0) } ?? 30, 1), 90)
        let now = Date()
        let since = now.addingTimeInterval(-Double(days - 1) * 86_400)
        let zone = try await store.policySettings(in: user.session.workspaceID).zone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let start = calendar.startOfDay(for: since)
        let rows = try await store.aiUsage(in: user.session.workspaceID, since: start, until: now, limit: 100_000)
        return (AIUsageReport.build(rows, from: start, to: now, timeZone: zone), days)
    }

    @Sendable func usagePage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requireUser(context)
        let (report, days) = try await usageReport(request, user: user)
        func money(_ value: Double) -> String { String(format: "$%.4f", value) }
        let sources = DecisionSource.allCases
        let callsChart = SVGChart.stackedBars(
            title: "Decisions per day by source", categories: report.days,
            series: sources.map { source in
                SVGChart.Series(name: source.rawValue, style: source.rawValue,
                                values: report.days.map { Double(report.perDay[$0]?.bySource[source] ?? 0) })
            },
            format: { String(Int($0.rounded())) })
        let costChart = SVGChart.stackedBars(
            title: "Cost per day (USD)", categories: report.days,
            series: [SVGChart.Series(name: "cost", style: "cost", values: report.days.map { report.perDay[$0]?.costUSD ?? 0 })],
            format: money)
        let overall = report.overall
        // Cost per booked meeting: the period's AI cost over the bookings credited to messages sent in it.
        let now = Date()
        let cells = try await store.reportData(
            AttributionParameters(from: now.addingTimeInterval(-Double(days) * 86_400), to: now, asOf: now), samplePerGroup: 0,
            in: user.session.workspaceID).cells
        let booked = cells.filter { $0.crossChannel == .booked }.reduce(0) { $0 + $1.count }
        return DashboardPage.html("usage", [
            "booked": booked, "perBooking": booked > 0 ? money(overall.costUSD / Double(booked)) : "no bookings yet",
            "days": days, "ranges": [7, 30, 90], "calls": overall.calls, "tokens": overall.tokens, "cost": money(overall.costUSD),
            "p50": overall.p50LatencyMs, "p95": overall.p95LatencyMs, "hasRows": overall.calls > 0,
            "callsChart": callsChart, "costChart": costChart,
            "groups": report.byFeature.map { group -> [String: Any] in
                let t = group.totals
                return ["feature": group.featureID, "model": group.model, "calls": t.calls, "tokens": t.tokens, "cost": money(t.costUSD),
                        "p50": t.p50LatencyMs, "p95": t.p95LatencyMs,
                        "mix": sources.map { String(t.bySource[$0] ?? 0) }.joined(separator: " / ")]
            },
        ], user: user)
    }

    @Sendable func usageCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requireUser(context)
        let (report, days) = try await usageReport(request, user: user)
        return Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"ai-usage-\(days)d.csv\""],
            body: .init(byteBuffer: ByteBuffer(string: report.csv)))
    }

    // MARK: - Settings (admins)

    @Sendable func settingsPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await asAdmin(context) { user in
            try await renderSettings(user, notice: request.uri.queryParameters["notice"].map(String.init))
        }
    }

    func renderSettings(_ user: DashboardUser, notice: String? = nil, problem: String? = nil, newKey: String? = nil,
                        status: HTTPResponse.Status = .ok) async throws -> Response {
        let workspaceID = user.session.workspaceID
        let drafting = try await store.draftingSettings(in: workspaceID) ?? self.drafting.pipeline.configuration.settings
        let effective = self.drafting.pipeline.configuration.applying(drafting)
        let policy = try await store.policySettings(in: workspaceID)
        var values: [String: Any] = [
            "csrf": user.session.csrfToken, "model": drafting.model ?? "", "variants": drafting.variants,
            "budgetSeconds": drafting.budgetSeconds, "coercions": effective.coercions,
            "senderName": drafting.senderName ?? "", "signature": drafting.signature ?? "",
            "contextBundle": drafting.contextBundle, "bundleOff": drafting.contextBundle && !effective.configuration.contextBundle,
            "tokenBudgets": Self.tokenBudgets.map { ["name": $0.field, "label": $0.label, "value": drafting[keyPath: $0.setting]] },
            "efforts": Self.effortChoices(stored: drafting.effort, offered: effective.efforts.map(\.rawValue)),
            "hasModel": effective.configuration.model != nil,
            "archetypes": ArchetypeCatalog.standard.map { archetype -> [String: Any] in
                ["id": archetype.id, "name": archetype.name,
                 "checked": drafting.archetypes.map { $0.contains(archetype.id) } ?? true]
            },
            "autoSend": policy.autoSend, "autoSendThreshold": policy.autoSendThreshold,
            "blockedDomains": policy.blockedDomains.joined(separator: ", "), "timeZone": policy.timeZone,
            "bookingLink": policy.booking.link ?? "", "bookingHours": policy.booking.hours, "slotMinutes": policy.booking.slotMinutes,
            "closeNotInterested": policy.closeNotInterested, "scheduleFollowUps": policy.scheduleFollowUps,
            "keys": try await store.apiKeys(in: workspaceID).map { key -> [String: Any] in
                ["id": key.id.rawValue, "name": key.name, "prefix": key.prefix, "role": key.role.rawValue,
                 "created": DashboardPage.when(key.createdAt), "revoked": key.revokedAt != nil]
            },
        ]
        values["notice"] = notice
        values["problem"] = problem
        values["newKey"] = newKey
        return DashboardPage.html("settings", values, status: status, user: user)
    }

    @Sendable func saveSettings(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await asAdmin(context) { user in try await saveSettings(user, form: context.form) }
    }

    /// The context bundle's token budgets as form fields.
    static var tokenBudgets: [(field: String, label: String, setting: WritableKeyPath<DraftingSettings, Int>)] {
        [("knowledgeBudget", "Knowledge, all assets", \.knowledgeBudget), ("perAssetBudget", "Knowledge, per asset", \.perAssetBudget),
         ("memoryBudget", "Lead memory, all entries", \.memoryBudget), ("perEntryBudget", "Lead memory, per entry", \.perEntryBudget)]
    }

    /// The model's default, then the efforts the model takes; a stored effort it does not take
    /// stays selectable (marked) so that saving the form does not change it by accident.
    static func effortChoices(stored: String?, offered: [String]) -> [[String: Any]] {
        var choices: [[String: Any]] = [["value": "", "label": "model default", "selected": stored == nil]]
        choices += offered.map { ["value": $0, "label": $0, "selected": $0 == stored] }
        if let stored, !offered.contains(stored) {
            choices.append(["value": stored, "label": "\(stored) (not for this model)", "selected": true])
        }
        return choices
    }

    func saveSettings(_ user: DashboardUser, form: [String: String]) async throws -> Response {
        let workspaceID = user.session.workspaceID
        do {
            var drafting = try await store.draftingSettings(in: workspaceID) ?? self.drafting.pipeline.configuration.settings
            drafting.model = form["model"].flatMap { $0.isEmpty ? nil : $0 }
            drafting.effort = form["effort"].flatMap { $0.isEmpty ? nil : $0 }
            guard let variants = form["variants"].flatMap({ Int($0) }) else { throw AppError.invalid("variants: a whole number from 1 to 8") }
            guard let budget = form["budgetSeconds"].flatMap({ Int($0) }) else { throw AppError.invalid("budget: a whole number of seconds") }
            drafting.variants = variants
            drafting.budgetSeconds = budget
            drafting.contextBundle = form["contextBundle"] == "on"
            drafting.senderName = form["senderName"]
            drafting.signature = form["signature"]
            for budget in Self.tokenBudgets {
                guard let value = form[budget.field].flatMap({ Int($0) }) else {
                    throw AppError.invalid("\(budget.field): \(budget.label.lowercased()), a whole number of tokens")
                }
                drafting[keyPath: budget.setting] = value
            }
            // One checkbox per archetype; all of them checked means "all" (new archetypes included).
            let chosen = ArchetypeCatalog.standard.map(\.id).filter { form["archetype.\($0)"] == "on" }
            drafting.archetypes = chosen.count == ArchetypeCatalog.standard.count ? nil : chosen
            guard let threshold = form["autoSendThreshold"].flatMap({ Double($0) }) else { throw AppError.invalid("auto-send threshold: a number from 0 to 1") }
            let saved = try await store.policySettings(in: workspaceID)
            let booking = BookingSettings(
                link: form["bookingLink"] ?? saved.booking.link, hours: form["bookingHours"] ?? saved.booking.hours,
                slotMinutes: try form["slotMinutes"].map { (text: String) throws(AppError) -> Int in
                    guard let minutes = Int(text) else { throw AppError.invalid("slot length: a whole number of minutes") }
                    return minutes
                } ?? saved.booking.slotMinutes)
            let policy = PolicySettings(
                autoSend: form["autoSend"] == "on", autoSendThreshold: threshold,
                blockedDomains: (form["blockedDomains"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
                timeZone: form["timeZone"] ?? "UTC", gateTimeoutSeconds: saved.gateTimeoutSeconds, booking: booking,
                closeNotInterested: form["closeNotInterested"] == "on", scheduleFollowUps: form["scheduleFollowUps"] == "on")
            let validDrafting = try drafting.validated()
            let validPolicy = try policy.validated()
            _ = try await store.saveDraftingSettings(validDrafting, in: workspaceID)
            _ = try await store.savePolicySettings(validPolicy, in: workspaceID)
        } catch let error as AppError where error.code == .invalidRequest {
            return try await renderSettings(user, problem: error.message, status: .badRequest)
        }
        return DashboardPage.redirect("/settings?notice=Saved.")
    }

    @Sendable func createKey(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await asAdmin(context) { user in
            let name = (context.form["name"] ?? "").trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name.count <= 100 else {
                return try await renderSettings(user, problem: "Give the key a name (up to 100 characters).", status: .badRequest)
            }
            let role = context.form["role"].flatMap(WorkspaceRole.init(rawValue:)) ?? .setter
            let issued = try await store.issueAPIKey(for: user.session.workspaceID, name: name, role: role)
            return try await renderSettings(user, notice: "Key created. Copy it now: it is not shown again.", newKey: issued.secret)
        }
    }

    @Sendable func revokeKey(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await asAdmin(context) { user in
            try await store.revokeAPIKey(Identifier(try context.parameters.require("id")), in: user.session.workspaceID)
            return DashboardPage.redirect("/settings?notice=Key+revoked.")
        }
    }

    // MARK: - Roles

    func requireUser(_ context: AppRequestContext) throws -> DashboardUser {
        guard let user = context.dashboard else { throw AppError(.unauthorized, "log in first") }
        return user
    }

    /// Runs `body` for admins; setters get a plain 403 page and nothing happens.
    func asAdmin(_ context: AppRequestContext, _ body: (DashboardUser) async throws -> Response) async throws -> Response {
        let user = try requireUser(context)
        guard user.isAdmin else {
            return DashboardPage.message(status: .forbidden, heading: "Admins only",
                                         text: "Settings are for workspace admins. Ask an admin if something needs changing.",
                                         back: "/drafts", user: user)
        }
        return try await body(user)
    }
}
