import Foundation
import ReplywrightCore
import ReplywrightStore
import ReplywrightTesting
import Testing

@Suite("Drafts inbox and bundle stats")
struct DraftInboxStoreTests {
    static func draft(_ workspace: Workspace, _ lead: Lead, at time: Date, status: Draft.Status = .pending, body: String,
                      bundle: [String: Double] = [:]) -> Draft {
        Draft(
            id: Identifier(UUID().uuidString.lowercased()), workspaceID: workspace.id, leadID: lead.id, triggerMessageID: nil,
            status: status, source: .rules, intent: .wantsTimes, archetypeID: "one-liner", body: body,
            scores: CandidateScores(coverage: 0.5, voice: nil, scope: 1, uniqueness: 1, relevance: 0.5), combinedScore: 0.625,
            correction: .none, candidateStats: [["words": 3]], bundleStats: bundle, createdAt: time, updatedAt: time)
    }

    @Test(arguments: TestDatabases.engines)
    func pendingDraftsComeNewestFirstWithTheirLeadsNames(engine: DatabaseEngine) async throws {
        let clock = TestClock()
        try await TestDatabases.withStore(engine, clock: clock) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let (other, _) = try await Fixtures.workspace(store, name: "Other")
            let maya = try await store.upsertLead(LeadProfile(email: "maya@brightline.example", firstName: "Maya", lastName: "Okafor"), in: workspace.id)
            let anon = try await store.upsertLead(LeadProfile(email: "anon@nowhere.example"), in: workspace.id)
            let outsider = try await store.upsertLead(LeadProfile(email: "x@other.example"), in: other.id)
            let start = clock.now
            let old = try await store.insertDraft(Self.draft(workspace, maya, at: start, body: "oldest")).draft
            let newer = try await store.insertDraft(Self.draft(workspace, anon, at: start.addingTimeInterval(60), body: "newer",
                                                               bundle: ["bundle_tokens": 120, "bundle_assets": 2])).draft
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
            #expect(try await store.draftSummaries(in: workspace.id, statuses: Set(Draft.Status.allCases), leadID: maya.id, limit: 10, offset: 0)
                .map(\.body) == ["sent", "oldest"])
            #expect(try await store.draftSummaries(in: workspace.id, statuses: Set(Draft.Status.allCases), leadID: outsider.id, limit: 10,
                                                   offset: 0).isEmpty, "another workspace's lead: nothing")
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
            #expect(sent.contains { $0.text == "Priya's own words" && $0.bySetter && $0.userID == user.id },
                    "a sent draft a setter edited is the setter's writing, and names who sent it")
            #expect(sent.contains { $0.text == "typed by a setter" && $0.bySetter && $0.userID == nil })
            #expect(sent.filter { $0.text == "approved as written" }.allSatisfy { !$0.bySetter }, "an unedited AI draft is not the team's voice")
        }
    }
}
