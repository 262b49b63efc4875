import Foundation

/// Everything an AI step may know about a lead and the workspace, assembled once per step
/// within the step's token budgets. One assembler feeds every step (`Profile`).
///
/// Assets are taken in priority order, each cut at the per-asset budget, and dropped once
/// the knowledge budget is spent; memory entries likewise, newest first. Every profile but
/// `draft` gets redacted text. The stats (never text) go into telemetry.
public struct LeadContextBundle: Sendable, Hashable {
    /// The steps that read a bundle, each with its default budgets (tokens).
    public enum Profile: String, Sendable, Hashable, Codable, CaseIterable {
        case draft
        case autoSendEvaluator = "auto_send_evaluator"
        case meetingOverseerGate = "meeting_overseer_gate"
        case followupParse = "followup_parse"
        case followupBookingGate = "followup_booking_gate"

        public var defaultBudgets: Budgets {
            switch self {
            case .draft: return Budgets(knowledge: 4000, perAsset: 1200, memory: 1200, perEntry: 400)
            case .autoSendEvaluator: return Budgets(knowledge: 8000, perAsset: 1600, memory: 600, perEntry: 300)
            case .meetingOverseerGate: return Budgets(knowledge: 0, perAsset: 0, memory: 600, perEntry: 300)
            case .followupParse: return Budgets(knowledge: 0, perAsset: 0, memory: 400, perEntry: 200)
            case .followupBookingGate: return Budgets(knowledge: 0, perAsset: 0, memory: 600, perEntry: 300)
            }
        }

        /// Only the drafting step sees personal data unredacted (it writes to the lead).
        public var redacts: Bool { self != .draft }
    }

    public struct Budgets: Sendable, Hashable, Codable {
        public var knowledge: Int
        public var perAsset: Int
        public var memory: Int
        public var perEntry: Int

        public init(knowledge: Int, perAsset: Int, memory: Int, perEntry: Int) {
            self.knowledge = knowledge
            self.perAsset = perAsset
            self.memory = memory
            self.perEntry = perEntry
        }
    }

    public struct Item: Sendable, Hashable {
        public var title: String
        public var text: String
        public var truncated: Bool

        public init(title: String, text: String, truncated: Bool) {
            self.title = title
            self.text = text
            self.truncated = truncated
        }
    }

    /// Counts only, for telemetry metadata.
    public struct Stats: Sendable, Hashable {
        public var assetsIncluded = 0
        public var assetsTruncated = 0
        public var assetsDropped = 0
        public var memoryIncluded = 0
        public var memoryDropped = 0
        public var redactions = 0
        public var knowledgeTokens = 0
        public var memoryTokens = 0

        /// Each `metadata` key in words, in reading order (the dashboard's lead page).
        public static let descriptions: [(key: String, text: String)] = [
            ("bundle_assets", "knowledge assets included"), ("bundle_assets_truncated", "assets truncated"),
            ("bundle_assets_dropped", "assets left out (budget)"), ("bundle_memory", "memory entries included"),
            ("bundle_memory_dropped", "memory entries left out"), ("bundle_redactions", "redactions"),
            ("bundle_tokens", "tokens of context"),
        ]

        public var metadata: [String: Double] {
            [
                "bundle_assets": Double(assetsIncluded), "bundle_assets_truncated": Double(assetsTruncated),
                "bundle_assets_dropped": Double(assetsDropped), "bundle_memory": Double(memoryIncluded),
                "bundle_memory_dropped": Double(memoryDropped), "bundle_redactions": Double(redactions),
                "bundle_tokens": Double(knowledgeTokens + memoryTokens),
            ]
        }
    }

    public var profile: Profile
    public var knowledge: [Item]
    public var memory: [Item]
    /// The primary website, passed on its own.
    public var websiteURL: String?
    public var stats: Stats

    /// An empty bundle (the toggle or the kill-switch is off).
    public static func disabled(_ profile: Profile) -> LeadContextBundle {
        LeadContextBundle(profile: profile, knowledge: [], memory: [], websiteURL: nil, stats: Stats())
    }

