import Foundation
import Hummingbird
import HummingbirdTesting
import Metrics
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore
import ReplywrightTesting
import Testing

@Suite("Drafts API")
struct DraftRouteTests {
    struct DraftBody: Decodable {
        var id: String
        var leadId: String
        var triggerMessageId: String?
        var status: String
        var disposition: String?
        var source: String
        var archetype: String
        var body: String
    }

    struct DraftList: Decodable { var drafts: [DraftBody] }

    /// `GET /v1/drafts` lists summaries: the lead's name comes along, candidates do not.
    struct InboxEntry: Decodable {
        var id: String
        var leadId: String
        var leadName: String
        var leadEmail: String
        var status: String
        var source: String
        var archetype: String
        var body: String
        var candidates: [[String: Double]]?
    }

    struct Inbox: Decodable { var drafts: [InboxEntry] }

    struct LeadDetail: Decodable {
        struct MessageBody: Decodable {
            var direction: String
            var sender: String
            var body: String
            var draftId: String?
            var sentByUserId: String?
        }
        var messages: [MessageBody]
        var lastBundleStats: [String: Double]?
    }

    func runJobs(_ store: SQLStore) async throws {
        try await JobWorker(
            queue: store, handlers: StandardJobs.handlers(store: store), configuration: JobWorkerConfiguration(workerID: "w"),
            metrics: NOOPMetricsHandler.instance, logger: TestDatabases.logger
        ).runUntilIdle()
    }

    @Test func reviewEditSendAndRegenerate() async throws {
        try await withTestApp { client, store, _, key, _ in
            let accepted = try await client.execute(
                uri: "/v1/webhooks/inbound", method: .post, headers: bearer(key),
                body: ByteBuffer(string: inboundJSON(body: "How much does it cost per seat?")))
            #expect(accepted.status == .accepted)
            try await runJobs(store)

            let inbox = try await client.execute(uri: "/v1/drafts", method: .get, headers: bearer(key)).json(Inbox.self)
            let draft = try #require(inbox.drafts.first)
            #expect(inbox.drafts.count == 1 && draft.status == "pending" && draft.source == "rules")
            #expect(draft.leadName == "Maya" && draft.leadEmail == "maya@brightline.example" && draft.candidates == nil)
            #expect(try await client.execute(uri: "/v1/drafts?offset=1", method: .get, headers: bearer(key)).json(Inbox.self).drafts.isEmpty)
            #expect(try await client.execute(uri: "/v1/drafts?offset=-1", method: .get, headers: bearer(key)).status == .badRequest)
            let full = try await client.execute(uri: "/v1/drafts/\(draft.id)", method: .get, headers: bearer(key)).json(DraftBody.self)
            #expect(full.body == draft.body && full.leadId == draft.leadId)

            let empty = try await client.execute(
                uri: "/v1/drafts/\(draft.id)", method: .put, headers: bearer(key),
                body: ByteBuffer(string: #"{"body": "   "}"#))
            #expect(empty.status == .badRequest)
            let premature = try await client.execute(uri: "/v1/drafts/\(draft.id)/send", method: .post, headers: bearer(key))
            #expect(premature.status == .conflict, "a pending draft must be approved or edited first")
            #expect(try premature.json(ErrorBody.self).error.message == "cannot send a draft that is pending")

            let edited = try await client.execute(
                uri: "/v1/drafts/\(draft.id)", method: .put, headers: bearer(key),
                body: ByteBuffer(string: #"{"body": "Hi Maya, it is priced per seat; happy to send details."}"#)
            )
            .json(DraftBody.self)
            #expect(edited.status == "edited" && edited.body.hasPrefix("Hi Maya, it is priced"))
            let sent = try await client.execute(uri: "/v1/drafts/\(draft.id)/send", method: .post, headers: bearer(key)).json(DraftBody.self)
            #expect(sent.status == "sent" && sent.disposition == "EDITED")
            let again = try await client.execute(uri: "/v1/drafts/\(draft.id)/approve", method: .post, headers: bearer(key))
            #expect(again.status == .conflict)

            let lead = try await client.execute(uri: "/v1/leads/\(draft.leadId)", method: .get, headers: bearer(key)).json(LeadDetail.self)
            let outbound = try #require(lead.messages.last)
            #expect(outbound.direction == "outbound" && outbound.sender == "setter" && outbound.draftId == draft.id)
            #expect(outbound.sentByUserId == nil, "an API key is not a person")
            #expect(outbound.body == edited.body, "the sent text becomes the outbound message")
            #expect(lead.lastBundleStats?["bundle_tokens"] != nil, "the numbers of the bundle the draft was written with")
            #expect(try await client.execute(uri: "/v1/drafts", method: .get, headers: bearer(key)).json(Inbox.self).drafts.isEmpty)
            let sentOnes = try await client.execute(
                uri: "/v1/drafts?status=sent,rejected&leadId=\(draft.leadId)", method: .get,
                headers: bearer(key)
            ).json(Inbox.self)
            #expect(sentOnes.drafts.map(\.id) == [draft.id] && sentOnes.drafts.first?.status == "sent")
            #expect(
                try await client.execute(uri: "/v1/drafts?status=sent&leadId=someone-else", method: .get, headers: bearer(key))
                    .json(Inbox.self).drafts.isEmpty)
            let badStatus = try await client.execute(uri: "/v1/drafts?status=shipped", method: .get, headers: bearer(key))
            #expect(try badStatus.status == .badRequest && badStatus.json(ErrorBody.self).error.message.contains("pending, approved"))

            let regenerated = try await client.execute(uri: "/v1/leads/\(draft.leadId)/drafts", method: .post, headers: bearer(key))
            #expect(regenerated.status == .created)
            let fresh = try regenerated.json(DraftBody.self)
            #expect(fresh.id != draft.id && fresh.triggerMessageId == nil && fresh.status == "pending")
            #expect(fresh.archetype != draft.archetype, "a regeneration avoids the lead's recent archetypes")
            let history = try await client.execute(uri: "/v1/leads/\(draft.leadId)/drafts", method: .get, headers: bearer(key)).json(DraftList.self)
            #expect(history.drafts.map(\.id) == [fresh.id, draft.id])

            let rejected = try await client.execute(uri: "/v1/drafts/\(fresh.id)/reject", method: .post, headers: bearer(key)).json(DraftBody.self)
            #expect(rejected.status == "rejected")
        }
    }

    @Test func otherWorkspacesDraftsAreNotFound() async throws {
        try await withTestApp { client, store, _, key, _ in
            let (other, _) = try await Fixtures.workspace(store, name: "Other")
            let ingested = try await InboundIngestor(store: store).ingest(Fixtures.inbound(), in: other.id)
            try await runJobs(store)
            let foreign = try #require(try await store.draft(forTrigger: ingested.messageID, in: other.id))
            for (method, path) in [
                (HTTPRequest.Method.get, "/v1/drafts/\(foreign.id)"), (.post, "/v1/drafts/\(foreign.id)/approve"),
                (.post, "/v1/leads/\(ingested.leadID)/drafts"), (.get, "/v1/leads/\(ingested.leadID)/drafts"),
            ] {
                let response = try await client.execute(uri: path, method: method, headers: bearer(key))
                #expect(response.status == .notFound, "\(method) \(path)")
            }
            #expect(try await store.draft(foreign.id, in: other.id).status == .pending, "nothing changed")
        }
    }
}
