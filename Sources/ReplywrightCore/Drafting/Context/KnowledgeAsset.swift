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
    /// Where the material is online (a one-pager, a deck): sent to a lead who asks for it.
    public var url: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Identifier<KnowledgeAsset>, workspaceID: Identifier<Workspace>, kind: Kind, title: String, content: String, priority: Int,
        url: String? = nil, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.kind = kind
        self.title = title
        self.content = content
        self.priority = priority
        self.url = url
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The asset that is the material a lead asked for ("one-pager", "case study", "deck"): its
    /// title names it, or (a case study) its kind is one.
    public static func material(_ name: String, in assets: [KnowledgeAsset]) -> KnowledgeAsset? {
        let key = name.lowercased().replacingOccurrences(of: "-", with: " ")
        func names(_ asset: KnowledgeAsset) -> Bool {
            asset.title.lowercased().replacingOccurrences(of: "-", with: " ").contains(key) || (key == "case study" && asset.kind == .caseStudy)
        }
        return assets.filter(names).min { ($0.url == nil ? 1 : 0, $0.priority) < ($1.url == nil ? 1 : 0, $1.priority) }
    }
}

/// The fields of a new or changed asset, validated.
public struct KnowledgeAssetInput: Sendable, Hashable, Codable {
    public var kind: KnowledgeAsset.Kind
    public var title: String
    public var content: String
    public var priority: Int
    public var url: String?

    public init(kind: KnowledgeAsset.Kind, title: String, content: String, priority: Int = 100, url: String? = nil) {
        self.kind = kind
        self.title = title
        self.content = content
        self.priority = priority
        self.url = url
    }

    /// Trimmed and checked; the error names the field.
    public func validated() throws(AppError) -> KnowledgeAssetInput {
        var input = self
        input.title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        input.content = content.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !input.title.isEmpty, input.title.count <= 200 else { throw .invalid("title: 1 to 200 characters") }
        guard !input.content.isEmpty, input.content.count <= 100_000 else { throw .invalid("content: 1 to 100000 characters") }
        guard (0...10_000).contains(priority) else { throw .invalid("priority: 0 to 10000") }
        input.url = url?.trimmingCharacters(in: .whitespacesAndNewlines)
        if input.url?.isEmpty == true { input.url = nil }
        if let link = input.url {
            guard let parsed = URL(string: link), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil, link.count <= 2_000 else {
                throw .invalid("url: an http(s) link to the material, such as https://acme.example/one-pager.pdf")
            }
        }
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
