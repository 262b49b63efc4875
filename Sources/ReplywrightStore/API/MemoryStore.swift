import Foundation
import ReplywrightCore

/// Lead memory: what the overseer remembers of a lead (C3), with expiry.
public protocol MemoryStore: Sendable {
    /// Entries not yet expired at `now`, newest first.
    func memory(leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>, at now: Date) async throws -> [LeadMemoryEntry]

    /// Stores a memory entry for a lead of this workspace.
    func addMemory(
        leadID: Identifier<Lead>, category: String, text: String, detail: JSONValue?, expiresAt: Date, in workspaceID: Identifier<Workspace>
    ) async throws -> LeadMemoryEntry

    /// Changes an entry's text (admins); `not_found` outside the workspace.
    func updateMemory(_ id: Identifier<LeadMemoryEntry>, text: String, in workspaceID: Identifier<Workspace>) async throws -> LeadMemoryEntry

    func deleteMemory(_ id: Identifier<LeadMemoryEntry>, in workspaceID: Identifier<Workspace>) async throws

    /// Deletes entries (any workspace) expired at `cutoff`, at most `limit`; returns how many.
    func purgeExpiredMemory(before cutoff: Date, limit: Int) async throws -> Int
}

extension MemoryStore {
    public func addMemory(
        leadID: Identifier<Lead>, category: String, text: String, expiresAt: Date, in workspaceID: Identifier<Workspace>
    ) async throws -> LeadMemoryEntry {
        try await addMemory(leadID: leadID, category: category, text: text, detail: nil, expiresAt: expiresAt, in: workspaceID)
    }
}
