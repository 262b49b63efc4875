import Foundation
import ReplywrightCore
import ReplywrightStore

/// A conversation for a page: who wrote each message (the lead, the AI, or the setter by
/// email when a dashboard user sent it), when, and the text. An inbound email shows the lead's
/// new words; what they quoted and their signature sit collapsed under them; mail a machine
/// wrote (an auto-reply, a bounce, a complaint) says so and why.
enum DashboardTimeline {
    /// One message as the `timeline` partial shows it.
    struct Row {
        var direction, who, when, body: String
        /// The quoted history and signature, collapsed; empty when there is none.
        var hidden: String
        var hasHidden: Bool
        /// "automatic reply (header Auto-Submitted: auto-replied)"; empty for a person.
        var kind: String
        var hasKind: Bool
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
            var hidden = ""
            if message.visibleBody != nil {
                let parts = ReplySplitter.split(message.body)
                hidden = [parts.signature, parts.quoted].filter { !$0.isEmpty }.joined(separator: "\n\n")
            }
            let kind = message.kind == .person ? "" : message.kind.words + (message.kindEvidence.map { " (\($0))" } ?? "")
            return Row(
                direction: message.direction.rawValue, who: who, when: time.format(message.occurredAt),
                body: message.visibleText.isEmpty ? "(no text)" : message.visibleText, hidden: hidden, hasHidden: !hidden.isEmpty, kind: kind,
                hasKind: !kind.isEmpty)
        }
    }
}
