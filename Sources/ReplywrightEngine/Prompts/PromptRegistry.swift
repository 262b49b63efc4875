import ReplywrightCore
import ReplywrightStore

/// Which template a workspace uses for a key: its newest override revision, else the
/// built-in one. Overrides may only use the built-in template's placeholders, so a pipeline
/// always has the values an override asks for.
public struct PromptRegistry: Sendable {
    /// A template together with where it came from, for telemetry (`promptVersion`).
    public struct Resolved: Sendable, Equatable {
        public var template: PromptTemplate
        /// `nil` for the built-in template.
        public var revision: Int?
    }

    private let builtins: [String: PromptTemplate]
    private let store: any PromptStore

    public init(store: any PromptStore, builtins: [PromptTemplate] = BuiltinPrompts.all) {
        self.store = store
        self.builtins = Dictionary(builtins.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
    }

    public var keys: [String] { builtins.keys.sorted() }

    public func resolve(_ key: String, for workspaceID: Identifier<Workspace>) async throws -> Resolved {
        guard let builtin = builtins[key] else { throw AppError.notFound("prompt template \(key)") }
        if let newest = try await store.promptRevisions(key: key, in: workspaceID).first {
            return Resolved(template: newest.template, revision: newest.revision)
        }
        return Resolved(template: builtin, revision: nil)
    }

    /// Saves a workspace override as the next revision.
    public func saveOverride(
        key: String, system: String, user: String, in workspaceID: Identifier<Workspace>, note: String?, by author: String?
    ) async throws -> PromptRevision {
        guard let builtin = builtins[key] else { throw AppError.notFound("prompt template \(key)") }
        let template = PromptTemplate(key: key, version: builtin.version, system: system, user: user)
        guard !system.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
              !user.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        else { throw AppError.invalid("a prompt override needs both a system and a user text") }
        let unknown = template.placeholders.filter { !builtin.placeholders.contains($0) }
        guard unknown.isEmpty else {
            throw AppError.invalid("unknown placeholder(s) \(unknown.map { "{{\($0)}}" }.joined(separator: ", ")); "
                + "\(key) offers \(builtin.placeholders.map { "{{\($0)}}" }.joined(separator: ", "))")
        }
        return try await store.addPromptRevision(template, in: workspaceID, note: note, createdBy: author)
    }
}
