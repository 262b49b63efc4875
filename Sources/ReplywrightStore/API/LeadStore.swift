import Foundation
import ReplywrightCore

/// Leads, always inside one workspace.
public protocol LeadStore: Sendable {
    /// Creates the lead or updates the known fields of the lead with the same email.
    func upsertLead(_ profile: LeadProfile, in workspaceID: Identifier<Workspace>) async throws -> Lead

    /// Throws `not_found` when the lead does not exist in this workspace.
    func lead(_ id: Identifier<Lead>, in workspaceID: Identifier<Workspace>) async throws -> Lead

    /// Most recently active first.
    func leads(in workspaceID: Identifier<Workspace>, limit: Int, offset: Int) async throws -> [Lead]

    /// Leads whose name, email or company contains `search` (any case; all when empty), most
    /// recently active first, with how many match in all.
    func leads(in workspaceID: Identifier<Workspace>, matching search: String, limit: Int, offset: Int)
        async throws -> (leads: [Lead], total: Int)

    /// The leads of this workspace among `ids` (others are left out), in one query.
    func leads(_ ids: [Identifier<Lead>], in workspaceID: Identifier<Workspace>) async throws -> [Lead]

    /// Marks the lead's address undeliverable (a permanent bounce) from `date` on (the first
    /// bounce's date is kept): no more replies or follow-ups for them.
    func setUndeliverable(_ leadID: Identifier<Lead>, at date: Date, in workspaceID: Identifier<Workspace>) async throws

    /// The workspace's leads, those whose address bounced (ever and since `since`) and those
    /// opted out, in one query.
    func leadReach(in workspaceID: Identifier<Workspace>, since: Date) async throws -> LeadReach

    /// Marks the lead opted out (an unsubscribe): no more drafts or follow-ups for them.
    func setOptedOut(_ leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>) async throws
}
