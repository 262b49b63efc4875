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
}
