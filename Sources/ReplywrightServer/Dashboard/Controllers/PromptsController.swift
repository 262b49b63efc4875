import Foundation
import HTTPTypes
import Hummingbird
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

/// Settings → Prompts (admins): every template the model calls render, the active text, its
/// placeholders, an editor for a new override revision and the history with rollback.
struct PromptsController {
    let store: any PromptStore

    func register(on pages: RouterGroup<DashboardRequestContext>) {
        pages.get("/settings/prompts", use: promptsPage)
        pages.get("/settings/prompts/:key", use: promptPage)
        pages.post("/settings/prompts/:key", use: savePrompt)
        pages.post("/settings/prompts/:key/rollback", use: rollbackPrompt)
    }

    var prompts: PromptRegistry { PromptRegistry(store: store) }

    struct PromptForm: Decodable {
        var system, user, note: String?
    }

    struct RevisionForm: Decodable {
        var revision: String?
    }

    @Sendable func promptsPage(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = try context.admin()
        let active = try await prompts.resolveAll(for: user.session.workspaceID)
        let rows = try prompts.keys.map { key in
            let resolved = active(try prompts.builtin(key))
            return ListPage.Prompt(
                key: key, version: resolved.template.version, revision: resolved.revision, builtin: resolved.revision == 0,
                purpose: Self.promptPurposes[key] ?? "")
        }
        return DashboardPage.html("prompts", page: ListPage(prompts: rows), user: user)
    }

    /// Every prompt (`prompts.mustache`).
    struct ListPage: Sendable {
        struct Prompt: Sendable {
            var key: String
            var version, revision: Int
            /// No override: the built-in text is active.
            var builtin: Bool
            var purpose: String
        }

        var prompts: [Prompt]
    }

    /// One prompt (`prompt.mustache`): the active text, its placeholders, the history.
    struct PromptPage: Sendable {
        struct Placeholder: Sendable { var display, meaning: String }
        struct Revision: Sendable {
            var revision: Int
            var active: Bool
            var when, by, note, restored, system, userText: String
        }

        var key: String
        var version, revision: Int
        var builtin: Bool
        var purpose, system, userText: String
        var placeholders: [Placeholder]
        var revisions: [Revision]
        var hasHistory: Bool
        var notice, problem: String?
    }

    @Sendable func promptPage(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = try context.admin()
        return try await renderPrompt(try context.parameters.require("key"), user: user, notice: request.query("notice"))
    }

    /// The page for one key; `typed` keeps what the admin wrote when saving it failed.
    func renderPrompt(
        _ key: String, user: DashboardUser, notice: String? = nil, problem: String? = nil, typed: (system: String, user: String)? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let builtin: PromptTemplate
        do { builtin = try prompts.builtin(key) } catch {
            return DashboardPage.message(
                status: .notFound, heading: "No such prompt", text: "There is no prompt template called \(key).",
                back: "/settings/prompts", user: user)
        }
        let workspaceID = user.session.workspaceID
        let active = try await prompts.resolve(key, for: workspaceID)
        let history = try await prompts.history(key, for: workspaceID)
        let view = PromptPage(
            key: key, version: builtin.version, revision: active.revision, builtin: active.revision == 0,
            purpose: Self.promptPurposes[key] ?? "", system: typed?.system ?? active.template.system,
            userText: typed?.user ?? active.template.user,
            placeholders: builtin.placeholders.map {
                PromptPage.Placeholder(display: "{{\($0)}}", meaning: BuiltinPrompts.placeholderMeanings[$0] ?? "")
            },
            revisions: history.enumerated().map { index, revision in
                PromptPage.Revision(
                    revision: revision.revision, active: index == 0, when: user.time.format(revision.createdAt), by: revision.createdBy ?? "",
                    note: revision.note ?? "",
                    restored: revision.restoredFrom.map { $0 == 0 ? "restores the built-in" : "restores revision \($0)" } ?? "",
                    system: revision.template.system, userText: revision.template.user)
            },
            hasHistory: !history.isEmpty, notice: notice, problem: problem)
        return DashboardPage.html("prompt", page: view, status: status, user: user)
    }

    @Sendable func savePrompt(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = try context.admin()
        let key = try context.parameters.require("key")
        let form = try await request.form(PromptForm.self, context: context)
        let system = form.system ?? ""
        let text = form.user ?? ""
        do {
            let saved = try await prompts.saveOverride(
                key: key, system: system, user: text, in: user.session.workspaceID,
                note: form.note.flatMap { $0.isEmpty ? nil : String($0.prefix(500)) }, by: user.session.email)
            return DashboardPage.redirect("/settings/prompts/\(key)", notice: "Saved as revision \(saved.revision).")
        } catch let error as AppError where error.code == .invalidRequest {
            return try await renderPrompt(key, user: user, problem: error.message, typed: (system, text), status: .badRequest)
        } catch let error as AppError where error.code == .notFound {
            return try await renderPrompt(key, user: user)
        }
    }

    @Sendable func rollbackPrompt(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = try context.admin()
        let key = try context.parameters.require("key")
        guard let number = try await request.form(RevisionForm.self, context: context).revision.flatMap({ Int($0) }), number >= 0 else {
            return try await renderPrompt(key, user: user, problem: "Choose a revision to restore.", status: .badRequest)
        }
        do {
            let restored = try await prompts.rollback(key: key, to: number, in: user.session.workspaceID, by: user.session.email)
            let what = number == 0 ? "the built-in template" : "revision \(number)"
            return DashboardPage.redirect("/settings/prompts/\(key)", notice: "Restored \(what) as revision \(restored.revision).")
        } catch let error as AppError where error.code == .notFound {
            return try await renderPrompt(key, user: user, problem: "There is no revision \(number) to restore.", status: .notFound)
        }
    }

    /// What each template is for, in a line.
    static let promptPurposes: [String: String] = [
        "draft.strategy.email": "Step 1: plans the reply (intent, questions, facts, call to action) as JSON.",
        "draft.variant.email": "Step 2: writes one candidate per archetype from the plan.",
        "draft.boost.email": "Rewrites a winner that failed its checks, with the fixes listed.",
        "refine.edit": "Edits a setter's own text (developmental, line or copy).",
        "overseer.memory": "Finds durable facts in the lead's message for lead memory.",
        "overseer.gate": "Checks a draft before it may be sent: approve, revise or block.",
    ]
}
