import Foundation
import ReplywrightCore
import ReplywrightStore

/// A conversation for a page: who wrote each message (the lead, the AI, or the setter by
/// email when a dashboard user sent it), when, and the text.
enum DashboardTimeline {
    /// One message as the `timeline` partial shows it.
    struct Row {
        var direction, who, when, body: String
    }

    static func rows(_ messages: [Message], store: any TenancyStore, in workspaceID: Identifier<Workspace>, time: DashboardTime)
        async throws -> [Row]
    {
        var emails: [Identifier<User>: String] = [:]
        if messages.contains(where: { $0.sentByUserID != nil }) {
            for member in try await store.members(of: workspaceID, limit: 500, offset: 0) { emails[member.user.id] = member.user.email }
        }
        return messages.map { message in
            let who = message.direction == .inbound ? "Lead" : message.sentByUserID.flatMap { emails[$0] } ?? message.sender.rawValue
            return Row(direction: message.direction.rawValue, who: who, when: time.format(message.occurredAt), body: message.body)
        }
    }
}
