import Foundation
import Hummingbird
import HummingbirdTesting
import Metrics
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore
import ReplywrightTesting
import Testing

@Suite("Knowledge assets API")
struct KnowledgeRouteTests {
    struct Asset: Decodable {
        var id: String
        var kind: String
        var title: String
        var content: String
        var priority: Int
    }
    struct AssetList: Decodable { var assets: [Asset] }

    @Test func crudValidationAndIsolation() async throws {
        try await withTestApp { client, store, _, key, _ in
            let created = try await client.execute(
                uri: "/v1/knowledge-assets", method: .post, headers: bearer(key),
                body: ByteBuffer(
                    string: """
                        {"kind": "pricing", "title": "Pricing", "content": "Plans start at $49 per seat per month.", "priority": 1}
                        """))
            #expect(created.status == .created)
            let asset = try created.json(Asset.self)
            _ = try await client.execute(
                uri: "/v1/knowledge-assets", method: .post, headers: bearer(key),
                body: ByteBuffer(
                    string: """
                        {"kind": "primary_website", "title": "Website", "content": "https://acme.example"}
                        """))

            let listed = try await client.execute(uri: "/v1/knowledge-assets", method: .get, headers: bearer(key)).json(AssetList.self)
            #expect(listed.assets.map(\.kind) == ["pricing", "primary_website"], "priority order (default 100)")

            let updated = try await client.execute(
                uri: "/v1/knowledge-assets/\(asset.id)", method: .put, headers: bearer(key),
                body: ByteBuffer(
                    string: """
                        {"kind": "pricing", "title": "Pricing 2027", "content": "Plans start at $59 per seat per month."}
                        """)
            ).json(Asset.self)
            #expect(updated.title == "Pricing 2027" && updated.priority == 100)

            for (body, field) in [
                (#"{"kind": "pricing", "title": "", "content": "x"}"#, "title"),
                (#"{"kind": "primary_website", "title": "Site", "content": "not a url"}"#, "content"),
                (#"{"kind": "poem", "title": "x", "content": "y"}"#, "kind"),
                (#"{"kind": "faq", "title": "x"}"#, "content"),
            ] {
                let response = try await client.execute(
                    uri: "/v1/knowledge-assets", method: .post, headers: bearer(key), body: ByteBuffer(string: body))
                #expect(response.status == .badRequest, "\(body)")
                #expect(try response.json(ErrorBody.self).error.message.contains(field), "the error names \(field)")
            }

            let (other, _) = try await Fixtures.workspace(store, name: "Other")
            let foreign = try await store.createKnowledgeAsset(KnowledgeAssetInput(kind: .faq, title: "Theirs", content: "Secret"), in: other.id)
            for method in [HTTPRequest.Method.get, .delete] {
                #expect(try await client.execute(uri: "/v1/knowledge-assets/\(foreign.id)", method: method, headers: bearer(key)).status == .notFound)
            }
            #expect(try await client.execute(uri: "/v1/knowledge-assets/\(asset.id)", method: .delete, headers: bearer(key)).status == .noContent)
            #expect(try await client.execute(uri: "/v1/knowledge-assets/\(asset.id)", method: .get, headers: bearer(key)).status == .notFound)
        }
    }
}
