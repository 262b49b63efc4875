import Foundation
import Hummingbird
import HummingbirdTesting
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore
import ReplywrightTesting
import Testing

@Suite("Prompts API")
struct PromptRouteTests {
    struct Prompt: Decodable {
        var key: String
        var version: Int
        var revision: Int
        var system: String
        var user: String
        var placeholders: [String]
        var placeholderMeanings: [String: String]
    }
    struct PromptList: Decodable { var prompts: [Prompt] }
    struct Revision: Decodable {
        var key: String
        var revision: Int
        var system: String
        var user: String
        var restoredFrom: Int?
        var createdBy: String?
    }
    struct RevisionList: Decodable {
        var key: String
        var revisions: [Revision]
    }

    static let key = "draft.variant.email"

    @Test func listOverrideHistoryAndRollback() async throws {
        try await withTestApp { client, _, _, key, _ in
            let listed = try await client.execute(uri: "/v1/prompts", method: .get, headers: bearer(key)).json(PromptList.self)
            #expect(Set(listed.prompts.map(\.key)) == Set(BuiltinPrompts.all.map(\.key)))
            let variant = try #require(listed.prompts.first { $0.key == Self.key })
            #expect(variant.revision == 0 && variant.system == BuiltinPrompts.draftVariantEmail.system)
            #expect(variant.placeholders.contains("inbound") && variant.placeholderMeanings["inbound"] == "the lead's message being answered")

            let saved = try await client.execute(
                uri: "/v1/prompts/\(Self.key)", method: .put, headers: bearer(key),
                body: ByteBuffer(
                    string: """
                        {"system": "Write as {{sender_name}}.", "user": "{{inbound}}", "note": "shorter"}
                        """))
            #expect(saved.status == .created)
            #expect(try saved.json(Revision.self).revision == 1)
            let active = try await client.execute(uri: "/v1/prompts", method: .get, headers: bearer(key)).json(PromptList.self)
            #expect(active.prompts.first { $0.key == Self.key }?.revision == 1)
            #expect(active.prompts.first { $0.key == Self.key }?.system == "Write as {{sender_name}}.")

            let rolledBack = try await client.execute(
                uri: "/v1/prompts/\(Self.key)/rollback", method: .post, headers: bearer(key),
                body: ByteBuffer(string: #"{"revision": 0}"#))
            #expect(rolledBack.status == .created)
            #expect(try rolledBack.json(Revision.self).restoredFrom == 0)
            let builtin = try await client.execute(uri: "/v1/prompts", method: .get, headers: bearer(key)).json(PromptList.self)
            #expect(builtin.prompts.first { $0.key == Self.key }?.revision == 0, "revision 0 is the built-in again")
            #expect(builtin.prompts.first { $0.key == Self.key }?.system == BuiltinPrompts.draftVariantEmail.system)

            let history = try await client.execute(uri: "/v1/prompts/\(Self.key)/revisions", method: .get, headers: bearer(key))
                .json(RevisionList.self)
            #expect(history.revisions.map(\.revision) == [2, 1] && history.revisions[0].createdBy?.hasPrefix("API key test") == true)
        }
    }

    @Test func badInputIsRefusedWithTheReason() async throws {
        try await withTestApp { client, store, workspace, key, _ in
            let unknown = try await client.execute(
                uri: "/v1/prompts/\(Self.key)", method: .put, headers: bearer(key),
                body: ByteBuffer(
                    string: """
                        {"system": "Hi {{secret_sauce}} and {{lead}}", "user": "{{nope}}"}
                        """))
            #expect(unknown.status == .badRequest)
            let message = try unknown.json(ErrorBody.self).error.message
            #expect(message.hasPrefix("unknown placeholder(s) {{secret_sauce}}, {{nope}}"), "\(message)")
            for body in [#"{"system": "", "user": "x"}"#, #"{"user": "x"}"#] {
                let response = try await client.execute(
                    uri: "/v1/prompts/\(Self.key)", method: .put, headers: bearer(key),
                    body: ByteBuffer(string: body))
                #expect(response.status == .badRequest, "\(body)")
            }
            #expect(try await client.execute(uri: "/v1/prompts/no.such.key/revisions", method: .get, headers: bearer(key)).status == .notFound)
            let missing = try await client.execute(
                uri: "/v1/prompts/\(Self.key)/rollback", method: .post, headers: bearer(key),
                body: ByteBuffer(string: #"{"revision": 4}"#))
            #expect(missing.status == .notFound)
            let negative = try await client.execute(
                uri: "/v1/prompts/\(Self.key)/rollback", method: .post, headers: bearer(key),
                body: ByteBuffer(string: #"{"revision": -1}"#))
            #expect(negative.status == .badRequest)

            let setter = try await store.issueAPIKey(for: workspace.id, name: "setter", role: .setter)
            #expect(try await client.execute(uri: "/v1/prompts", method: .get, headers: bearer(setter.secret)).status == .ok)
            let refused = try await client.execute(
                uri: "/v1/prompts/\(Self.key)", method: .put, headers: bearer(setter.secret),
                body: ByteBuffer(string: #"{"system": "x", "user": "{{inbound}}"}"#))
            #expect(refused.status == .forbidden)
            #expect(try await store.promptRevisions(key: Self.key, in: workspace.id).isEmpty, "nothing saved by a refused request")
        }
    }

    @Test func bookingSettingsRoundTripAndBadOnesAreRefused() async throws {
        struct Settings: Decodable {
            struct Booking: Decodable {
                var link: String?
                var hours: String
                var slotMinutes: Int
            }
            var booking: Booking
        }
        try await withTestApp { client, store, workspace, key, _ in
            let saved = try await client.execute(
                uri: "/v1/settings", method: .put, headers: bearer(key),
                body: ByteBuffer(
                    string: """
                        {"booking": {"link": "https://cal.example/jordan/30", "hours": "Mon,Wed,Fri 10:00-16:00", "slotMinutes": 45}}
                        """))
            #expect(saved.status == .ok)
            let booking = try saved.json(Settings.self).booking
            #expect(booking.link == "https://cal.example/jordan/30" && booking.hours == "Mon,Wed,Fri 10:00-16:00" && booking.slotMinutes == 45)
            // Saving the policy alone keeps the booking settings.
            _ = try await client.execute(
                uri: "/v1/settings", method: .put, headers: bearer(key),
                body: ByteBuffer(string: #"{"policy": {"timeZone": "Europe/Berlin"}}"#))
            #expect(try await store.policySettings(in: workspace.id).booking.slotMinutes == 45)
            let bad = try await client.execute(
                uri: "/v1/settings", method: .put, headers: bearer(key),
                body: ByteBuffer(string: #"{"booking": {"hours": "whenever"}}"#))
            let message = try bad.json(ErrorBody.self).error.message
            #expect(bad.status == .badRequest && message.hasPrefix("booking.hours"), "\(message)")
            #expect(try await store.policySettings(in: workspace.id).booking.hours == "Mon,Wed,Fri 10:00-16:00", "nothing saved")
        }
    }
}
