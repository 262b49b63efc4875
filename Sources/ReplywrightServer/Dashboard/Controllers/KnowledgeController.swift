import Foundation
import HTTPTypes
import Hummingbird
import ReplywrightCore
import ReplywrightStore

/// Settings → Knowledge (admins): what drafts may say about the product: list, add, edit and
/// delete assets of each kind, with what was typed kept when a save is refused.
struct KnowledgeController {
    /// The API's field names as the page labels them ("url: …" → "Link: …").
    static let labels: [(name: String, label: String)] = [("url:", "Link:")]

    let store: any KnowledgeStore

    func register(on pages: RouterGroup<DashboardRequestContext>) {
        pages.get("/settings/knowledge", use: list)
        pages.post("/settings/knowledge", use: create)
        pages.get("/settings/knowledge/:id", use: edit)
        pages.post("/settings/knowledge/:id", use: update)
        pages.post("/settings/knowledge/:id/delete", use: delete)
    }

    struct AssetForm: Decodable {
        var kind, title, content, priority, url: String?

        func input() throws(AppError) -> KnowledgeAssetInput {
            guard let kind = kind.flatMap(KnowledgeAsset.Kind.init(rawValue:)) else { throw AppError.invalid("choose the kind of knowledge") }
            guard let priority = Int((priority ?? "100").trimmingCharacters(in: .whitespaces)) else {
                throw AppError.invalid("priority: a whole number from 0 to 10000")
            }
            return try KnowledgeAssetInput(kind: kind, title: title ?? "", content: content ?? "", priority: priority, url: url).validated()
        }
    }

    static let kindWords: [KnowledgeAsset.Kind: String] = [
        .document: "document", .faq: "FAQ", .pricing: "pricing", .caseStudy: "case study", .primaryWebsite: "website (a URL)",
    ]

    func page(
        _ user: DashboardUser, editing: KnowledgeAsset? = nil, typed: AssetForm? = nil, notice: String? = nil, problem: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let assets = try await store.knowledgeAssets(in: user.workspaceID)
        let kind = typed?.kind ?? editing?.kind.rawValue ?? KnowledgeAsset.Kind.faq.rawValue
        let view = Page(
            assets: assets.map { asset in
                Page.Asset(
                    id: asset.id.rawValue, title: asset.title, kind: Self.kindWords[asset.kind] ?? asset.kind.rawValue,
                    priority: asset.priority, size: asset.content.count, updated: user.time.format(asset.updatedAt),
                    editing: asset.id == editing?.id)
            },
            hasAssets: !assets.isEmpty,
            kinds: KnowledgeAsset.Kind.allCases.map {
                DashboardPage.Option(value: $0.rawValue, label: Self.kindWords[$0] ?? $0.rawValue, selected: $0.rawValue == kind)
            },
            title: typed?.title ?? editing?.title ?? "", content: typed?.content ?? editing?.content ?? "",
            url: typed?.url ?? editing?.url ?? "",
            priority: typed?.priority ?? editing.map { String($0.priority) } ?? "100",
            action: editing.map { "/settings/knowledge/\($0.id.rawValue)" } ?? "/settings/knowledge",
            heading: editing == nil ? "Add knowledge" : "Edit “\(editing?.title ?? "")”", editingId: editing?.id.rawValue,
            notice: notice, problem: problem)
        return DashboardPage.html("knowledge", page: view, status: status, user: user)
    }

    /// The knowledge page (`knowledge.mustache`): the list and the add or edit form.
    struct Page: Sendable {
        struct Asset: Sendable {
            var id, title, kind: String
            var priority, size: Int
            var updated: String
            var editing: Bool
        }

        var assets: [Asset]
        var hasAssets: Bool
        var kinds: [DashboardPage.Option]
        /// The form's fields: what was typed, the asset being edited, or a new one's defaults.
        var title, content, url, priority, action, heading: String
        var editingId: String?
        var notice, problem: String?
    }

    @Sendable func list(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        try await page(try context.admin(), notice: request.query("notice"))
    }

    @Sendable func edit(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = try context.admin()
        return try await page(user, editing: try await store.knowledgeAsset(Identifier(try context.parameters.require("id")), in: user.workspaceID))
    }

    @Sendable func create(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = try context.admin()
        let form = try await request.form(AssetForm.self, context: context)
        do {
            let asset = try await store.createKnowledgeAsset(try form.input(), in: user.workspaceID)
            return DashboardPage.redirect("/settings/knowledge", notice: "Added “\(asset.title)”. New drafts use it.")
        } catch let error as AppError where error.code == .invalidRequest {
            return try await page(user, typed: form, problem: DashboardPage.plainWords(error.message, labels: Self.labels), status: .badRequest)
        }
    }

    @Sendable func update(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = try context.admin()
        let asset = try await store.knowledgeAsset(Identifier(try context.parameters.require("id")), in: user.workspaceID)
        let form = try await request.form(AssetForm.self, context: context)
        do {
            let saved = try await store.updateKnowledgeAsset(asset.id, with: try form.input(), in: user.workspaceID)
            return DashboardPage.redirect("/settings/knowledge", notice: "Saved “\(saved.title)”.")
        } catch let error as AppError where error.code == .invalidRequest {
            return try await page(
                user, editing: asset, typed: form, problem: DashboardPage.plainWords(error.message, labels: Self.labels), status: .badRequest)
        }
    }

    @Sendable func delete(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = try context.admin()
        let asset = try await store.knowledgeAsset(Identifier(try context.parameters.require("id")), in: user.workspaceID)
        try await store.deleteKnowledgeAsset(asset.id, in: user.workspaceID)
        return DashboardPage.redirect("/settings/knowledge", notice: "Deleted “\(asset.title)”.")
    }
}
