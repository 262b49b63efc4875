import Foundation
import Hummingbird
import HummingbirdTesting
import ReplywrightCore
import ReplywrightStore
import ReplywrightTesting
import Testing

@Suite("Refine API")
struct RefineRouteTests {
    struct Result: Decodable {
        var text: String
        var source: String
        var mode: String
        var nudge: String?
        var correction: String
        var candidates: [[String: Double]]
    }

    @Test func refinesOnTheRulesTierAndValidates() async throws {
        try await withTestApp { client, store, workspace, key, _ in
            let text = "hey Maya, I think we can maybe do tuesday. i'll send an invite and we can go through the rollout plan together."
            let formal = try await client.execute(
                uri: "/v1/refine", method: .post, headers: bearer(key),
                body: ByteBuffer(
                    string: """
                        {"text": "\(text)", "mode": "line", "nudge": "more_formal"}
                        """)
            ).json(Result.self)
            #expect(formal.source == "rules" && formal.mode == "line" && formal.nudge == "more_formal")
            #expect(formal.text.contains("I will send") && formal.text.hasPrefix("Hello Maya") && !formal.candidates.isEmpty)

            let copy = try await client.execute(
                uri: "/v1/refine", method: .post, headers: bearer(key),
                body: ByteBuffer(
                    string: """
                        {"text": "\(text)", "mode": "copy"}
                        """)
            ).json(Result.self)
            #expect(copy.text.hasPrefix("Hey Maya") && copy.text.contains("I'll send") && copy.candidates.count == 1)

            for (body, field) in [
                (#"{"text": "x", "mode": "rewrite"}"#, "mode"), (#"{"text": "   ", "mode": "copy"}"#, "text"),
                (#"{"mode": "copy"}"#, "text"), (#"{"text": "x", "mode": "line", "nudge": "spicier"}"#, "nudge"),
            ] {
                let response = try await client.execute(uri: "/v1/refine", method: .post, headers: bearer(key), body: ByteBuffer(string: body))
                #expect(response.status == .badRequest, "\(body)")
                #expect(try response.json(ErrorBody.self).error.message.contains(field), "names \(field)")
            }
            let rows = try await store.aiInteractions(in: workspace.id, matching: AIInteractionQuery())
            #expect(rows.map(\.featureID) == ["refine.copy", "refine.line"] && rows.allSatisfy { $0.source == .rules })
        }
    }
}
