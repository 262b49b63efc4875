import ReplywrightCore
import ReplywrightLLM
import ReplywrightStore

/// Which template text a workspace sends for a key: its newest override revision, else the
/// built-in template. Overrides may only use the built-in template's placeholders, so a
/// pipeline always has the values an override asks for. Revisions never change; a rollback
/// adds one that restores an earlier revision or the built-in text.
public struct PromptRegistry: Sendable {
    /// A template together with where it came from, for telemetry.
    public struct Resolved: Sendable, Equatable {
        public var template: PromptTemplate
        /// The override revision, 0 for the built-in template (also after a rollback to it).
        public var revision: Int

        /// The template's text with `values` filled in, as chat messages.
        public func messages(_ values: [String: String]) -> [LLMMessage] {
            let rendered = template.render(values)
            return [.system(rendered.system), .user(rendered.user)]
        }

        /// `context` naming this template's key, version and revision.
        public func stamp(_ context: LLMCallContext) -> LLMCallContext {
            var context = context
            context.promptKey = template.key
            context.promptVersion = template.version
            context.promptRevision = revision
            return context
        }
    }

    /// Every template a workspace sends, read once (one query) for a draft's several calls.
    public struct Snapshot: Sendable {
        fileprivate var resolved: [String: Resolved]

        /// The workspace's template for a built-in one.
        public func callAsFunction(_ builtin: PromptTemplate) -> Resolved {
            resolved[builtin.key] ?? Resolved(template: builtin, revision: 0)
        }

        /// Makes `template` the one sent for its key, as revision −1 (an unsaved candidate).
        mutating func replace(_ template: PromptTemplate) {
            resolved[template.key] = Resolved(template: template, revision: -1)
        }
    }

    private let builtins: [String: PromptTemplate]
    private let store: any PromptStore

    public init(store: any PromptStore, builtins: [PromptTemplate] = BuiltinPrompts.all) {
        self.store = store
        self.builtins = Dictionary(builtins.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
    }

    public var keys: [String] { builtins.keys.sorted() }

    public func builtin(_ key: String) throws(AppError) -> PromptTemplate {
        guard let builtin = builtins[key] else { throw AppError.notFound("prompt template \(key)") }
        return builtin
    }

    public func resolve(_ key: String, for workspaceID: Identifier<Workspace>) async throws -> Resolved {
        let builtin = try builtin(key)
        return Self.resolved(builtin, newest: try await store.promptRevisions(key: key, in: workspaceID).first)
    }

    /// The workspace's revisions of `key`, newest (active) first; `not_found` for an unknown key.
    public func history(_ key: String, for workspaceID: Identifier<Workspace>) async throws -> [PromptRevision] {
        _ = try builtin(key)
        return try await store.promptRevisions(key: key, in: workspaceID)
    }

    /// Every key's template for the workspace, in one read.
    public func resolveAll(for workspaceID: Identifier<Workspace>) async throws -> Snapshot {
        let active = try await store.activePromptRevisions(in: workspaceID)
        return Snapshot(resolved: builtins.mapValues { Self.resolved($0, newest: active[$0.key]) })
    }

    private static func resolved(_ builtin: PromptTemplate, newest: PromptRevision?) -> Resolved {
        guard let newest, !newest.restoresBuiltin else { return Resolved(template: builtin, revision: 0) }
        return Resolved(template: newest.template, revision: newest.revision)
    }

    /// Saves a workspace override as the next revision (the active one from now on).
    public func saveOverride(
        key: String, system: String, user: String, in workspaceID: Identifier<Workspace>, note: String?, by author: String?
    ) async throws -> PromptRevision {
        let template = try validatedOverride(key: key, system: system, user: user)
        return try await store.addPromptRevision(template, in: workspaceID, note: note, createdBy: author)
    }

    /// An override's template, checked: both texts present, at most 50,000 characters, and only
    /// the built-in template's placeholders (the error names the unknown ones).
    public func validatedOverride(key: String, system: String, user: String) throws(AppError) -> PromptTemplate {
        let builtin = try builtin(key)
        guard !system.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
            !user.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        else { throw AppError.invalid("a prompt override needs both a system and a user text") }
        guard system.count + user.count <= 50_000 else { throw AppError.invalid("a prompt override is at most 50000 characters") }
        let template = PromptTemplate(key: key, version: builtin.version, system: system, user: user)
        let unknown = template.placeholders.filter { !builtin.placeholders.contains($0) }
        guard unknown.isEmpty else {
            throw AppError.invalid(
                "unknown placeholder(s) \(unknown.map { "{{\($0)}}" }.joined(separator: ", ")); "
                    + "\(key) offers \(builtin.placeholders.map { "{{\($0)}}" }.joined(separator: ", "))")
        }
        return template
    }

    /// Makes revision `number` (0 = the built-in template) active again, as a new revision.
    public func rollback(
        key: String, to number: Int, in workspaceID: Identifier<Workspace>, by author: String?
    ) async throws -> PromptRevision {
        let builtin = try builtin(key)
        let template: PromptTemplate
        if number == 0 {
            template = builtin
        } else {
            guard let earlier = try await store.promptRevisions(key: key, in: workspaceID).first(where: { $0.revision == number }) else {
                throw AppError.notFound("revision \(number) of \(key)")
            }
            // Restoring a rollback to the built-in restores the built-in.
            if earlier.restoresBuiltin { return try await rollback(key: key, to: 0, in: workspaceID, by: author) }
            template = earlier.template
        }
        return try await store.addPromptRevision(
            template, in: workspaceID, note: number == 0 ? "restored the built-in template" : "restored revision \(number)",
            createdBy: author, restoredFrom: number)
    }
}