    /// `query`: the message being answered. With one, knowledge is packed passage by passage,
    /// most relevant first (BM25, `KnowledgeRetriever`), so the budget holds what answers the
    /// message rather than whichever assets come first; the rest follow in priority order.
    public static func assemble(
        _ profile: Profile, budgets: Budgets? = nil, assets: [KnowledgeAsset], memory: [LeadMemoryEntry], lead: Lead, now: Date,
        query: String? = nil
    ) -> LeadContextBundle {
        let budgets = budgets ?? profile.defaultBudgets
        let redactor = Redactor(lead: lead)
        var stats = Stats()
        func prepare(_ text: String) -> String {
            guard profile.redacts else { return text }
            let (redacted, counts) = redactor.redact(text)
            stats.redactions += counts.total
            return redacted
        }

        let ordered = assets.filter { $0.kind != .primaryWebsite }
            .sorted { ($0.priority, $0.createdAt, $0.id.rawValue) < ($1.priority, $1.createdAt, $1.id.rawValue) }
        let prepared = ordered.map { (title: $0.title, text: prepare($0.content)) }
        let knowledge: [Item]
        if let query, !query.isEmpty {
            let packed = fillByRelevance(prepared, query: query, perAsset: budgets.perAsset, total: budgets.knowledge)
            knowledge = packed.items
            stats.assetsIncluded = packed.items.count
            stats.assetsTruncated = packed.items.filter(\.truncated).count
            stats.assetsDropped = prepared.count - packed.items.count
            stats.knowledgeTokens = packed.tokens
        } else {
            let packed = fill(prepared, perItem: budgets.perAsset, total: budgets.knowledge)
            knowledge = packed.items
            stats.assetsIncluded = packed.items.count
            stats.assetsTruncated = packed.items.filter(\.truncated).count
            stats.assetsDropped = packed.dropped
            stats.knowledgeTokens = packed.tokens
        }

        let live = memory.filter { $0.expiresAt > now }.sorted { $0.createdAt > $1.createdAt }
        let remembered = fill(live.map { ($0.category, prepare($0.text)) }, perItem: budgets.perEntry, total: budgets.memory)
        stats.memoryIncluded = remembered.items.count
        stats.memoryDropped = remembered.dropped
        stats.memoryTokens = remembered.tokens
        let website = assets.filter { $0.kind == .primaryWebsite }.min { $0.priority < $1.priority }?.content
        return LeadContextBundle(profile: profile, knowledge: knowledge, memory: remembered.items, websiteURL: website, stats: stats)
    }

    /// Passages of all assets, the most relevant to `query` first, then the rest in priority
    /// order; each asset at most `perAsset` tokens, all at most `total`. Passages of one asset
    /// are joined back into one item per asset, in the asset's own order.
    static func fillByRelevance(
        _ assets: [(title: String, text: String)], query: String, perAsset: Int, total: Int
    ) -> (items: [Item], tokens: Int) {
        let passages = assets.flatMap { asset in KnowledgeRetriever.split(asset.text).map { (title: asset.title, text: $0) } }
        let retriever = KnowledgeRetriever(assets.map { Item(title: $0.title, text: $0.text, truncated: false) })
        let ranked = retriever.rank(query, limit: passages.count).map(\.passage)
        let order =
            ranked.map { ($0.asset, $0.text) }
            + passages.map { ($0.title, $0.text) }
            .filter { passage in !ranked.contains { $0.asset == passage.0 && $0.text == passage.1 } }
        var taken: [String: [String]] = [:]
        var perAssetUsed: [String: Int] = [:]
        var used = 0
        var partial = Set<String>()
        for (title, text) in order {
            let tokens = TokenEstimate.of(text)
            guard used + tokens <= total, perAssetUsed[title, default: 0] + tokens <= perAsset else {
                partial.insert(title)
                continue
            }
            taken[title, default: []].append(text)
            perAssetUsed[title, default: 0] += tokens
            used += tokens
        }
        // Back in the assets' order, each asset's passages in its own order.
        let items = assets.compactMap { asset -> Item? in
            guard let chosen = taken[asset.title] else { return nil }
            let kept = KnowledgeRetriever.split(asset.text).filter(chosen.contains)
            return Item(title: asset.title, text: kept.joined(separator: "\n"), truncated: partial.contains(asset.title))
        }
        return (items, used)
    }

    /// Takes items in order, each cut to `perItem` tokens, while the `total` budget lasts;
    /// an item that no longer fits is dropped (a later, smaller one may still fit).
    static func fill(_ texts: [(title: String, text: String)], perItem: Int, total: Int) -> (items: [Item], dropped: Int, tokens: Int) {
        var items: [Item] = []
        var dropped = 0
        var used = 0
        for (title, full) in texts {
            let (text, truncated) = TokenEstimate.truncate(full, toBudget: perItem)
            let tokens = TokenEstimate.of(text)
            guard !text.isEmpty, used + tokens <= total else {
                dropped += 1
                continue
            }
            items.append(Item(title: title, text: text, truncated: truncated))
            used += tokens
        }
        return (items, dropped, used)
    }

    /// The knowledge as prompt text.
    public var knowledgeText: String {
        knowledge.map { "## \($0.title)\n\($0.text)" }.joined(separator: "\n\n")
    }

    public var memoryText: String {
        memory.map { "- (\($0.title)) \($0.text)" }.joined(separator: "\n")
    }

    /// Knowledge sentences, whole ones only, that mention any of `keywords` (all of them when
    /// `nil`), for the rules tier's facts.
    public func sentences(mentioning keywords: [String]? = nil) -> [String] {
        knowledge.flatMap { item in
            item.text.split(whereSeparator: { ".!?\n".contains($0) })
                .map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { sentence in
                    let lowered = sentence.lowercased()
                    return sentence.count > 10 && !sentence.hasSuffix("…") && (keywords?.contains { lowered.contains($0) } ?? true)
                }
                .map { $0 + "." }
        }
    }
}
