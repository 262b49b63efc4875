import Foundation

/// Something the workspace knows and drafts may use: product facts, pricing, FAQs, case
/// studies. The primary website URL is an asset too, but it is passed to steps on its own,
/// never mixed into the knowledge context.
public struct KnowledgeAsset: Sendable, Hashable, Codable, Identifiable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case document
        case faq
        case pricing
        case caseStudy = "case_study"
        /// The company's main website; `content` is the URL.
        case primaryWebsite = "primary_website"
    }

    public var id: Identifier<KnowledgeAsset>
    public var workspaceID: Identifier<Workspace>
    public var kind: Kind
    public var title: String
    public var content: String
    /// Lower comes first when the budget cannot hold everything.
    public var priority: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Identifier<KnowledgeAsset>, workspaceID: Identifier<Workspace>, kind: Kind, title: String, content: String, priority: Int,
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.kind = kind
        self.title = title
        self.content = content
        self.priority = priority
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// The fields of a new or changed asset, validated.
public struct KnowledgeAssetInput: Sendable, Hashable, Codable {
    public var kind: KnowledgeAsset.Kind
    public var title: String
    public var content: String
    public var priority: Int

    public init(kind: KnowledgeAsset.Kind, title: String, content: String, priority: Int = 100) {
        self.kind = kind
        self.title = title
        self.content = content
        self.priority = priority
    }

    /// Trimmed and checked; the error names the field.
    public func validated() throws(AppError) -> KnowledgeAssetInput {
        var input = self
        input.title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        input.content = content.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !input.title.isEmpty, input.title.count <= 200 else { throw .invalid("title: 1 to 200 characters") }
        guard !input.content.isEmpty, input.content.count <= 100_000 else { throw .invalid("content: 1 to 100000 characters") }
        guard (0...10_000).contains(priority) else { throw .invalid("priority: 0 to 10000") }
        if kind == .primaryWebsite {
            guard let url = URL(string: input.content), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw .invalid("content: a primary_website asset is an http(s) URL")
            }
        }
        return input
    }
}

/// A durable fact about a lead ("prefers mornings", "don't contact before March"), kept 90
/// days. Written by the memory step (C3); read by every drafting step through the bundle.
public struct LeadMemoryEntry: Sendable, Hashable, Codable, Identifiable {
    public var id: Identifier<LeadMemoryEntry>
    public var leadID: Identifier<Lead>
    public var category: String
    public var text: String
    /// Machine-readable part for the overseer (an interval, a zone, a date), when there is one.
    public var detail: JSONValue?
    public var expiresAt: Date
    public var createdAt: Date

    public init(
        id: Identifier<LeadMemoryEntry>, leadID: Identifier<Lead>, category: String, text: String, detail: JSONValue? = nil,
        expiresAt: Date, createdAt: Date
    ) {
        self.id = id
        self.leadID = leadID
        self.category = category
        self.text = text
        self.detail = detail
        self.expiresAt = expiresAt
        self.createdAt = createdAt
    }
}
