import Foundation
import ReplywrightCore
import ReplywrightStore

/// Small builders for test data.
public enum Fixtures {
    /// A workspace with one API key.
    public static func workspace(_ store: some DataStore, name: String = "Acme Outbound") async throws -> (Workspace, IssuedAPIKey) {
        let workspace = try await store.createWorkspace(name: name)
        let key = try await store.issueAPIKey(for: workspace.id, name: "test")
        return (workspace, key)
    }

    public static func inbound(
        email: String = "maya@brightline.example", externalID: String = "msg-1", body: String = "Sounds good, tell me more.",
        channel: Channel = .email
    ) -> InboundMessage {
        InboundMessage(
            lead: LeadProfile(email: email, firstName: "Maya", lastName: "Okafor", company: "Brightline",
                              customVariables: ["city": .string("Austin")]),
            message: NewMessage(channel: channel, direction: .inbound, sender: .lead, body: body, externalID: externalID,
                                occurredAt: Date(timeIntervalSince1970: 1_800_000_000)))
    }
}
