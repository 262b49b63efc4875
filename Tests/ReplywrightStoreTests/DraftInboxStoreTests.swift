import Foundation
import ReplywrightCore
import ReplywrightTesting
import Testing

@testable import ReplywrightStore

@Suite("Drafts inbox and bundle stats")
struct DraftInboxStoreTests {
    static func draft(
        _ workspace: Workspace, _ lead: Lead, at time: Date, status: Draft.Status = .pending, body: String,
        bundle: [String: Double] = [:]
    ) -> Draft {
        Draft(
            id: Identifier(UUID().uuidString.lowercased()), workspaceID: workspace.id, leadID: lead.id, triggerMessageID: nil,
            status: status, source: .rules, intent: .wantsTimes, archetypeID: "one-liner", body: body,
            scores: CandidateScores(coverage: 0.5, voice: nil, scope: 1, uniqueness: 1, relevance: 0.5), combinedScore: 0.625,
            correction: .none, candidateStats: [["words": 3]], bundleStats: bundle, createdAt: time, updatedAt: time)
    }

    /// The setter's inbox: a tab, search over the lead and the message answered (wildcards taken
    /// literally), filters, longest-waiting first or newest first, the total, paging.
    @Test(arguments: TestDatabases.engines)
    func theInboxSearchesFiltersAndSortsByWaiting(engine: DatabaseEngine) async throws {
        let clock = TestClock()
        try await TestDatabases.withStore(engine, clock: clock) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let start = clock.now
            var made: [String: Identifier<Draft>] = [:]
            // Written in this order, but the leads wrote at other times: Jonas waited longest.
            for (index, (name, company, text, wrote, channel)) in [
                ("Maya", "Brightline", "What does it cost per seat?", 3600.0, Channel.email),
                ("Jonas", "Northwind", "Can we talk Tuesday? 100% keen", 0.0, .linkedin),
                ("Priya", "Acme_Labs", "Not now, maybe in spring", 7200.0, .email),
            ].enumerated() {
                let lead = try await store.upsertLead(
                    LeadProfile(email: "\(name.lowercased())@example.com", firstName: name, company: company),
                    in: workspace.id)
                let message = try await store.insertMessage(
                    NewMessage(
                        channel: channel, direction: .inbound, sender: .lead, body: text, externalID: "m\(index)",
                        occurredAt: start.addingTimeInterval(wrote)), leadID: lead.id, in: workspace.id)
                var draft = Self.draft(workspace, lead, at: start.addingTimeInterval(10_000 + Double(index) * 60), body: "reply to \(name)")
                draft.answersMessageID = message.message.id
                draft.needsAnswer = name == "Maya"
                made[name] = try await store.insertDraft(draft).draft.id
            }
            func names(_ query: InboxQuery) async throws -> [String] {
                try await store.inbox(query, in: workspace.id).entries.map { $0.draft.leadName }
            }
            let all = try await store.inbox(InboxQuery(), in: workspace.id)
            #expect(all.entries.map(\.draft.leadName) == ["Jonas", "Maya", "Priya"] && all.total == 3, "longest waiting first")
            let jonas = try #require(all.entries.first)
            #expect(jonas.snippet == "Can we talk Tuesday? 100% keen" && jonas.channel == .linkedin && jonas.company == "Northwind")
            #expect(jonas.waitingSince == start && jonas.draft.id == made["Jonas"])
            #expect(try await names(InboxQuery(order: .newest)) == ["Priya", "Jonas", "Maya"])
            #expect(try await names(InboxQuery(search: "SEAT")) == ["Maya"], "the message, any case")
            #expect(try await names(InboxQuery(search: "northwind")) == ["Jonas"], "the company")
            #expect(try await names(InboxQuery(search: "priya@")) == ["Priya"], "the email")
            #expect(try await names(InboxQuery(search: "100%")) == ["Jonas"])
            #expect(try await names(InboxQuery(search: "0%k")).isEmpty, "% is a character, not a wildcard")
            #expect(try await names(InboxQuery(search: "acme_")) == ["Priya"])
            #expect(try await names(InboxQuery(search: "a_m")).isEmpty, "so is _ (as a wildcard it would match acm)")
            #expect(try await names(InboxQuery(channel: .linkedin)) == ["Jonas"])
            #expect(try await names(InboxQuery(needsAnswerOnly: true)) == ["Maya"])
            #expect(try await names(InboxQuery(intent: .unsubscribe)).isEmpty)
            #expect(try await names(InboxQuery(source: .rules)).count == 3)
            #expect(try await names(InboxQuery(search: "ya")) == ["Maya", "Priya"], "shorter than a trigram: still found")
            #expect(try await names(InboxQuery(search: "\"seat")).isEmpty, "a quote is a character too")
            #expect(try await names(InboxQuery(search: "northwind can")).isEmpty, "never across the company and the message")
            // A renamed lead is found by the new name, no longer by the old one.
            _ = try await store.upsertLead(LeadProfile(email: "jonas@example.com", firstName: "Jonathan", company: "Southwind"), in: workspace.id)
            #expect(try await names(InboxQuery(search: "southwind")) == ["Jonathan"])
            #expect(try await names(InboxQuery(search: "northwind")).isEmpty)
            let first = try await store.inbox(InboxQuery(limit: 2), in: workspace.id)
            #expect(first.total == 3 && !first.totalIsMore && first.hasMore)
            let second = try await store.inbox(InboxQuery(limit: 2, offset: 2), in: workspace.id)
            #expect(second.entries.map(\.draft.leadName) == ["Priya"] && second.total == 3, "a page on, the total still counts all")
            #expect(!second.hasMore, "the last page")
            let capped = try await store.inbox(InboxQuery(limit: 1, countLimit: 2), in: workspace.id)
            #expect(capped.total == 2 && capped.totalIsMore, "counted up to the limit, then 'more than'")
            let beyond = try await store.inbox(InboxQuery(limit: 2, offset: 10), in: workspace.id)
            #expect(beyond.entries.isEmpty && beyond.total == 3 && !beyond.hasMore, "a page past the end still says how many there are")
            // A search pages and counts its own matches (found once for both).
            let searched = try await store.inbox(InboxQuery(search: "example.com", limit: 2), in: workspace.id)
            #expect(searched.entries.map(\.draft.leadName) == ["Jonathan", "Maya"] && searched.total == 3 && searched.hasMore)
            let searchedOn = try await store.inbox(InboxQuery(search: "example.com", limit: 2, offset: 2), in: workspace.id)
            #expect(searchedOn.entries.map(\.draft.leadName) == ["Priya"] && searchedOn.total == 3 && !searchedOn.hasMore)
            let searchedBeyond = try await store.inbox(InboxQuery(search: "example.com", limit: 2, offset: 4), in: workspace.id)
            #expect(searchedBeyond.entries.isEmpty && searchedBeyond.total == 3)
            let searchedCapped = try await store.inbox(InboxQuery(search: "example.com", limit: 1, countLimit: 2), in: workspace.id)
            #expect(searchedCapped.total == 2 && searchedCapped.totalIsMore)
            _ = try await store.review(try #require(made["Maya"]), in: workspace.id, action: .approve, by: .setter)
            #expect(try await names(InboxQuery()) == ["Jonathan", "Priya"], "an approved draft leaves the review tab")
            #expect(try await names(InboxQuery(statuses: [.approved, .edited])) == ["Maya"])
        }
    }

