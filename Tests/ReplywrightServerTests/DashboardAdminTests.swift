import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReplywrightCore
import ReplywrightEngine
import ReplywrightLLM
import ReplywrightServer
import ReplywrightStore
import ReplywrightTesting
import Testing

/// The dashboard's role checks on every page, the users page, passwords, the workspace
/// switcher and the settings form's model-dependent parts.
@Suite("Dashboard: roles, users and workspaces")
struct DashboardAdminTests {
    let dashboard = DashboardTests()
    typealias D = DashboardTests

    struct Route: Hashable, CustomStringConvertible {
        var method: String
        var path: String
        var description: String { "\(method.uppercased()) \(path)" }
    }

    /// Every dashboard route behind a login, from the router's own table (the API, the login
    /// page and the stylesheet are not).
    static func registeredPages(_ store: SQLStore) -> Set<Route> {
        // Hosted forms (`/f/`) are public pages with their own session tokens: FormHostingTests covers them.
        let open = ["/v1", "/health", "/metrics", "/openapi.json", "/login", "/assets/", "/f/"]
        return Set(
            registeredRoutes(store).filter { route in !open.contains { route.path.hasPrefix($0) } }
                .map { Route(method: $0.method, path: $0.path.replacing(/\{([A-Za-z]+)\}/) { ":\($0.output.1)" }) })
    }

    /// A concrete URL for each page, and whether only admins may use it.
    static func table(
        _ setup: D.Setup, memberID: String, keyID: String, evalID: String = "none", proposalID: String = "none", formID: String = "none",
        experimentID: String = "none", sessionID: String = "none"
    )
        -> [Route: (url: String, adminOnly: Bool)]
    {
        [
            Route(method: "get", path: "/"): ("/", false),
            Route(method: "post", path: "/logout"): ("/logout", false),
            Route(method: "post", path: "/workspace"): ("/workspace", false),
            Route(method: "get", path: "/drafts"): ("/drafts", false),
            Route(method: "get", path: "/drafts/:id"): ("/drafts/\(setup.draftID)", false),
            Route(method: "post", path: "/drafts/:id/:action"): ("/drafts/\(setup.draftID)/approve", false),
            Route(method: "post", path: "/leads/:id/regenerate"): ("/leads/\(setup.leadID)/regenerate", false),
            Route(method: "get", path: "/leads/:id"): ("/leads/\(setup.leadID)", false),
            Route(method: "get", path: "/leads"): ("/leads", false),
            Route(method: "get", path: "/usage"): ("/usage", false),
            Route(method: "get", path: "/usage.csv"): ("/usage.csv", false),
            Route(method: "get", path: "/account/password"): ("/account/password", false),
            Route(method: "post", path: "/account/password"): ("/account/password", false),
            Route(method: "post", path: "/account/profile"): ("/account/profile", false),
            Route(method: "post", path: "/account/time-zone"): ("/account/time-zone", false),
            Route(method: "get", path: "/settings/prompts"): ("/settings/prompts", true),
            Route(method: "get", path: "/settings/prompts/:key"): ("/settings/prompts/draft.variant.email", true),
            Route(method: "post", path: "/settings/prompts/:key"): ("/settings/prompts/draft.variant.email", true),
            Route(method: "post", path: "/settings/prompts/:key/rollback"): ("/settings/prompts/draft.variant.email/rollback", true),
            Route(method: "get", path: "/settings"): ("/settings", true),
            Route(method: "post", path: "/settings"): ("/settings", true),
            Route(method: "post", path: "/settings/keys"): ("/settings/keys", true),
            Route(method: "post", path: "/settings/keys/:id/revoke"): ("/settings/keys/\(keyID)/revoke", true),
            Route(method: "post", path: "/settings/webhook-secret"): ("/settings/webhook-secret", true),
            Route(method: "post", path: "/settings/webhook-secret/revoke"): ("/settings/webhook-secret/revoke", true),
            Route(method: "get", path: "/settings/knowledge"): ("/settings/knowledge", true),
            Route(method: "post", path: "/settings/knowledge"): ("/settings/knowledge", true),
            Route(method: "get", path: "/settings/knowledge/:id"): ("/settings/knowledge/none", true),
            Route(method: "post", path: "/settings/knowledge/:id"): ("/settings/knowledge/none", true),
            Route(method: "post", path: "/settings/knowledge/:id/delete"): ("/settings/knowledge/none/delete", true),
            Route(method: "get", path: "/settings/users"): ("/settings/users", true),
            Route(method: "post", path: "/settings/users"): ("/settings/users", true),
            Route(method: "post", path: "/settings/users/:id/role"): ("/settings/users/\(memberID)/role", true),
            Route(method: "post", path: "/settings/users/:id/remove"): ("/settings/users/\(memberID)/remove", true),
            Route(method: "post", path: "/settings/users/:id/password"): ("/settings/users/\(memberID)/password", true),
            Route(method: "get", path: "/insights"): ("/insights", false),
            Route(method: "post", path: "/insights/reports"): ("/insights/reports", false),
            Route(method: "get", path: "/insights/reports/:id"): ("/insights/reports/none", false),
            Route(method: "post", path: "/insights/reports/:id/synthesis"): ("/insights/reports/none/synthesis", true),
            Route(method: "post", path: "/insights/reports/:id/ask"): ("/insights/reports/none/ask", false),
            Route(method: "get", path: "/insights/evals"): ("/insights/evals", false),
            Route(method: "post", path: "/insights/evals"): ("/insights/evals", true),
            Route(method: "get", path: "/insights/evals/:id"): ("/insights/evals/\(evalID)", false),
            Route(method: "get", path: "/insights/proposals"): ("/insights/proposals", false),
            Route(method: "post", path: "/insights/proposals"): ("/insights/proposals", true),
            Route(method: "get", path: "/insights/proposals/:id"): ("/insights/proposals/\(proposalID)", false),
            Route(method: "post", path: "/insights/proposals/:id/:action"): ("/insights/proposals/\(proposalID)/approve", false),
            Route(method: "post", path: "/insights/knowledge/:id/rollback"): ("/insights/knowledge/none/rollback", true),
            Route(method: "get", path: "/forms"): ("/forms", false),
            Route(method: "post", path: "/forms"): ("/forms", true),
            Route(method: "get", path: "/forms/:id"): ("/forms/\(formID)", false),
            Route(method: "post", path: "/forms/:id"): ("/forms/\(formID)", true),
            Route(method: "post", path: "/forms/:id/publish"): ("/forms/\(formID)/publish", true),
            Route(method: "get", path: "/forms/:id/analytics.csv"): ("/forms/\(formID)/analytics.csv", false),
            Route(method: "post", path: "/forms/:id/experiments"): ("/forms/\(formID)/experiments", true),
            Route(method: "get", path: "/forms/:id/preview"): ("/forms/\(formID)/preview?step=2", false),
            Route(method: "get", path: "/forms/:id/sessions/:session"): ("/forms/\(formID)/sessions/\(sessionID)", false),
            Route(method: "get", path: "/experiments/:id"): ("/experiments/\(experimentID)", false),
            Route(method: "post", path: "/experiments/:id/stop"): ("/experiments/\(experimentID)/stop", true),
        ]
    }

