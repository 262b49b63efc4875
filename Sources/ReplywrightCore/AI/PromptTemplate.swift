import Foundation

/// A prompt template: a key such as `draft.strategy.email` plus a version, and text with
/// `{{placeholders}}`. Built-in templates ship with the code; workspaces override them with
/// revisions (`PromptRevision`).
public struct PromptTemplate: Sendable, Equatable, Codable {
    public var key: String
    public var version: Int
    public var system: String
    public var user: String

    public init(key: String, version: Int, system: String, user: String) {
        self.key = key
        self.version = version
        self.system = system
        self.user = user
    }

    /// `draft.strategy.email.v1`: how templates are named in telemetry and the API.
    public var versionedKey: String { "\(key).v\(version)" }

    /// The placeholder names used, in order of first appearance.
    public var placeholders: [String] {
        var seen: [String] = []
        for text in [system, user] {
            for name in Self.placeholderNames(in: text) where !seen.contains(name) { seen.append(name) }
        }
        return seen
    }

    /// Fills `{{name}}` placeholders; unknown names are left as an empty string.
    public func render(_ values: [String: String]) -> (system: String, user: String) {
        (Self.fill(system, values), Self.fill(user, values))
    }

    static func placeholderNames(in text: String) -> [String] {
        var names: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            names.append(rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces))
            rest = rest[close.upperBound...]
        }
        return names
    }

    static func fill(_ text: String, _ values: [String: String]) -> String {
        var output = ""
        var rest = text[...]
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            output += rest[..<open.lowerBound]
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            output += values[name] ?? ""
            rest = rest[close.upperBound...]
        }
        return output + rest
    }
}

/// A workspace's override of a built-in template. Revisions are numbered per workspace and
/// key and never change; the newest one is active. A rollback adds a revision that restores
/// an earlier one (`restoredFrom`), or the built-in template (`restoredFrom == 0`: the
/// built-in text is what is sent, and it reports revision 0).
public struct PromptRevision: Sendable, Equatable, Codable {
    public var id: Identifier<PromptRevision>
    public var workspaceID: Identifier<Workspace>
    public var key: String
    /// 1, 2, 3… per workspace and key.
    public var revision: Int
    public var template: PromptTemplate
    public var note: String?
    public var createdBy: String?
    /// The revision this one restored (0 = the built-in template), when it is a rollback.
    public var restoredFrom: Int?
    public var createdAt: Date

    public init(
        id: Identifier<PromptRevision>, workspaceID: Identifier<Workspace>, key: String, revision: Int,
        template: PromptTemplate, note: String?, createdBy: String?, restoredFrom: Int? = nil, createdAt: Date
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.key = key
        self.revision = revision
        self.template = template
        self.note = note
        self.createdBy = createdBy
        self.restoredFrom = restoredFrom
        self.createdAt = createdAt
    }

    /// A rollback to the built-in template: the workspace sends the built-in text again.
    public var restoresBuiltin: Bool { restoredFrom == 0 }
}