    /// The inbox answers while a job holds the write transaction open (both engines): on SQLite
    /// the page reads on a read-only connection beside the one writer and sees what was
    /// committed, not the open transaction's lead.
    @Test(arguments: TestDatabases.engines)
    func theInboxReadsWhileAWriteTransactionIsOpen(engine: DatabaseEngine) async throws {
        try await TestDatabases.withStore(engine) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let lead = try await store.upsertLead(LeadProfile(email: "maya@example.com", firstName: "Maya"), in: workspace.id)
            _ = try await store.insertDraft(Self.draft(workspace, lead, at: Date(), body: "reply to Maya"))
            let (entered, enteredGate) = AsyncStream<Void>.makeStream()
            let (release, releaseGate) = AsyncStream<Void>.makeStream()
            let writer = Task {
                try await store.transaction { tx in
                    _ = try await tx.upsertLead(LeadProfile(email: "jonas@example.com", firstName: "Jonas"), in: workspace.id)
                    enteredGate.yield()
                    for await _ in release { break }
                }
            }
            for await _ in entered { break }
            // A read that waits for the writer gets its turn only after 10 s, when the writer is let go: too late.
            let names = try await withThrowingTaskGroup(of: [String]?.self) { group in
                group.addTask { try await store.inbox(InboxQuery(), in: workspace.id).entries.map(\.draft.leadName) }
                group.addTask {
                    try await Task.sleep(for: .seconds(10))
                    releaseGate.yield()
                    return nil
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                return first
            }
            releaseGate.yield()
            try await writer.value
            #expect(names == ["Maya"], "read beside the open write transaction, without its uncommitted lead")
        }
    }