    @Test func everyPageWantsASessionAndAdminPagesWantAnAdmin() async throws {
        try await dashboard.withDashboard { client, store, setup in
            let admin = try #require(try await store.user(email: setup.admin)).user
            let key = try #require(try await store.apiKeys(in: setup.workspace.id).first)
            let proposal = try await ProposalService(store: store).create(
                DraftTrial(prompt: PromptTemplate(key: "draft.variant.email", version: 0, system: "Be brief.", user: "{{inbound}}")),
                rationale: "test", by: setup.admin, in: setup.workspace.id)
            let run = EvalRun(
                id: Identifier("eval-1"), workspaceID: setup.workspace.id, targetKind: .prompt, target: "draft.variant.email",
                candidate: "{}", judge: .rules, createdBy: nil, createdAt: Date())
            try await store.createEvalRun(run)
            let form = try await store.createForm(.example(), in: setup.workspace.id)
            _ = try await store.publishForm(form.id, in: setup.workspace.id)
            let experiment = try await FormCatalog(store: store).createExperiment(
                .init(formId: form.id.rawValue, key: "roles_test", variants: [.init(id: "static", weight: 0.5), .init(id: "adaptive", weight: 0.5)]),
                in: setup.workspace.id)
            let session = try await FormSessionsForTests.sessions(store).start(slug: form.slug, unit: nil).session
            let table = Self.table(
                setup, memberID: admin.id.rawValue, keyID: key.id.rawValue, evalID: run.id.rawValue,
                proposalID: proposal.id.rawValue, formID: form.id.rawValue, experimentID: experiment.id.rawValue,
                sessionID: session.id.rawValue)
            #expect(Set(table.keys) == Self.registeredPages(store), "every dashboard route is in this table, and only those")

            for (route, target) in table {
                let method: HTTPRequest.Method = route.method == "get" ? .get : .post
                let anonymous = try await client.execute(
                    uri: target.url, method: method,
                    headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: "x=1"))
                #expect(anonymous.status == .seeOther && anonymous.headers[.location]?.hasPrefix("/login") == true, "\(route) without a session")
            }

            let (cookie, csrf) = try #require(try await D.login(client, setup.setter))
            let settingsBefore = try await store.draftingSettings(in: setup.workspace.id)
            for (route, target) in table where target.adminOnly {
                let response =
                    route.method == "get"
                    ? try await client.execute(uri: target.url, method: .get, headers: [.cookie: cookie])
                    : try await D.post(
                        client, target.url, cookie: cookie,
                        form:
                            "_csrf=\(csrf)&name=x&role=admin&email=new%40acme.example&variants=5&budgetSeconds=30&autoSendThreshold=0.5&timeZone=UTC")
                #expect(response.status == .forbidden && response.text.contains("Admins only"), "\(route) as a setter")
            }
            // Nothing any of those posts asked for happened.
            #expect(try await store.apiKeys(in: setup.workspace.id).map(\.revokedAt) == [nil])
            #expect(try await store.members(of: setup.workspace.id, limit: 10, offset: 0).map(\.role) == [.admin, .setter])
            #expect(try await store.user(email: "new@acme.example") == nil)
            #expect(try await store.draftingSettings(in: setup.workspace.id) == settingsBefore)
            #expect(try await store.proposal(proposal.id, in: setup.workspace.id).state == .pending)
            // Pages for everyone answer a setter.
            // ("/" and a report's page without `.csv` redirect.)
            for (route, target) in table where !target.adminOnly && route.method == "get" && !["/", "/insights/reports/:id"].contains(route.path) {
                #expect(try await client.execute(uri: target.url, method: .get, headers: [.cookie: cookie]).status == .ok, "\(route) as a setter")
            }
        }
    }

    @Test func adminsAddPeopleChangeRolesAndRemoveThem() async throws {
        try await dashboard.withDashboard { client, store, setup in
            let (cookie, csrf) = try #require(try await D.login(client, setup.admin))
            let page = try await client.execute(uri: "/settings/users", method: .get, headers: [.cookie: cookie])
            #expect(page.status == .ok && page.text.contains(setup.admin) && page.text.contains(setup.setter))

            // A new person: an account with a generated password, shown once, that works.
            let added = try await D.post(client, "/settings/users", cookie: cookie, form: "_csrf=\(csrf)&email=Lee%40Acme.example&role=setter")
            #expect(added.status == .ok)
            let password = try #require(added.text.firstMatch(of: /shown once\): <code>([A-Za-z0-9]+)<\/code>/)?.output.1)
            #expect(try await D.login(client, "lee@acme.example", password: String(password)) != nil)
            let reloaded = try await client.execute(uri: "/settings/users", method: .get, headers: [.cookie: cookie])
            #expect(!reloaded.text.contains(String(password)), "the password is not shown again")

            // Someone who already has an account (in another workspace) just joins, password unchanged.
            let other = try await store.createWorkspace(name: "Other team")
            let existing = try await store.createUser(email: "kim@other.example", passwordHash: BcryptPasswordHasher(cost: 4).hash(D.password))
            try await store.setMembership(Membership(workspaceID: other.id, userID: existing.id, role: .admin))
            let joined = try await D.post(client, "/settings/users", cookie: cookie, form: "_csrf=\(csrf)&email=kim%40other.example&role=setter")
            #expect(joined.status == .ok && joined.text.contains("already had an account") && !joined.text.contains("shown once"))
            #expect(try await D.login(client, "kim@other.example") != nil)
            #expect(try await store.workspaceRoles(of: existing.id).count == 2)

            let bad = try await D.post(client, "/settings/users", cookie: cookie, form: "_csrf=\(csrf)&email=not-an-email&role=setter")
            #expect(bad.status == .badRequest && bad.text.contains("not an email address"))

            // "Add someone" with your own email cannot change your own role (it used to demote the only admin).
            let selfDemotion = try await D.post(client, "/settings/users", cookie: cookie, form: "_csrf=\(csrf)&email=ADA%40acme.example&role=setter")
            #expect(selfDemotion.status == .conflict && selfDemotion.text.contains("You cannot change your own role"))
            #expect(try await store.workspaceRoles(of: try #require(try await store.user(email: setup.admin)).user.id).first?.role == .admin)

            // Roles change; an admin cannot demote or remove themselves.
            let setter = try #require(try await store.user(email: setup.setter)).user
            let (setterCookie, _) = try #require(try await D.login(client, setup.setter))
            #expect(
                try await D.post(client, "/settings/users/\(setter.id)/role", cookie: cookie, form: "_csrf=\(csrf)&role=admin").status == .seeOther)
            #expect(try await store.workspaceRoles(of: setter.id).first?.role == .admin)
            let members = try await client.execute(uri: "/settings/users", method: .get, headers: [.cookie: cookie]).text
            #expect(
                members.contains(#"<option value="admin" selected>admin</option>"#) && members.contains(#"<option value="setter">setter</option>"#))
            let admin = try #require(try await store.user(email: setup.admin)).user
            #expect(
                try await D.post(client, "/settings/users/\(admin.id)/role", cookie: cookie, form: "_csrf=\(csrf)&role=setter").status == .conflict)
            #expect(try await D.post(client, "/settings/users/\(admin.id)/remove", cookie: cookie, form: "_csrf=\(csrf)").status == .conflict)
            #expect(try await store.workspaceRoles(of: admin.id).first?.role == .admin)

            // People of another workspace cannot be reached through their id.
            let outsider = try await store.createUser(email: "out@other.example", passwordHash: "x")
            try await store.setMembership(Membership(workspaceID: other.id, userID: outsider.id, role: .setter))
            #expect(
                try await D.post(client, "/settings/users/\(outsider.id)/role", cookie: cookie, form: "_csrf=\(csrf)&role=admin").status == .notFound)
            #expect(try await D.post(client, "/settings/users/\(outsider.id)/remove", cookie: cookie, form: "_csrf=\(csrf)").status == .notFound)
            #expect(try await store.workspaceRoles(of: outsider.id).map(\.role) == [.setter])

            // Removing someone ends their session here at once.
            #expect(try await D.post(client, "/settings/users/\(setter.id)/remove", cookie: cookie, form: "_csrf=\(csrf)").status == .seeOther)
            #expect(try await client.execute(uri: "/drafts", method: .get, headers: [.cookie: setterCookie]).status == .seeOther)
            #expect(try await D.login(client, setup.setter) == nil, "no workspace left: the login says so")
        }
    }

    /// The last admin cannot be demoted or removed by anyone, a super-admin included; admins give
    /// members a new password (shown once) that ends their sessions.
    @Test func theLastAdminStaysAndAdminsResetPasswords() async throws {
        try await dashboard.withDashboard(superAdmins: ["root@ops.example"]) { client, store, setup in
            _ = try await store.createUser(email: "root@ops.example", passwordHash: BcryptPasswordHasher(cost: 4).hash(D.password))
            let (rootCookie, rootCSRF) = try #require(try await D.login(client, "root@ops.example"))
            let ada = try #require(try await store.user(email: setup.admin)).user
            for action in ["role", "remove"] {
                let refused = try await D.post(
                    client, "/settings/users/\(ada.id)/\(action)", cookie: rootCookie, form: "_csrf=\(rootCSRF)&role=setter")
                #expect(refused.status == .conflict && refused.text.contains("last admin"), "\(action)")
            }
            let sameByEmail = try await D.post(
                client, "/settings/users", cookie: rootCookie, form: "_csrf=\(rootCSRF)&email=ada%40acme.example&role=setter")
            #expect(sameByEmail.status == .conflict && sameByEmail.text.contains("last admin"), "the add path too")
            #expect(try await store.workspaceRoles(of: ada.id).first?.role == .admin)

            let (samCookie, _) = try #require(try await D.login(client, setup.setter))
            let sam = try #require(try await store.user(email: setup.setter)).user
            let (cookie, csrf) = try #require(try await D.login(client, setup.admin))
            let reset = try await D.post(client, "/settings/users/\(sam.id)/password", cookie: cookie, form: "_csrf=\(csrf)")
            let password = try #require(reset.text.firstMatch(of: /shown once\): <code>([A-Za-z0-9]+)<\/code>/)?.output.1)
            #expect(reset.status == .ok && reset.text.contains("sam@acme.example"))
            #expect(try await client.execute(uri: "/drafts", method: .get, headers: [.cookie: samCookie]).status == .seeOther, "their session ended")
            #expect(try await D.login(client, setup.setter) == nil, "the old password no longer works")
            #expect(try await D.login(client, setup.setter, password: String(password)) != nil)
        }
    }

    /// Admins keep the knowledge drafts quote (what was typed survives a refused save) and the
    /// webhook secret (shown once, rotated, revoked).
    @Test func adminsKeepKnowledgeAndTheWebhookSecret() async throws {
        try await dashboard.withDashboard { client, store, setup in
            let (cookie, csrf) = try #require(try await D.login(client, setup.admin))
            let empty = try await D.post(client, "/settings/knowledge", cookie: cookie, form: "_csrf=\(csrf)&kind=pricing&title=Pricing&content=")
            #expect(
                empty.status == .badRequest && empty.text.contains("Content: 1 to 100000 characters.") && empty.text.contains(#"value="Pricing""#))
            let badLink = try await D.post(
                client, "/settings/knowledge", cookie: cookie, form: "_csrf=\(csrf)&kind=document&title=Deck&content=Our+deck&url=not+a+link")
            #expect(badLink.status == .badRequest && badLink.text.contains("Link: an http(s) link to the material"), "named as the page labels it")
            let added = try await D.post(
                client, "/settings/knowledge", cookie: cookie,
                form: "_csrf=\(csrf)&kind=pricing&title=Pricing&content=Team+plan%3A+%2449+per+seat&priority=200")
            #expect(added.status == .seeOther)
            let asset = try #require(try await store.knowledgeAssets(in: setup.workspace.id).first)
            #expect(asset.kind == .pricing && asset.content == "Team plan: $49 per seat" && asset.priority == 200)
            #expect(try await client.execute(uri: "/settings/knowledge", method: .get, headers: [.cookie: cookie]).text.contains(">Pricing</a>"))
            #expect(
                try await D.post(
                    client, "/settings/knowledge/\(asset.id)", cookie: cookie,
                    form: "_csrf=\(csrf)&kind=pricing&title=Pricing&content=Team+plan%3A+%2459"
                ).status == .seeOther)
            #expect(try await store.knowledgeAsset(asset.id, in: setup.workspace.id).content == "Team plan: $59")
            #expect(try await D.post(client, "/settings/knowledge/\(asset.id)/delete", cookie: cookie, form: "_csrf=\(csrf)").status == .seeOther)
            #expect(try await store.knowledgeAssets(in: setup.workspace.id).isEmpty)

            let created = try await D.post(client, "/settings/webhook-secret", cookie: cookie, form: "_csrf=\(csrf)")
            let secret = try #require(created.text.firstMatch(of: /shown once\): <code>(whsec_[A-Za-z0-9]+)<\/code>/)?.output.1)
            #expect(try await store.webhookSecret(in: setup.workspace.id) == String(secret))
            let page = try await client.execute(uri: "/settings", method: .get, headers: [.cookie: cookie])
            #expect(!page.text.contains(String(secret)) && page.text.contains("Rotate the secret") && page.text.contains("recorded, not delivered"))
            #expect(try await D.post(client, "/settings/webhook-secret/revoke", cookie: cookie, form: "_csrf=\(csrf)").status == .seeOther)
            #expect(try await store.webhookSecret(in: setup.workspace.id) == nil)
        }
    }

    @Test func passwordRulesRefuseSpacesRepeatsAndCommonPasswords() async throws {
        for weak in ["          ", "aaaaaaaaaaaa", "Password123", "1234567890", "qwerty 1234"] {
            #expect(throws: AppError.self, "\(weak)") { try PasswordRules.validate(weak) }
        }
        try PasswordRules.validate("correct horse battery")
    }

    @Test func passwordGuessingMeetsAPerAccountLimit() async throws {
        try await dashboard.withDashboard { client, _, setup in
            // Successes do not count (an admin got 429 after ~11 good logins), and reset the count.
            for _ in 0..<15 { #expect(try await D.login(client, setup.setter) != nil) }
            for _ in 0..<9 { #expect(try await D.login(client, setup.setter, password: "guess") == nil) }
            #expect(try await D.login(client, setup.setter) != nil)
            // The default: 10 failures per account and address per hour.
            for _ in 0..<10 { #expect(try await D.login(client, setup.setter, password: "guess") == nil) }
            let blocked = try await D.postLogin(client, email: "SAM%40acme.example", password: D.password)
            #expect(
                blocked.status == .tooManyRequests && blocked.text.contains("Too many failed logins for this account"),
                "from this address even the right password waits; the email's case does not matter")
            #expect(Int(blocked.headers[.retryAfter] ?? "") ?? 0 >= 300)
            #expect(blocked.headers[values: .setCookie].allSatisfy { !$0.hasPrefix("rw_session=") })
            #expect(try await D.login(client, setup.admin) != nil, "other accounts are not affected")
        }
    }

    @Test func everyoneChangesTheirOwnPassword() async throws {
        try await dashboard.withDashboard { client, _, setup in
            let (elsewhere, _) = try #require(try await D.login(client, setup.setter))
            let (cookie, csrf) = try #require(try await D.login(client, setup.setter))
            let form = { (current: String, new: String, again: String) in "_csrf=\(csrf)&current=\(current)&new=\(new)&repeat=\(again)" }
            let current = D.password.replacingOccurrences(of: " ", with: "+")
            #expect(
                try await D.post(client, "/account/password", cookie: cookie, form: form("wrong", "a-new-password", "a-new-password")).status
                    == .forbidden)
            #expect(
                try await D.post(client, "/account/password", cookie: cookie, form: form(current, "a-new-password", "another-one")).status
                    == .badRequest)
            let short = try await D.post(client, "/account/password", cookie: cookie, form: form(current, "short", "short"))
            #expect(short.status == .badRequest && short.text.contains("at least 10 characters"))
            let changed = try await D.post(client, "/account/password", cookie: cookie, form: form(current, "a-new-password", "a-new-password"))
            #expect(changed.status == .ok && changed.text.contains("Password changed. Your 1 other session ended."))
            #expect(try await client.execute(uri: "/drafts", method: .get, headers: [.cookie: elsewhere]).status == .seeOther, "logged out there")
            #expect(try await client.execute(uri: "/drafts", method: .get, headers: [.cookie: cookie]).status == .ok, "not here")
            #expect(try await D.login(client, setup.setter) == nil, "the old password no longer works")
            #expect(try await D.login(client, setup.setter, password: "a-new-password") != nil)
        }
    }

    /// A setter in another zone sees the pages' times in theirs; the workspace's zone (and
    /// everyone else's view) is unchanged, a made-up zone is refused in words, and an empty
    /// choice goes back to the workspace's.
    @Test func everyoneMayChooseTheirOwnTimeZone() async throws {
        try await dashboard.withDashboard { client, store, setup in
            let (cookie, csrf) = try #require(try await D.login(client, setup.setter))
            let (adminCookie, _) = try #require(try await D.login(client, setup.admin))
            func written(_ cookie: String) async throws -> String {
                let page = try await client.execute(uri: "/drafts/\(setup.draftID)", method: .get, headers: [.cookie: cookie]).text
                return String(try #require(page.firstMatch(of: /written ([^<]+)</)?.output.1))
            }
            // UTC, which Foundation abbreviates GMT.
            func inUTC(_ time: String) -> Bool { time.hasSuffix(" GMT") || time.hasSuffix(" UTC") }
            let account = try await client.execute(uri: "/account/password", method: .get, headers: [.cookie: cookie]).text
            #expect(account.contains(#"<option value="" selected>The workspace's (UTC)</option>"#))
            #expect(inUTC(try await written(cookie)))

            let saved = try await D.post(client, "/account/time-zone", cookie: cookie, form: "_csrf=\(csrf)&timeZone=Asia%2FKolkata")
            #expect(saved.status == .seeOther && saved.headers[.location]?.contains("Asia%2FKolkata") == true)
            let mine = try await written(cookie)
            #expect(mine.hasSuffix(" GMT+5:30") || mine.hasSuffix(" IST"), "\(mine)")
            let after = try await client.execute(uri: "/account/password", method: .get, headers: [.cookie: cookie]).text
            #expect(after.contains(#"<option value="Asia/Kolkata" selected>"#) && !after.contains(#"<option value="" selected>"#))
            #expect(inUTC(try await written(adminCookie)), "the admin still sees the workspace's zone")
            #expect(try await store.policySettings(in: setup.workspace.id).timeZone == "UTC", "the workspace's zone is not touched")

            let bad = try await D.post(client, "/account/time-zone", cookie: cookie, form: "_csrf=\(csrf)&timeZone=Mars%2FBase")
            #expect(bad.status == .badRequest && bad.text.contains("Your time zone is unchanged:") && bad.text.contains("is not a known time zone"))
            #expect(try await written(cookie) == mine, "the refused zone changed nothing")

            let cleared = try await D.post(client, "/account/time-zone", cookie: cookie, form: "_csrf=\(csrf)&timeZone=")
            #expect(cleared.status == .seeOther)
            #expect(inUTC(try await written(cookie)), "back to the workspace's zone")
        }
    }

    @Test func membersOfSeveralWorkspacesSwitchAndSuperAdminsSeeAll() async throws {
        try await dashboard.withDashboard(superAdmins: ["root@ops.example"]) { client, store, setup in
            let second = try await store.createWorkspace(name: "Second team")
            let third = try await store.createWorkspace(name: "Third team")
            let setter = try #require(try await store.user(email: setup.setter)).user
            try await store.setMembership(Membership(workspaceID: second.id, userID: setter.id, role: .admin))

            let (cookie, csrf) = try #require(try await D.login(client, setup.setter))
            let inbox = try await client.execute(uri: "/drafts", method: .get, headers: [.cookie: cookie])
            #expect(inbox.text.contains(">Second team</option>") && !inbox.text.contains("Third team"), "only their workspaces")
            #expect(inbox.text.contains("/drafts/\(setup.draftID)"))
            #expect(try await client.execute(uri: "/settings", method: .get, headers: [.cookie: cookie]).status == .forbidden)

            #expect(try await D.post(client, "/workspace", cookie: cookie, form: "_csrf=\(csrf)&workspace=\(second.id)").status == .seeOther)
            let switched = try await client.execute(uri: "/drafts", method: .get, headers: [.cookie: cookie])
            #expect(switched.text.contains("Nothing here.") && !switched.text.contains(setup.draftID.rawValue), "the other workspace's inbox")
            #expect(try await client.execute(uri: "/drafts/\(setup.draftID)", method: .get, headers: [.cookie: cookie]).status == .notFound)
            #expect(try await client.execute(uri: "/settings", method: .get, headers: [.cookie: cookie]).status == .ok, "admin there")

            let refused = try await D.post(client, "/workspace", cookie: cookie, form: "_csrf=\(csrf)&workspace=\(third.id)")
            #expect(refused.status == .notFound)
            #expect(try await client.execute(uri: "/settings", method: .get, headers: [.cookie: cookie]).status == .ok, "still in the second")

            // A super-admin, a setter member in one workspace and nowhere else: every workspace, as admin.
            let root = try await store.createUser(email: "root@ops.example", passwordHash: BcryptPasswordHasher(cost: 4).hash(D.password))
            try await store.setMembership(Membership(workspaceID: setup.workspace.id, userID: root.id, role: .setter))
            let (rootCookie, rootCSRF) = try #require(try await D.login(client, "root@ops.example"))
            let rootInbox = try await client.execute(uri: "/drafts", method: .get, headers: [.cookie: rootCookie])
            #expect(rootInbox.text.contains("super-admin") && rootInbox.text.contains(">Third team</option>"))
            #expect(
                try await client.execute(uri: "/settings", method: .get, headers: [.cookie: rootCookie]).status == .ok, "admin where a setter member")
            #expect(try await D.post(client, "/workspace", cookie: rootCookie, form: "_csrf=\(rootCSRF)&workspace=\(third.id)").status == .seeOther)
            #expect(try await client.execute(uri: "/settings", method: .get, headers: [.cookie: rootCookie]).status == .ok)
        }
    }

    @Test func settingsOfferTheModelsEffortsAndTheArchetypeAllowList() async throws {
        // Ada is a super-admin here: the context bundle's controls are hers.
        try await dashboard.withDashboard(configuration: DraftingConfiguration(model: "gpt-5.1"), superAdmins: ["ada@acme.example"]) {
            client, store, setup in
            let (cookie, csrf) = try #require(try await D.login(client, setup.admin))
            let page = try await client.execute(uri: "/settings", method: .get, headers: [.cookie: cookie])
            #expect(
                page.text.contains(#"<option value="high">high</option>"#) && !page.text.contains(#"value="extra_high""#),
                "gpt-5.1 has no extra_high: not offered")
            #expect(page.text.contains(#"name="archetypes[]" value="straight-answer" checked"#))

            let form = "_csrf=\(csrf)&variants=2&budgetSeconds=30&autoSendThreshold=0.9&timeZone=UTC" + D.bundleFields
            #expect(
                try await D.post(
                    client, "/settings", cookie: cookie,
                    form: form + "&model=gpt-5.2&effort=extra_high&archetypes%5B%5D=straight-answer&archetypes%5B%5D=one-liner"
                ).status == .seeOther)
            let saved = try #require(try await store.draftingSettings(in: setup.workspace.id))
            #expect(saved.archetypes == ["straight-answer", "one-liner"] && saved.effort == "extra_high")
            let newer = try await client.execute(uri: "/settings", method: .get, headers: [.cookie: cookie])
            #expect(newer.text.contains(#"<option value="extra_high" selected>extra_high</option>"#), "gpt-5.2 has it")
            #expect(
                newer.text.contains(#"name="archetypes[]" value="one-liner" checked"#)
                    && !newer.text.contains(#"name="archetypes[]" value="hook-first" checked"#))

            // Back to a model without it: the stored choice stays visible, with what actually runs.
            let all = ArchetypeCatalog.standard.map { "&archetypes%5B%5D=\($0.id)" }.joined()
            #expect(try await D.post(client, "/settings", cookie: cookie, form: form + "&model=gpt-5.1&effort=extra_high" + all).status == .seeOther)
            #expect(try await store.draftingSettings(in: setup.workspace.id)?.archetypes == nil, "every archetype checked means all")
            let older = try await client.execute(uri: "/settings", method: .get, headers: [.cookie: cookie])
            #expect(older.text.contains("extra_high (not for this model)") && older.text.contains("reasoning_effort extra_high → high"))

            let none = try await D.post(client, "/settings", cookie: cookie, form: form + "&model=gpt-5.1")
            #expect(none.status == .badRequest && none.text.contains("Archetypes: at least one."), "in the page's words")
            #expect(none.text.contains(#"name="variants" min="1" max="8" value="2""#), "the refused form comes back as typed")

            // The context bundle: off, and its budgets, with a clear error for a bad one.
            let off = form.replacingOccurrences(of: "&contextBundle=on", with: "").replacingOccurrences(
                of: "memoryBudget=1200", with: "memoryBudget=600")
            #expect(try await D.post(client, "/settings", cookie: cookie, form: off + "&model=gpt-5.1" + all).status == .seeOther)
            let bundle = try #require(try await store.draftingSettings(in: setup.workspace.id))
            #expect(!bundle.contextBundle && bundle.memoryBudget == 600)
            let badBudget = try await D.post(
                client, "/settings", cookie: cookie,
                form: form.replacingOccurrences(of: "knowledgeBudget=4000", with: "knowledgeBudget=lots") + all)
            #expect(badBudget.status == .badRequest && badBudget.text.contains("Knowledge, all assets: a whole number"))
            #expect(badBudget.text.contains(#"name="knowledgeBudget" min="0" value="lots""#), "what was typed stays in the field")

            // A workspace admin who is not a super-admin sees the bundle's controls but cannot change them.
            let hasher = BcryptPasswordHasher(cost: 4)
            let bo = try await store.createUser(email: "bo@acme.example", passwordHash: hasher.hash(D.password))
            try await store.setMembership(Membership(workspaceID: setup.workspace.id, userID: bo.id, role: .admin))
            let (boCookie, boCSRF) = try #require(try await D.login(client, "bo@acme.example"))
            #expect(
                try await client.execute(uri: "/settings", method: .get, headers: [.cookie: boCookie]).text
                    .contains("Only a super-admin of this install changes these."))
            let on = "_csrf=\(boCSRF)&variants=3&budgetSeconds=30&autoSendThreshold=0.9&timeZone=UTC" + D.bundleFields + all
            #expect(try await D.post(client, "/settings", cookie: boCookie, form: on).status == .seeOther)
            let after = try #require(try await store.draftingSettings(in: setup.workspace.id))
            #expect(after.variants == 3 && !after.contextBundle && after.memoryBudget == 600, "the rest saved, the bundle untouched")
        }
    }

    @Test func aNewModelIsCheckedAgainstTheProvidersList() async throws {
        let server = FakeOpenAIServer(models: ["gpt-5.2", "gpt-4.1-mini"])
        try await server.run { endpoint in
            try await dashboard.withDashboard(configuration: DraftingConfiguration(model: "gpt-5.2"), llm: ChatCompletionsClient(endpoint: endpoint))
            {
                client, store, setup in
                let (cookie, csrf) = try #require(try await D.login(client, setup.admin))
                let page = try await client.execute(uri: "/settings", method: .get, headers: [.cookie: cookie])
                #expect(page.text.contains(#"<option value="gpt-4.1-mini">"#), "the provider's models are offered in the field")
                let all = ArchetypeCatalog.standard.map { "&archetypes%5B%5D=\($0.id)" }.joined()
                let form = "_csrf=\(csrf)&variants=2&budgetSeconds=30&autoSendThreshold=0.9&timeZone=UTC&senderName=Ada" + all

                let typo = try await D.post(client, "/settings", cookie: cookie, form: form + "&model=gpt-5.3")
                #expect(typo.status == .badRequest && typo.text.contains("the provider does not offer “gpt-5.3”. Did you mean gpt-5.2?"))
                #expect(typo.text.contains(#"name="senderName" maxlength="100" value="Ada""#), "the rest of the form comes back as typed")
                #expect(try await store.draftingSettings(in: setup.workspace.id)?.model == nil, "nothing saved")

                let listed = try await D.post(client, "/settings", cookie: cookie, form: form + "&model=gpt-4.1-mini")
                #expect(listed.status == .seeOther && listed.headers[.location]?.removingPercentEncoding?.hasSuffix("notice=Saved.") == true)
                #expect(try await store.draftingSettings(in: setup.workspace.id)?.model == "gpt-4.1-mini")
                let asked = server.received.filter { $0.path == "/v1/models" }.count
                #expect(asked == 1, "the list is remembered between the page and the saves (asked \(asked) times)")
            }
        }
        // The provider cannot be reached: saved, with a warning in words.
        let closed = ChatCompletionsClient(endpoint: OpenAIEndpoint(baseURL: "http://127.0.0.1:9/v1", apiKey: nil))
        try await dashboard.withDashboard(llm: closed) { client, store, setup in
            let (cookie, csrf) = try #require(try await D.login(client, setup.admin))
            let all = ArchetypeCatalog.standard.map { "&archetypes%5B%5D=\($0.id)" }.joined()
            let saved = try await D.post(
                client, "/settings", cookie: cookie,
                form: "_csrf=\(csrf)&variants=2&budgetSeconds=30&autoSendThreshold=0.9&timeZone=UTC&model=totally-made-up" + all)
            #expect(saved.status == .seeOther)
            let notice = try #require(saved.headers[.location]).removingPercentEncoding ?? ""
            #expect(notice.contains("Saved. The model was not checked against the provider's list"), "\(notice)")
            #expect(notice.contains("read: the server refused the connection"), "the reason in words, without its code: \(notice)")
            #expect(try await store.draftingSettings(in: setup.workspace.id)?.model == "totally-made-up", "a warning, not a block")
            let page = try await client.execute(uri: try #require(saved.headers[.location]), method: .get, headers: [.cookie: cookie])
            #expect(page.text.contains(#"<p class="notice warning" role="alert">Saved. The model was not checked"#), "in the warning colour")
        }
    }

    @Test func apiKeysShowWhenTheyWereLastUsed() async throws {
        try await dashboard.withDashboard { client, store, setup in
            let (cookie, _) = try #require(try await D.login(client, setup.admin))
            let used = try await store.issueAPIKey(for: setup.workspace.id, name: "zapier")
            _ = try await store.issueAPIKey(for: setup.workspace.id, name: "spare")
            let answer = try await client.execute(uri: "/v1/leads", method: .get, headers: [.authorization: "Bearer \(used.secret)"])
            #expect(answer.status == .ok)
            // Recorded off the request's path: shortly after.
            try await waitUntil("the use is recorded") {
                try await store.apiKeys(in: setup.workspace.id).contains { $0.id == used.key.id && $0.lastUsedAt != nil }
            }
            let page = try await client.execute(uri: "/settings", method: .get, headers: [.cookie: cookie]).text
            let rows = page.components(separatedBy: "<tr>").filter { $0.contains("data-label=\"Last used\"") }
            let zapier = try #require(rows.first { $0.contains(">zapier<") })
            let spare = try #require(rows.first { $0.contains(">spare<") })
            #expect(spare.contains(#"data-label="Last used">never<"#))
            let cell = try #require(zapier.firstMatch(of: /data-label="Last used">([^<]*)</)?.1)
            #expect(cell != "never" && cell.contains(/\d{2}:\d{2}/), "a time in the workspace's zone: \(cell)")
        }
    }

    @Test func adminsOverridePromptsSeeTheHistoryAndRollBack() async throws {
        try await dashboard.withDashboard { client, store, setup in
            let (cookie, csrf) = try #require(try await D.login(client, setup.admin))
            let list = try await client.execute(uri: "/settings/prompts", method: .get, headers: [.cookie: cookie])
            #expect(list.status == .ok && list.text.contains("draft.variant.email") && list.text.contains("built-in"))
            let page = try await client.execute(uri: "/settings/prompts/draft.variant.email", method: .get, headers: [.cookie: cookie])
            #expect(page.text.contains("{{inbound}}") && page.text.contains("the lead&#39;s message being answered"))

            // A bad placeholder: refused in words, and what was typed is still in the editor.
            let bad = try await D.post(
                client, "/settings/prompts/draft.variant.email", cookie: cookie,
                form: "_csrf=\(csrf)&system=Mine+%7B%7Bsecret%7D%7D&user=Typed+text+%7B%7Binbound%7D%7D")
            #expect(
                bad.status == .badRequest && bad.text.contains("unknown placeholder(s) {{secret}}") && bad.text.contains("Typed text {{inbound}}"))
            #expect(try await store.promptRevisions(key: "draft.variant.email", in: setup.workspace.id).isEmpty)

            let saved = try await D.post(
                client, "/settings/prompts/draft.variant.email", cookie: cookie,
                form: "_csrf=\(csrf)&system=Write+as+%7B%7Bsender_name%7D%7D.&user=%7B%7Binbound%7D%7D&note=shorter")
            #expect(saved.status == .seeOther)
            let after = try await client.execute(uri: "/settings/prompts/draft.variant.email", method: .get, headers: [.cookie: cookie])
            #expect(after.text.contains("Active: revision 1") && after.text.contains("Restore the built-in template"))
            let restored = try await D.post(
                client, "/settings/prompts/draft.variant.email/rollback", cookie: cookie, form: "_csrf=\(csrf)&revision=0")
            #expect(restored.status == .seeOther && restored.headers[.location]?.contains("Restored%20the%20built-in%20template") == true)
            #expect(try await PromptRegistry(store: store).resolve("draft.variant.email", for: setup.workspace.id).revision == 0)
            #expect(try await client.execute(uri: "/settings/prompts/nope", method: .get, headers: [.cookie: cookie]).status == .notFound)

            // Everyone sets the name and signature their threads are drafted with.
            let (setterCookie, setterCSRF) = try #require(try await D.login(client, setup.setter))
            let profile = try await D.post(
                client, "/account/profile", cookie: setterCookie,
                form: "_csrf=\(setterCSRF)&displayName=Sam+Lee&signature=Sam+Lee%0AAcme")
            #expect(profile.status == .seeOther)
            let setter = try #require(try await store.user(email: setup.setter)).user
            #expect(try await store.senderProfile(of: setter.id) == SenderProfile(displayName: "Sam Lee", signature: "Sam Lee\nAcme"))
            let tooLong = try await D.post(
                client, "/account/profile", cookie: setterCookie,
                form: "_csrf=\(setterCSRF)&displayName=" + String(repeating: "x", count: 101))
            #expect(tooLong.status == .badRequest && tooLong.text.contains("at most 100 characters"))
        }
    }
}
