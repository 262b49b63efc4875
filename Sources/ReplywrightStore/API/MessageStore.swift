import Foundation
import ReplywrightCore

/// Messages, always inside one workspace.
public protocol MessageStore: Sendable {
    /// Stores a message for a lead of this workspace. Idempotent on `externalID`: a second
    /// insert with the same external id returns the first message and `inserted == false`.
    func insertMessage(_ message: NewMessage, leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>)
        async throws -> (message: Message, inserted: Bool)

    func message(_ id: Identifier<Message>, in workspaceID: Identifier<Workspace>) async throws -> Message

    /// The conversation, oldest first; `not_found` when the lead is not in this workspace.
    func messages(leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>) async throws -> [Message]
}