    /// On PostgreSQL the inbox's page, with its count in the same statement, is prepared once per
    /// connection and run again by name (no parse, no plan each time); so is a search, whose
    /// generic plan answers every pattern the same as a plan made for it.
    @Test func theInboxAndItsSearchArePreparedOnceOnPostgreSQL() async throws {
        guard TestDatabases.engines.contains(.postgres) else { return }
        try await TestDatabases.withStore(.postgres) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            for index in 0..<60 {
                let lead = try await store.upsertLead(LeadProfile(email: "lead\(index)@example.com", firstName: "Lead\(index)"), in: workspace.id)
                _ = try await store.insertDraft(Self.draft(workspace, lead, at: Date(timeIntervalSince1970: Double(index)), body: "reply \(index)"))
            }
            // One transaction: one connection, whose prepared statements PostgreSQL lists.
            let (pages, prepared) = try await store.transaction { (tx: SQLStore) async throws -> ([InboxPage], [(String, Int)]) in
                var pages: [InboxPage] = []
                // PostgreSQL plans a prepared statement for its values five times, then keeps one
                // generic plan if that looks no costlier: it did not while the page's LIMIT was a parameter.
                for _ in 0..<8 { pages.append(try await tx.inbox(InboxQuery(limit: 50), in: workspace.id)) }
                // Six patterns planned for themselves, then the generic plan for the last two.
                for search in ["lead5", "lead1", "lead2", "lead3", "lead4", "lead6", "lead5", "LEAD1"] {
                    pages.append(try await tx.inbox(InboxQuery(search: search, limit: 50), in: workspace.id))
                }
                // Through SQLKit, unnamed: this query does not add itself to the list.
                let rows = try await tx.read { db in try await db.raw("SELECT statement, generic_plans FROM pg_prepared_statements").all() }
                return (pages, try rows.map { (try $0.string("statement"), try $0.int("generic_plans")) })
            }
            let (first, again) = (pages[0], pages[7])
            #expect(first.entries.count == 50 && first.total == 60 && first.hasMore)
            #expect(again.entries.map(\.draft.id) == first.entries.map(\.draft.id) && again.total == 60)
            // "lead5": lead5 and lead50…lead59, whether planned for the pattern (the first) or generic (the seventh).
            let fives = Set(([5] + Array(50..<60)).map { (n: Int) -> String in "lead\(n)@example.com" })
            #expect(Set(pages[8].entries.map(\.draft.leadEmail)) == fives && pages[8].total == 11)
            #expect(Set(pages[14].entries.map(\.draft.leadEmail)) == fives && pages[14].total == 11)
            let ones = Set(([1] + Array(10..<20)).map { (n: Int) -> String in "lead\(n)@example.com" })
            #expect(Set(pages[15].entries.map(\.draft.leadEmail)) == ones, "any case, under the generic plan")
            // Two statements, each once although it ran eight times: the page with its count, and the search.
            #expect(prepared.count == 2, "prepared: \(prepared)")
            let page = try #require(prepared.first { $0.0.contains("LIMIT") && !$0.0.contains("ILIKE") })
            #expect(page.1 >= 2, "the page runs its generic plan, not planned again each time: \(page)")
            #expect(page.0.contains("COUNT(*)"), "the count rides in the page's statement")
            let search = try #require(prepared.first { $0.0.contains("ILIKE") })
            #expect(search.1 >= 2, "the search runs its generic plan: \(search)")
        }
    }

    /// The leads list's search: name, email or company, any case, with the total; other workspaces never.
    @Test(arguments: TestDatabases.engines)
    func leadsAreFoundByNameEmailOrCompany(engine: DatabaseEngine) async throws {
        try await TestDatabases.withStore(engine) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let (other, _) = try await Fixtures.workspace(store, name: "Other")
            for (email, first, last, company) in [
                ("maya@a.example", "Maya", "Okafor", "Brightline"), ("jo@b.example", "Jonas", "Berg", "North_wind"),
                ("x@c.example", nil, nil, nil),
            ] as [(String, String?, String?, String?)] {
                _ = try await store.upsertLead(LeadProfile(email: email, firstName: first, lastName: last, company: company), in: workspace.id)
            }
            _ = try await store.upsertLead(LeadProfile(email: "maya@elsewhere.example", firstName: "Maya"), in: other.id)
            func emails(_ search: String) async throws -> [String] {
                try await store.leads(in: workspace.id, matching: search, limit: 10, offset: 0).leads.map(\.email)
            }
            #expect(try await emails("maya okafor") == ["maya@a.example"], "first and last name together")
            #expect(try await emails("BRIGHT") == ["maya@a.example"])
            #expect(try await emails("@b.ex") == ["jo@b.example"])
            #expect(try await emails("h_w") == ["jo@b.example"])
            #expect(try await emails("b_i").isEmpty, "_ is a character (as a wildcard it would match bri)")
            let all = try await store.leads(in: workspace.id, matching: "", limit: 2, offset: 0)
            #expect(all.leads.count == 2 && all.total == 3)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func pendingDraftsComeNewestFirstWithTheirLeadsNames(engine: DatabaseEngine) async throws {
        let clock = TestClock()
        try await TestDatabases.withStore(engine, clock: clock) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let (other, _) = try await Fixtures.workspace(store, name: "Other")
            let maya = try await store.upsertLead(
                LeadProfile(email: "maya@brightline.example", firstName: "Maya", lastName: "Okafor"), in: workspace.id)
            let anon = try await store.upsertLead(LeadProfile(email: "anon@nowhere.example"), in: workspace.id)
            let outsider = try await store.upsertLead(LeadProfile(email: "x@other.example"), in: other.id)
            let start = clock.now
            let old = try await store.insertDraft(Self.draft(workspace, maya, at: start, body: "oldest")).draft
            let newer = try await store.insertDraft(
                Self.draft(
                    workspace, anon, at: start.addingTimeInterval(60), body: "newer",
                    bundle: ["bundle_tokens": 120, "bundle_assets": 2])
            ).draft
            _ = try await store.insertDraft(Self.draft(workspace, maya, at: start.addingTimeInterval(120), status: .sent, body: "sent"))
            _ = try await store.insertDraft(Self.draft(other, outsider, at: start.addingTimeInterval(180), body: "elsewhere"))

            let inbox = try await store.pendingDrafts(in: workspace.id, limit: 10, offset: 0)
            #expect(inbox.map(\.body) == ["newer", "oldest"], "waiting drafts of this workspace only, newest first")
            #expect(inbox.map(\.leadName) == ["anon@nowhere.example", "Maya Okafor"] && inbox.last?.leadEmail == "maya@brightline.example")
            let first = try #require(inbox.first)
            #expect(first.id == newer.id && first.leadID == anon.id && first.status == .pending && first.source == .rules)
            #expect(first.intent == .wantsTimes && first.archetypeID == "one-liner" && first.combinedScore == 0.625)
            #expect(first.createdAt == newer.createdAt && first.updatedAt == newer.updatedAt && first.triggerMessageID == nil)
            #expect(try await store.pendingDrafts(in: workspace.id, limit: 1, offset: 1).map(\.id) == [old.id])
            // Other states, one lead.
            #expect(try await store.draftSummaries(in: workspace.id, statuses: [.sent], leadID: nil, limit: 10, offset: 0).map(\.body) == ["sent"])
            #expect(
                try await store.draftSummaries(in: workspace.id, statuses: Set(Draft.Status.allCases), leadID: maya.id, limit: 10, offset: 0)
                    .map(\.body) == ["sent", "oldest"])
            #expect(
                try await store.draftSummaries(
                    in: workspace.id, statuses: Set(Draft.Status.allCases), leadID: outsider.id, limit: 10,
                    offset: 0
                ).isEmpty, "another workspace's lead: nothing")
            #expect(try await store.draftSummaries(in: workspace.id, statuses: [], leadID: nil, limit: 10, offset: 0).isEmpty)
            // The same read inside a transaction uses the transaction's connection.
            let inside = try await store.transaction { tx in try await tx.pendingDrafts(in: workspace.id, limit: 10, offset: 0) }
            #expect(inside == inbox)

            #expect(try await store.draft(newer.id, in: workspace.id).bundleStats == ["bundle_tokens": 120, "bundle_assets": 2])

            // A send by a dashboard user is attributed to them.
            let sam = try await store.createUser(email: "sam@acme.example", passwordHash: "x")
            _ = try await store.review(old.id, in: workspace.id, action: .approve, by: .setter)
            _ = try await store.review(old.id, in: workspace.id, action: .send, by: .setter, user: sam.id)
            let sent = try #require(try await store.messages(leadID: maya.id, in: workspace.id).last)
            #expect(sent.draftID == old.id.rawValue && sent.sentByUserID == sam.id && sent.sender == .setter)
            #expect(try await store.drafts(leadID: maya.id, in: workspace.id).map(\.bundleStats) == [[:], [:]])
        }
    }

    @Test(arguments: TestDatabases.engines)
    func theVoiceLearnsFromSetterMessagesAndEditedDraftsWithWhoSentThem(engine: DatabaseEngine) async throws {
        let clock = TestClock()
        try await TestDatabases.withStore(engine, clock: clock) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let lead = try await store.upsertLead(LeadProfile(email: "maya@brightline.example"), in: workspace.id)
            let user = try await store.createUser(email: "priya@acme.example", passwordHash: "x")
            let approved = try await store.insertDraft(Self.draft(workspace, lead, at: clock.now, body: "approved as written")).draft
            _ = try await store.review(approved.id, in: workspace.id, action: .approve, by: .setter)
            _ = try await store.review(approved.id, in: workspace.id, action: .send, by: .ai, user: nil)
            clock.advance(by: .seconds(1))
            let edited = try await store.insertDraft(Self.draft(workspace, lead, at: clock.now, body: "the AI's words")).draft
            _ = try await store.review(edited.id, in: workspace.id, action: .edit(body: "Priya's own words"), by: .setter)
            _ = try await store.review(edited.id, in: workspace.id, action: .send, by: .ai, user: user.id)
            clock.advance(by: .seconds(1))
            _ = try await store.insertMessage(
                NewMessage(channel: .email, direction: .outbound, sender: .setter, body: "typed by a setter", occurredAt: clock.now),
                leadID: lead.id, in: workspace.id)

            // Drafts come back too (for uniqueness), never as the team's voice: look at the sent messages.
            let sent = try await store.outboundTexts(in: workspace.id, since: nil, limit: 100)
            #expect(
                sent.contains { $0.text == "Priya's own words" && $0.bySetter && $0.userID == user.id },
                "a sent draft a setter edited is the setter's writing, and names who sent it")
            #expect(sent.contains { $0.text == "typed by a setter" && $0.bySetter && $0.userID == nil })
            #expect(sent.filter { $0.text == "approved as written" }.allSatisfy { !$0.bySetter }, "an unedited AI draft is not the team's voice")
        }
    }
}
