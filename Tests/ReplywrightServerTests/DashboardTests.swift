import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Metrics
import Prometheus
import ReplywrightCore
import ReplywrightEngine
import ReplywrightLLM
import ReplywrightServer
import ReplywrightStore
import ReplywrightTesting
import Testing

/// The dashboard over HTTP: login, sessions, CSRF, roles, escaping.
@Suite("Dashboard")
struct DashboardTests {
    struct Setup: Sendable {
        var workspace: Workspace
        var admin: String
        var setter: String
        var draftID: Identifier<Draft>
        var leadID: Identifier<Lead>
    }

    static let password = "correct horse battery"
    /// The context-bundle part of the settings form as the page fills it in by default.
    static let bundleFields = "&contextBundle=on&knowledgeBudget=4000&perAssetBudget=1200&memoryBudget=1200&perEntryBudget=400"

    func withDashboard(
        configuration: DraftingConfiguration = DraftingConfiguration(), superAdmins: [String] = [], llm: (any LLMProvider)? = nil,
        _ body: @escaping @Sendable (any TestClientProtocol, SQLStore, Setup) async throws -> Void
    ) async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let hasher = BcryptPasswordHasher(cost: 4)
            let emails = ["ada@acme.example", "sam@acme.example"]
            for (email, role) in zip(emails, [WorkspaceRole.admin, .setter]) {
                let user = try await store.createUser(email: email, passwordHash: hasher.hash(Self.password))
                try await store.setMembership(Membership(workspaceID: workspace.id, userID: user.id, role: role))
            }
            // A lead whose name is an XSS attempt.
            let inbound = InboundMessage(
                lead: LeadProfile(email: "evil@x.example", firstName: "<img src=x onerror=alert(1)>"),
                message: NewMessage(
                    channel: .email, direction: .inbound, sender: .lead, body: "Sounds good, <script>alert(2)</script>",
                    externalID: "x-1", occurredAt: Date()))
            let ingested = try await InboundIngestor(store: store).ingest(inbound, in: workspace.id)
            let telemetry = AITelemetry(recorder: store, metrics: NOOPMetricsHandler.instance)
            let pipeline = DraftPipeline(store: store, llm: nil, telemetry: telemetry, configuration: configuration)
            let draft = try await pipeline.draft(replyingTo: ingested.messageID, in: workspace.id, logger: TestDatabases.logger)
            let registry = PrometheusCollectorRegistry()
            let router = ReplywrightHTTP.buildRouter(
                ServerDependencies(
                    store: store, drafting: DraftPipeline(store: store, llm: llm, telemetry: telemetry, configuration: configuration),
                    dashboard: DashboardOptions(superAdmins: SuperAdminAllowList(superAdmins), passwordHasher: hasher),
                    metrics: PrometheusMetricsFactory(registry: registry), prometheus: registry, logger: TestDatabases.logger))
            try await Application(router: router, logger: TestDatabases.logger).test(.router) { client in
                try await body(
                    client, store,
                    Setup(
                        workspace: workspace, admin: emails[0], setter: emails[1], draftID: draft.id,
                        leadID: ingested.leadID))
            }
        }
    }

    /// Opens the login page and posts its form as a browser would (`email` and `next` as given,
    /// already form-encoded); the login's answer.
    static func postLogin(_ client: any TestClientProtocol, email: String, password: String, next: String = "%2Fdrafts") async throws -> TestResponse
    {
        let page = try await client.execute(uri: "/login", method: .get)
        let loginCookie = try #require(page.headers[.setCookie]?.split(separator: ";").first.map(String.init))
        let token = try #require(Self.hidden("_csrf", in: page.text))
        return try await client.execute(
            uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .cookie: loginCookie],
            body: ByteBuffer(string: "_csrf=\(token)&email=\(email)&password=\(password.replacingOccurrences(of: " ", with: "+"))&next=\(next)"))
    }

    /// Logs in through the form; returns the session cookie and the page's CSRF token.
    static func login(_ client: any TestClientProtocol, _ email: String, password: String = password) async throws -> (cookie: String, csrf: String)?
    {
        let response = try await postLogin(client, email: email, password: password)
        guard response.status == .seeOther, let cookie = response.headers[values: .setCookie].first(where: { $0.hasPrefix("rw_session=") }) else {
            return nil
        }
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"))
        let session = String(cookie.split(separator: ";")[0])
        let inbox = try await client.execute(uri: "/drafts", method: .get, headers: [.cookie: session])
        return (session, try #require(Self.hidden("_csrf", in: inbox.text)))
    }

    /// `text` as the pages escape it.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }

    static func hidden(_ name: String, in html: String) -> String? {
        html.firstMatch(of: try! Regex(#"name="\#(name)" value="([^"]+)""#)).flatMap { $0.output[1].substring.map(String.init) }
    }

    static func post(_ client: any TestClientProtocol, _ uri: String, cookie: String, form: String) async throws -> TestResponse {
        try await client.execute(
            uri: uri, method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie],
            body: ByteBuffer(string: form))
    }

    @Test func loginReviewAndSendThroughTheForms() async throws {
        try await withDashboard { client, store, setup in
            #expect(
                try await client.execute(uri: "/drafts", method: .get).headers[.location] == "/login?next=%2Fdrafts",
                "no session: to the login page")
            #expect(try await Self.login(client, setup.admin, password: "wrong") == nil)
            let (cookie, csrf) = try #require(try await Self.login(client, setup.admin))

            let inbox = try await client.execute(uri: "/drafts", method: .get, headers: [.cookie: cookie])
            #expect(inbox.status == .ok && inbox.text.contains("/drafts/\(setup.draftID)"))
            #expect(!inbox.text.contains("<img src=x") && inbox.text.contains("&lt;img src=x onerror=alert(1)&gt;"), "escaped, not markup")
            // Searched as the page's GET form sends it: a space is `+`, a plus `%2B`.
            for (query, found) in [("img+src", true), ("img%2Bsrc", false), ("x+onerror%3Dalert", true)] {
                let searched = try await client.execute(uri: "/drafts?q=\(query)", method: .get, headers: [.cookie: cookie])
                #expect(searched.text.contains("/drafts/\(setup.draftID)") == found, "q=\(query)")
            }

            let page = try await client.execute(uri: "/drafts/\(setup.draftID)", method: .get, headers: [.cookie: cookie])
            #expect(page.status == .ok && !page.text.contains("<script>alert(2)</script>"))

            let edited = try await Self.post(
                client, "/drafts/\(setup.draftID)/edit", cookie: cookie,
                form: "_csrf=\(csrf)&body=Hi+there%2C%0A%0ATuesday+works.%0A%0ABest%2C%0ASam")
            #expect(edited.status == .seeOther)
            #expect(try await store.draft(setup.draftID, in: setup.workspace.id).body == "Hi there,\n\nTuesday works.\n\nBest,\nSam")
            let sent = try await Self.post(client, "/drafts/\(setup.draftID)/send", cookie: cookie, form: "_csrf=\(csrf)")
            #expect(sent.status == .seeOther)
            let draft = try await store.draft(setup.draftID, in: setup.workspace.id)
            #expect(draft.status == .sent && draft.disposition == .edited)
            // The outbound message names who sent it, and the lead page shows them.
            let admin = try #require(try await store.user(email: setup.admin)).user
            let outbound = try #require(try await store.messages(leadID: setup.leadID, in: setup.workspace.id).last)
            #expect(outbound.direction == .outbound && outbound.sentByUserID == admin.id)
            let lead = try await client.execute(uri: "/leads/\(setup.leadID)", method: .get, headers: [.cookie: cookie])
            #expect(lead.text.contains("<div class=\"meta\">ada@acme.example · "))

            let again = try await Self.post(client, "/drafts/\(setup.draftID)/send", cookie: cookie, form: "_csrf=\(csrf)")
            #expect(again.status == .conflict && again.text.contains("Cannot send a draft that is sent."), "the reason, in plain words")

            let out = try await Self.post(client, "/logout", cookie: cookie, form: "_csrf=\(csrf)")
            #expect(out.headers[.location] == "/login")
            #expect(try await client.execute(uri: "/drafts", method: .get, headers: [.cookie: cookie]).status == .seeOther, "the session is gone")
        }
    }

    /// Approve and Send take the editor's text; an edit is rescored; a superseded draft or a lead
    /// nothing may be sent to keeps what was typed and says why; errors are pages.
    @Test func reviewTakesTheTextInTheEditor() async throws {
        try await withDashboard { client, store, setup in
            let (cookie, csrf) = try #require(try await Self.login(client, setup.setter))
            let original = try await store.draft(setup.draftID, in: setup.workspace.id)
            let page = try await client.execute(uri: "/drafts/\(setup.draftID)", method: .get, headers: [.cookie: cookie])
            #expect(
                page.text.contains(#"formaction="/drafts/\#(setup.draftID)/approve""#) && page.text.contains("Answers the lead's email message of"))

            // Every candidate is readable, and another one can be picked.
            let other = try #require(original.candidates.first { $0 != original.body }, "\(original.candidates)")
            #expect(page.text.contains("Use this one") && page.text.contains(DashboardTests.escaped(other)))
            #expect(
                try await Self.post(
                    client, "/drafts/\(setup.draftID)/edit", cookie: cookie,
                    form: "_csrf=\(csrf)&body=" + (other.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
                ).status == .seeOther)
            #expect(try await store.draft(setup.draftID, in: setup.workspace.id).body == other)

            // Approve with a changed text: the edit is kept, not lost.
            let approved = try await Self.post(
                client, "/drafts/\(setup.draftID)/approve", cookie: cookie,
                form: "_csrf=\(csrf)&body=Hi%2C%0D%0A%0D%0ASounds+good+to+me.%0D%0A%0D%0ASam")
            #expect(approved.status == .seeOther)
            let afterApprove = try await store.draft(setup.draftID, in: setup.workspace.id)
            #expect(afterApprove.body == "Hi,\n\nSounds good to me.\n\nSam" && afterApprove.status == .edited, "CRLF from the browser stored as LF")

            // 20,000 characters of filler: out of the length band and unrelated to the lead's message.
            let filler = String(repeating: "lorem ipsum dolor sit amet ", count: 740)
            let edited = try await Self.post(
                client, "/drafts/\(setup.draftID)/edit", cookie: cookie,
                form: "_csrf=\(csrf)&body=" + filler.replacingOccurrences(of: " ", with: "+"))
            #expect(edited.status == .seeOther && edited.headers[.location]?.contains("rescored") == true)
            let rescored = try await store.draft(setup.draftID, in: setup.workspace.id)
            #expect(
                rescored.combinedScore < original.combinedScore && rescored.scores.scope < original.scores.scope
                    && rescored.scores.relevance < original.scores.relevance,
                "\(rescored.combinedScore) after the edit vs \(original.combinedScore)")
            #expect(
                try await client.execute(uri: "/drafts/\(setup.draftID)", method: .get, headers: [.cookie: cookie]).text
                    .contains("score \(String(format: "%.2f", rescored.combinedScore))"), "the page shows the new score")

            // An emptied editor is refused in the page's words, nothing stored.
            let emptied = try await Self.post(client, "/drafts/\(setup.draftID)/approve", cookie: cookie, form: "_csrf=\(csrf)&body=++")
            #expect(emptied.status == .badRequest && emptied.text.contains("The draft&#39;s text: an edited draft cannot be empty."))
            #expect(try await store.draft(setup.draftID, in: setup.workspace.id).status == .edited)

            // Superseded: send is refused with 409 and the text typed stays in the box.
            _ = try await store.supersedeWaitingDrafts(leadID: setup.leadID, keeping: nil, in: setup.workspace.id)
            let stale = try await client.execute(uri: "/drafts/\(setup.draftID)", method: .get, headers: [.cookie: cookie])
            #expect(stale.text.contains(#"<span class="badge stale">superseded</span>"#))
            let refused = try await Self.post(client, "/drafts/\(setup.draftID)/send", cookie: cookie, form: "_csrf=\(csrf)&body=My+own+words")
            #expect(refused.status == .conflict && refused.text.contains("A newer message from the lead arrived"))
            #expect(try await store.draft(setup.draftID, in: setup.workspace.id).status == .superseded)

            // The leads list finds the lead by part of the (escaped) name and pages.
            let leads = try await client.execute(uri: "/leads?q=ONERROR", method: .get, headers: [.cookie: cookie])
            #expect(leads.status == .ok && leads.text.contains("/leads/\(setup.leadID)") && leads.text.contains("1 lead,"))
            #expect(
                try await client.execute(uri: "/leads?q=nobody-like-this", method: .get, headers: [.cookie: cookie]).text
                    .contains("No lead matches"))

            // Errors on dashboard pages are pages.
            let missing = try await client.execute(uri: "/drafts/no-such-draft", method: .get, headers: [.cookie: cookie])
            #expect(
                missing.status == .notFound && missing.headers[.contentType]?.hasPrefix("text/html") == true && missing.text.contains("Not found"))
            let typo = try await client.execute(uri: "/draftz", method: .get, headers: [.cookie: cookie, .accept: "text/html,*/*"])
            #expect(typo.status == .notFound && typo.text.contains("<h1>Not found</h1>"))
            let api = try await client.execute(uri: "/v1/nope", method: .get, headers: [.accept: "text/html"])
            #expect(api.headers[.contentType]?.hasPrefix("application/json") == true, "the API keeps JSON")
        }
    }

    @Test func loginRedirectsStayOnThisSite() async throws {
        try await withDashboard { client, _, setup in
            for (next, expected) in [
                ("%2Fleads%2Fx", "/leads/x"), ("%2F%2Fevil.example", "/drafts"), ("%2F%5Cevil.example", "/drafts"),
                ("https%3A%2F%2Fevil.example", "/drafts"),
            ] {
                let response = try await Self.postLogin(client, email: setup.admin, password: Self.password, next: next)
                #expect(response.headers[.location] == expected, "\(next)")
            }
        }
    }

    @Test func formsWithoutTheCSRFTokenChangeNothing() async throws {
        try await withDashboard { client, store, setup in
            let (cookie, _) = try #require(try await Self.login(client, setup.admin))
            for form in ["", "_csrf=forged"] {
                let response = try await Self.post(client, "/drafts/\(setup.draftID)/approve", cookie: cookie, form: form)
                #expect(response.status == .forbidden)
            }
            #expect(try await store.draft(setup.draftID, in: setup.workspace.id).status == .pending)
            let noLoginToken = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "email=\(setup.admin)&password=x"))
            #expect(noLoginToken.status == .forbidden, "the login form has its own token")
        }
    }

    @Test func settersCannotOpenSettings() async throws {
        try await withDashboard { client, store, setup in
            let (setterCookie, setterCSRF) = try #require(try await Self.login(client, setup.setter))
            let page = try await client.execute(uri: "/settings", method: .get, headers: [.cookie: setterCookie])
            #expect(page.status == .forbidden && !page.text.contains("API keys"))
            #expect(
                try await Self.post(client, "/settings/keys", cookie: setterCookie, form: "_csrf=\(setterCSRF)&name=x&role=admin").status
                    == .forbidden)
            #expect(try await store.apiKeys(in: setup.workspace.id).count == 1, "no key was made")
            let inbox = try await client.execute(uri: "/drafts", method: .get, headers: [.cookie: setterCookie])
            #expect(!inbox.text.contains("href=\"/settings\""), "and the link is not shown")

            let (adminCookie, adminCSRF) = try #require(try await Self.login(client, setup.admin))
            #expect(try await client.execute(uri: "/settings", method: .get, headers: [.cookie: adminCookie]).status == .ok)
            let created = try await Self.post(client, "/settings/keys", cookie: adminCookie, form: "_csrf=\(adminCSRF)&name=zapier&role=setter")
            #expect(created.status == .ok && created.text.contains("rw_"), "the new key is shown once")
            let archetypes = ArchetypeCatalog.standard.map { "&archetypes%5B%5D=\($0.id)" }.joined() + Self.bundleFields
            let saved = try await Self.post(
                client, "/settings", cookie: adminCookie,
                form:
                    "_csrf=\(adminCSRF)&model=&effort=&variants=2&budgetSeconds=30&autoSend=on&autoSendThreshold=0.9&blockedDomains=rival.example&timeZone=Europe%2FBerlin"
                    + archetypes)
            #expect(saved.status == .seeOther)
            #expect(try await store.policySettings(in: setup.workspace.id).blockedDomains == ["rival.example"])
            // The new zone shows at once on every time of the pages (the key's "created", here).
            let berlin = try await client.execute(uri: "/settings", method: .get, headers: [.cookie: adminCookie]).text
            #expect(berlin.contains(#"<option value="Europe/Berlin" selected>"#))
            #expect(berlin.contains(" CET<") || berlin.contains(" GMT+1<"), "times in Berlin's zone")
            #expect(try await store.draftingSettings(in: setup.workspace.id)?.variants == 2)
            let bad = try await Self.post(
                client, "/settings", cookie: adminCookie,
                form:
                    "_csrf=\(adminCSRF)&variants=2&budgetSeconds=30&autoSendThreshold=7&timeZone=UTC" + archetypes)
            #expect(bad.status == .badRequest && bad.text.contains("autoSendThreshold"))
        }
    }

    @Test func usagePageDrawsChartsAndExportsCSV() async throws {
        try await withDashboard { client, store, setup in
            let (cookie, _) = try #require(try await Self.login(client, setup.setter))
            let page = try await client.execute(uri: "/usage?days=7", method: .get, headers: [.cookie: cookie])
            #expect(page.status == .ok)
            // The draft written in setup recorded a rules-tier decision.
            #expect(page.text.contains("<svg") && page.text.contains("draft.rules") && !page.text.contains("No AI activity"))
            let csv = try await client.execute(uri: "/usage.csv?days=7", method: .get, headers: [.cookie: cookie])
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.text.hasPrefix("day,feature,model,calls") && csv.text.contains(",draft.rules,rules,1,"))
            _ = store
        }
    }

    @Test func leadPageRedactsMemoryForSetters() async throws {
        try await withDashboard { client, store, setup in
            _ = try await store.addMemory(
                leadID: setup.leadID, category: "preference", text: "Prefers email: evil@x.example",
                expiresAt: Date().addingTimeInterval(3600), in: setup.workspace.id)
            let (setterCookie, _) = try #require(try await Self.login(client, setup.setter))
            let setterPage = try await client.execute(uri: "/leads/\(setup.leadID)", method: .get, headers: [.cookie: setterCookie])
            #expect(setterPage.status == .ok && setterPage.text.contains("Prefers email: [email]") && !setterPage.text.contains("evil@x.example</"))
            let (adminCookie, _) = try #require(try await Self.login(client, setup.admin))
            let adminPage = try await client.execute(uri: "/leads/\(setup.leadID)", method: .get, headers: [.cookie: adminCookie])
            #expect(adminPage.text.contains("Prefers email: evil@x.example"))
            // The last draft's context bundle (empty here: said in words, not seven zeros), and the lead's drafts.
            #expect(adminPage.text.contains("written without knowledge or memory") && !adminPage.text.contains("0 tokens of context"))
            #expect(adminPage.text.contains("href=\"/drafts/\(setup.draftID)\""))
        }
    }
}
