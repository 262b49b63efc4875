import Foundation

/// The tenant: every tenant row carries its workspace's id, every query is scoped by it.
public struct Workspace: Sendable, Codable, Equatable, Identifiable {
    public var id: Identifier<Workspace>
    public var name: String
    public var createdAt: Date

    public init(id: Identifier<Workspace>, name: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }

    /// Validates a workspace name as typed by an admin.
    public static func validatedName(_ raw: String) throws(AppError) -> String {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw .invalid("workspace name must not be empty") }
        guard name.count <= 120 else { throw .invalid("workspace name must be at most 120 characters") }
        return name
    }
}
