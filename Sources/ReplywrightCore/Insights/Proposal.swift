import Foundation

/// A proposed change to one prompt override or one knowledge asset: pending → approved (a
/// workspace admin) → applied (a super-admin), or rejected; every step recorded with who and
/// when. Nothing changes until it is applied, and applying adds a revision that can be rolled
/// back.
public struct Proposal: Sendable, Equatable, Codable, Identifiable {
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        case pending, approved, applied, rejected
    }

    public enum Kind: String, Sendable, Hashable, Codable {
        case prompt, knowledge
    }

    public struct Step: Sendable, Equatable, Codable {
        public var state: State
        public var by: String
        public var at: Date
        public var note: String?
    }

    /// Who acts on a proposal.
    public struct Actor: Sendable, Equatable {
        public var name: String
        public var isAdmin: Bool
        public var isSuperAdmin: Bool

        public init(name: String, isAdmin: Bool, isSuperAdmin: Bool) {
            self.name = name
            self.isAdmin = isAdmin || isSuperAdmin
            self.isSuperAdmin = isSuperAdmin
        }
    }

    public var id: Identifier<Proposal>
    public var workspaceID: Identifier<Workspace>
    public var kind: Kind
    /// The prompt key, or the knowledge asset id (`new` for an asset it adds, until applying
    /// creates it).
    public var target: String
    /// The change: a `DraftTrial`-shaped JSON object (`prompt` or `knowledge`).
    public var change: JSONValue
    public var rationale: String
    public var evalRunID: Identifier<EvalRun>?
    public var state: State
    public var history: [Step]
    /// The revision applying it created.
    public var appliedRevision: Int?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Identifier<Proposal>, workspaceID: Identifier<Workspace>, kind: Kind, target: String, change: JSONValue, rationale: String,
        evalRunID: Identifier<EvalRun>?, createdBy: String, at: Date
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.kind = kind
        self.target = target
        self.change = change
        self.rationale = rationale
        self.evalRunID = evalRunID
        self.state = .pending
        self.history = [Step(state: .pending, by: createdBy, at: at, note: nil)]
        self.appliedRevision = nil
        self.createdAt = at
        self.updatedAt = at
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, target, change, rationale, state, history, appliedRevision, createdAt, updatedAt
        case workspaceID = "workspaceId", evalRunID = "evalRunId"
    }

    /// The proposal moved to `next` by `actor`: `forbidden` for a role that may not, `conflict`
    /// for a move the state machine does not have (an applied proposal is final; roll back its
    /// revision instead).
    public func moved(to next: State, by actor: Actor, at time: Date, note: String? = nil) throws(AppError) -> Proposal {
        switch (state, next) {
        case (.pending, .approved), (.pending, .rejected), (.approved, .rejected):
            guard actor.isAdmin else { throw AppError(.forbidden, "only a workspace admin may approve or reject a proposal") }
        case (.approved, .applied):
            guard actor.isSuperAdmin else { throw AppError(.forbidden, "only a super-admin may apply a proposal") }
        case (.pending, .applied):
            throw AppError(.conflict, "a proposal must be approved before it is applied")
        default:
            throw AppError(.conflict, "a \(state.rawValue) proposal cannot become \(next.rawValue)")
        }
        var copy = self
        copy.state = next
        copy.updatedAt = time
        copy.history.append(Step(state: next, by: actor.name, at: time, note: note.map { String($0.prefix(500)) }))
        return copy
    }
}

/// One version of a knowledge asset, kept when a proposal changes it or a rollback restores it.
public struct KnowledgeRevision: Sendable, Equatable, Codable {
    public var assetID: String
    public var revision: Int
    public var asset: KnowledgeAssetInput
    /// The asset did not exist (a rollback to it deletes the asset).
    public var deleted: Bool
    public var note: String?
    public var author: String?
    public var restoredFrom: Int?
    public var createdAt: Date

    public init(
        assetID: String, revision: Int, asset: KnowledgeAssetInput, deleted: Bool, note: String?, author: String?, restoredFrom: Int?,
        createdAt: Date
    ) {
        self.assetID = assetID
        self.revision = revision
        self.asset = asset
        self.deleted = deleted
        self.note = note
        self.author = author
        self.restoredFrom = restoredFrom
        self.createdAt = createdAt
    }
}
