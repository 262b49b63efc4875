import Foundation
import ReplywrightCore

/// Workspace overrides of prompt templates, as numbered revisions.
public protocol PromptStore: Sendable {
    /// Stores `template` as the next revision of its key for the workspace; `restoredFrom`
    /// marks a rollback to that revision (0 = the built-in template).
    func addPromptRevision(
        _ template: PromptTemplate, in workspaceID: Identifier<Workspace>, note: String?, createdBy: String?, restoredFrom: Int?
    ) async throws -> PromptRevision

    /// Newest first.
    func promptRevisions(key: String, in workspaceID: Identifier<Workspace>) async throws -> [PromptRevision]

    /// The newest revision of every key the workspace overrides, in one read.
    func activePromptRevisions(in workspaceID: Identifier<Workspace>) async throws -> [String: PromptRevision]
}

extension PromptStore {
    public func addPromptRevision(
        _ template: PromptTemplate, in workspaceID: Identifier<Workspace>, note: String?, createdBy: String?
    ) async throws -> PromptRevision {
        try await addPromptRevision(template, in: workspaceID, note: note, createdBy: createdBy, restoredFrom: nil)
    }
}
