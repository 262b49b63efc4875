import Foundation
import Hummingbird
import HummingbirdTesting
import ReplywrightCore
import ReplywrightEngine
import ReplywrightServer
import ReplywrightStore
import ReplywrightTesting
import Testing

@Suite("Dashboard insights, evals and proposals")
struct DashboardInsightsTests {
    typealias D = DashboardTests
    let dashboard = DashboardTests()

    /// Setters answered and booked; one message each, with a phone number to redact.
    static func seed(_ store: SQLStore, _ workspace: Workspace) async throws -> StoredReport {
        let t0 = Date(timeIntervalSince1970: 1_780_000_000)
        for index in 0..<12 {
            let lead = try await store.upsertLead(LeadProfile(email: "l\(index)@x.example", firstName: "Zed\(index)"), in: workspace.id)
            let sender: MessageSender = index % 2 == 0 ? .setter : .ai
            _ = try await store.insertMessage(
                NewMessage(
                    channel: .email, direction: .outbound, sender: sender, body: "Hi Zed\(index), call me on +1 415 555 01\(10 + index)?",
                    externalID: "o\(index)", occurredAt: t0.addingTimeInterval(Double(index) * 600), disposition: sender == .ai ? .approved : nil),
                leadID: lead.id, in: workspace.id)
            if index % 4 == 0 {
                _ = try await store.recordBooking(
                    BookingEvent(
                        provider: .generic, kind: .booked, email: lead.email, externalID: "b\(index)",
                        startsAt: nil, occurredAt: t0.addingTimeInterval(86_400)), in: workspace.id)
            }
        }
        // Two addresses bounced (one of them this week), one lead opted out.
        let leads = try await store.leads(in: workspace.id, limit: 3, offset: 0)
        try await store.setUndeliverable(leads[0].id, at: t0, in: workspace.id)
        try await store.setUndeliverable(leads[1].id, at: Date().addingTimeInterval(-86_400), in: workspace.id)
        try await store.setOptedOut(leads[2].id, in: workspace.id)
        let parameters = AttributionParameters(from: t0, to: t0.addingTimeInterval(86_400), asOf: t0.addingTimeInterval(60 * 86_400))
        let (stored, _) = try await MessagePerformanceReports(store: store).create(parameters, createdBy: "test", in: workspace.id)
        return stored
    }

