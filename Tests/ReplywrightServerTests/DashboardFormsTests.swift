import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Metrics
import ReplywrightCore
import ReplywrightEngine
import ReplywrightServer
import ReplywrightStore
import ReplywrightTesting
import Testing

@Suite("Dashboard forms and experiments")
struct DashboardFormsTests {
    typealias D = DashboardTests
    let dashboard = DashboardTests()

    static func encoded(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "" }

    @Test func anAdminWritesPublishesAndTestsAFormInThePages() async throws {
        try await dashboard.withDashboard { client, store, setup in
            let (cookie, csrf) = try #require(try await D.login(client, setup.admin))
            let list = try await client.execute(uri: "/forms", method: .get, headers: [.cookie: cookie])
            #expect(list.status == .ok && list.text.contains("No forms yet") && list.text.contains("request-a-demo"), "the example to start from")

            let broken = try await D.post(
                client, "/forms", cookie: cookie, form: "_csrf=\(csrf)&definition=\(Self.encoded("{\"slug\": \"x\", \"steps\": ["))")
            #expect(broken.status == .badRequest && broken.text.contains("The definition was not saved"))
            var bad = FormDefinition.example()
            bad.slug = "Bad Slug"
            bad.steps[0].fields.removeAll { $0.kind == .email }
            let badJSON = String(decoding: try JSONEncoder().encode(bad), as: UTF8.self)
            let refused = try await D.post(client, "/forms", cookie: cookie, form: "_csrf=\(csrf)&definition=\(Self.encoded(badJSON))")
            #expect(
                refused.status == .badRequest && refused.text.contains("<code>slug</code>")
                    && refused.text.contains("a field of kind email is needed"))
            #expect(refused.text.contains("Bad Slug"), "what was typed stays in the editor")
            #expect(try await store.forms(in: setup.workspace.id).isEmpty)

            let goodJSON = String(decoding: try JSONEncoder().encode(FormDefinition.example()), as: UTF8.self)
            let created = try await D.post(client, "/forms", cookie: cookie, form: "_csrf=\(csrf)&definition=\(Self.encoded(goodJSON))")
            #expect(created.status == .seeOther)
            let form = try #require(try await store.forms(in: setup.workspace.id).first)
            let page = try await client.execute(uri: "/forms/\(form.id.rawValue)", method: .get, headers: [.cookie: cookie])
            #expect(page.text.contains("Not published yet") && page.text.contains("Publish this definition"))
            #expect(page.text.contains("If team_size is under 5: go to the step guide"), "rules in words")
            let preview = try await client.execute(uri: "/forms/\(form.id.rawValue)/preview?step=2", method: .get, headers: [.cookie: cookie])
            #expect(
                preview.text.contains("Preview of the saved definition") && preview.text.contains("About your team")
                    && preview.text.contains("href=\"/forms/\(form.id.rawValue)/preview?step=3\""), "the unpublished form as visitors will see it")
            #expect(try await D.post(client, "/forms/\(form.id.rawValue)/publish", cookie: cookie, form: "_csrf=\(csrf)").status == .seeOther)
            let live = try await store.publishedForm(slug: "request-a-demo")
            #expect(live?.version.version == 1)

            let start = try await D.post(
                client, "/forms/\(form.id.rawValue)/experiments", cookie: cookie,
                form: "_csrf=\(csrf)&key=demo_test&adaptive=30&coverage=100")
            let location = try #require(start.headers[.location])
            #expect(start.status == .seeOther && location.hasPrefix("/experiments/"))
            let experiment = try #require(try await store.experiments(in: setup.workspace.id).first)
            #expect(experiment.variants == [.init(id: "static", weight: 0.7), .init(id: "adaptive", weight: 0.3)])
            let again = try await D.post(
                client, "/forms/\(form.id.rawValue)/experiments", cookie: cookie,
                form: "_csrf=\(csrf)&key=second&adaptive=50&coverage=100")
            #expect(again.status == .badRequest && again.text.contains("already runs an experiment"))

            // Traffic: three visitors, two complete.
            let sessions = FormSessionsForTests.sessions(store)
            for (index, email) in ["a@x.example", "b@x.example", "c@x.example"].enumerated() {
                let current = try await sessions.start(slug: "request-a-demo", unit: "visitor-\(index)")
                guard index < 2 else { continue }
                let team = try await sessions.submit(current.session.id, token: current.session.token, step: nil, answers: ["email": .string(email)])
                let call = try await sessions.submit(team.session.id, token: team.session.token, step: nil, answers: ["team_size": 40])
                _ = try await sessions.submit(call.session.id, token: call.session.token, step: nil, answers: ["consent": true])
            }
            let results = try await client.execute(uri: location, method: .get, headers: [.cookie: cookie])
            #expect(results.status == .ok && results.text.contains("Not enough traffic yet") && results.text.contains("(baseline)"))
            let detail = try await client.execute(uri: "/forms/\(form.id.rawValue)", method: .get, headers: [.cookie: cookie])
            #expect(detail.text.contains("<svg") && detail.text.contains("Sessions that saw each step"))
            let sessionLink = try #require(detail.text.firstMatch(of: /href="(\/forms\/[^"\/]+\/sessions\/[^"]+)"/).map { String($0.output.1) })
            let journey = try await client.execute(uri: sessionLink, method: .get, headers: [.cookie: cookie])
            #expect(journey.status == .ok && journey.text.contains("<h2>Timeline</h2>"), "a session's journey opens from the form's page")
            let completedJourney = try #require(
                try await store.formSessions(form.id, in: setup.workspace.id, limit: 10).first { $0.status == .completed })
            let done = try await client.execute(
                uri: "/forms/\(form.id.rawValue)/sessions/\(completedJourney.id.rawValue)", method: .get, headers: [.cookie: cookie])
            #expect(done.text.contains("→ Book a call by rules") && done.text.contains("the lead it became"), "decisions with their source")
            let csv = try await client.execute(uri: "/forms/\(form.id.rawValue)/analytics.csv", method: .get, headers: [.cookie: cookie])
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true && csv.text.contains("\"Book a call\""))
            let path = String(location.prefix { $0 != "?" })
            let stopped = try await D.post(client, "\(path)/stop", cookie: cookie, form: "_csrf=\(csrf)")
            let after = try await store.experiment(experiment.id, in: setup.workspace.id)
            #expect(stopped.status == .seeOther && after.status == .stopped)
        }
    }
}

/// Form sessions on the rules tier, for page tests that need traffic.
enum FormSessionsForTests {
    static func sessions(_ store: SQLStore) -> ReplywrightEngine.FormSessions {
        FormSessions(
            store: store,
            cascade: NextStepCascade(
                store: store, llm: nil, configuration: DraftingConfiguration(),
                telemetry: AITelemetry(recorder: store, metrics: NOOPMetricsHandler.instance), logger: TestDatabases.logger))
    }
}