    @Test func everyoneSeesTheAggregatesAndOnlyAdminsTheEvidence() async throws {
        try await dashboard.withDashboard { client, store, setup in
            let report = try await Self.seed(store, setup.workspace)
            let (adminCookie, adminCSRF) = try #require(try await D.login(client, setup.admin))
            let written = try await D.post(client, "/insights/reports/\(report.id)/synthesis", cookie: adminCookie, form: "_csrf=\(adminCSRF)")
            #expect(written.status == .seeOther)
            let adminPage = try await client.execute(uri: "/insights?report=\(report.id)", method: .get, headers: [.cookie: adminCookie]).text
            #expect(adminPage.contains("Booked rate by sender") && adminPage.contains("<svg") && adminPage.contains("Sender × channel"))
            #expect(adminPage.contains("works:") || adminPage.contains("does not work:") || adminPage.contains("more than chance"))

            let (setterCookie, setterCSRF) = try #require(try await D.login(client, setup.setter))
            let setterPage = try await client.execute(uri: "/insights?report=\(report.id)", method: .get, headers: [.cookie: setterCookie])
            #expect(setterPage.status == .ok && setterPage.text.contains("Booked rate by sender"))
            #expect(setterPage.text.contains("2 bounced (1 in the last 30 days"), "bounced addresses are counted")
            #expect(setterPage.text.contains("1 opted out"))
            #expect(!setterPage.text.contains("[phone]") && !setterPage.text.contains("Evidence ("), "no snippets for setters")
            #expect(
                try await D.post(client, "/insights/reports/\(report.id)/synthesis", cookie: setterCookie, form: "_csrf=\(setterCSRF)").status
                    == .forbidden)
            #expect(!adminPage.contains("555 01"), "snippets are redacted even for admins")

            let asked = try await D.post(
                client, "/insights/reports/\(report.id)/ask", cookie: setterCookie,
                form: "_csrf=\(setterCSRF)&question=Do+setters+or+the+AI+book+more%3F")
            #expect(
                asked.status == .ok
                    && (asked.text.contains("Answered by the report&#39;s tables") || asked.text.contains("Answered by the report's tables")))
            let bad = try await D.post(client, "/insights/reports", cookie: setterCookie, form: "_csrf=\(setterCSRF)&from=2026-12-01&to=2026-11-01")
            #expect(bad.status == .badRequest && bad.text.contains("The first day must come before the last day."))
            let csv = try await client.execute(uri: "/insights/reports/\(report.id).csv", method: .get, headers: [.cookie: setterCookie])
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true && csv.text.hasPrefix("table,sender"))
            #expect(try await client.execute(uri: "/insights?report=nope", method: .get, headers: [.cookie: setterCookie]).status == .notFound)
        }
    }

    @Test func proposalsAreApprovedByAdminsAndAppliedBySuperAdmins() async throws {
        try await dashboard.withDashboard(superAdmins: ["root@ops.example"]) { client, store, setup in
            let proposal = try await ProposalService(store: store).create(
                DraftTrial(prompt: PromptTemplate(key: "draft.variant.email", version: 0, system: "Sign as {{sender_name}}.", user: "{{inbound}}")),
                rationale: "shorter", by: setup.admin, in: setup.workspace.id)
            let (adminCookie, adminCSRF) = try #require(try await D.login(client, setup.admin))
            let page = try await client.execute(uri: "/insights/proposals/\(proposal.id)", method: .get, headers: [.cookie: adminCookie]).text
            #expect(page.contains("class=\"added\">Sign as {{sender_name}}."), "the diff shows the new text")
            #expect(page.contains("/approve") && !page.contains("/apply\""), "admins approve; only super-admins apply")
            #expect(
                try await D.post(client, "/insights/proposals/\(proposal.id)/apply", cookie: adminCookie, form: "_csrf=\(adminCSRF)").status
                    == .conflict,
                "not approved yet")
            #expect(
                try await D.post(client, "/insights/proposals/\(proposal.id)/approve", cookie: adminCookie, form: "_csrf=\(adminCSRF)").status
                    == .seeOther)
            #expect(
                try await D.post(client, "/insights/proposals/\(proposal.id)/apply", cookie: adminCookie, form: "_csrf=\(adminCSRF)").status
                    == .forbidden)

            let root = try await store.createUser(email: "root@ops.example", passwordHash: BcryptPasswordHasher(cost: 4).hash(D.password))
            try await store.setMembership(Membership(workspaceID: setup.workspace.id, userID: root.id, role: .admin))
            let (rootCookie, rootCSRF) = try #require(try await D.login(client, "root@ops.example"))
            #expect(
                try await D.post(client, "/insights/proposals/\(proposal.id)/apply", cookie: rootCookie, form: "_csrf=\(rootCSRF)").status
                    == .seeOther)
            #expect(
                try await PromptRegistry(store: store).resolve("draft.variant.email", for: setup.workspace.id).template.system
                    == "Sign as {{sender_name}}.")
            let list = try await client.execute(uri: "/insights/proposals", method: .get, headers: [.cookie: adminCookie]).text
            #expect(list.contains("applied"))
            let evals = try await client.execute(uri: "/insights/evals", method: .get, headers: [.cookie: adminCookie]).text
            #expect(evals.contains("Try a prompt change"))
            // The template select offers the drafting prompts by key, the email variant's chosen.
            #expect(evals.contains(#"<option value="draft.variant.email" selected>draft.variant.email</option>"#))
            #expect(evals.contains(#"<option value="draft.strategy.email">draft.strategy.email</option>"#))
        }
    }
}
