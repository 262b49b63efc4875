import Foundation
import HTTPTypes
import Hummingbird
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

/// Settings (admins): drafting and sending, and the workspace's API keys. The context bundle's
/// switch and budgets are super-admin controls (the install's kill-switch still wins).
struct SettingsController {
    let store: any PolicyStore & SettingsStore & TenancyStore & WebhookSecretStore
    let drafting: DraftingConfiguration
    /// Whether this install delivers sends itself (a transport is configured).
    let delivers: Bool
    /// Forgets the workspace's cached time zone when the settings change it.
    let zones: WorkspaceZones
    /// The provider's models: offered in the model field and checked before a new one is saved.
    let models: ProviderModels

    func register(on pages: RouterGroup<DashboardRequestContext>) {
        pages.get("/settings", use: settingsPage)
        pages.post("/settings", use: saveSettings)
        pages.post("/settings/keys", use: createKey)
        pages.post("/settings/keys/:id/revoke", use: revokeKey)
        pages.post("/settings/webhook-secret", use: rotateSecret)
        pages.post("/settings/webhook-secret/revoke", use: revokeSecret)
    }

    /// The settings form as posted, every field as typed: a refused save shows the page again
    /// with exactly this, so nothing typed is lost.
    struct SettingsForm: Decodable {
        var model, effort, variants, budgetSeconds, senderName, signature: String?
        var archetypes: [String]?
        var contextBundle, knowledgeBudget, perAssetBudget, memoryBudget, perEntryBudget: String?
        var autoSend, autoSendThreshold, blockedDomains, timeZone, bookingLink, bookingHours, slotMinutes, slotShare: String?
        var closeNotInterested, scheduleFollowUps: String?

        init(_ drafting: DraftingSettings, _ policy: PolicySettings) {
            model = drafting.model ?? ""
            effort = drafting.effort ?? ""
            variants = String(drafting.variants)
            budgetSeconds = String(drafting.budgetSeconds)
            senderName = drafting.senderName ?? ""
            signature = drafting.signature ?? ""
            archetypes = drafting.archetypes ?? ArchetypeCatalog.standard.map(\.id)
            contextBundle = drafting.contextBundle ? "on" : nil
            knowledgeBudget = String(drafting.knowledgeBudget)
            perAssetBudget = String(drafting.perAssetBudget)
            memoryBudget = String(drafting.memoryBudget)
            perEntryBudget = String(drafting.perEntryBudget)
            autoSend = policy.autoSend ? "on" : nil
            autoSendThreshold = String(policy.autoSendThreshold)
            blockedDomains = policy.blockedDomains.joined(separator: ", ")
            timeZone = policy.timeZone
            bookingLink = policy.booking.link ?? ""
            bookingHours = policy.booking.hours
            slotMinutes = String(policy.booking.slotMinutes)
            slotShare = String(policy.booking.slotShare)
            closeNotInterested = policy.closeNotInterested ? "on" : nil
            scheduleFollowUps = policy.scheduleFollowUps ? "on" : nil
        }

        /// The settings this form asks for, over the stored ones; the bundle's fields only
        /// from a super-admin (anyone else's are ignored, as the page does not offer them).
        func settings(over drafting: DraftingSettings, _ policy: PolicySettings, bundle: Bool) throws(AppError)
            -> (DraftingSettings, PolicySettings)
        {
            func whole(_ text: String?, _ field: String) throws(AppError) -> Int {
                guard let value = Int((text ?? "").trimmingCharacters(in: .whitespaces)) else {
                    throw AppError.invalid("\(field): a whole number")
                }
                return value
            }
            var drafting = drafting
            drafting.model = model.flatMap { $0.isEmpty ? nil : $0 }
            drafting.effort = effort.flatMap { $0.isEmpty ? nil : $0 }
            drafting.variants = try whole(variants, "variants")
            drafting.budgetSeconds = try whole(budgetSeconds, "budgetSeconds")
            drafting.senderName = senderName
            drafting.signature = signature
            if bundle {
                drafting.contextBundle = contextBundle == "on"
                for budget in SettingsController.tokenBudgets {
                    drafting[keyPath: budget.setting] = try whole(self[keyPath: budget.form], budget.field)
                }
            }
            // All archetypes checked means "all" (new archetypes included).
            let chosen = ArchetypeCatalog.standard.map(\.id).filter { (archetypes ?? []).contains($0) }
            drafting.archetypes = chosen.count == ArchetypeCatalog.standard.count ? nil : chosen
            guard let threshold = Double((autoSendThreshold ?? "").trimmingCharacters(in: .whitespaces)) else {
                throw AppError.invalid("autoSendThreshold: a number from 0 to 1")
            }
            let booking = BookingSettings(
                link: bookingLink ?? policy.booking.link, hours: bookingHours ?? policy.booking.hours,
                slotMinutes: try slotMinutes.map { (text: String) throws(AppError) in try whole(text, "booking.slotMinutes") }
                    ?? policy.booking.slotMinutes,
                slotShare: try slotShare.map { (text: String) throws(AppError) in try whole(text, "booking.slotShare") }
                    ?? policy.booking.slotShare)
            let newPolicy = PolicySettings(
                autoSend: autoSend == "on", autoSendThreshold: threshold,
                blockedDomains: (blockedDomains ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
                timeZone: timeZone ?? policy.timeZone, gateTimeoutSeconds: policy.gateTimeoutSeconds, booking: booking,
                closeNotInterested: closeNotInterested == "on", scheduleFollowUps: scheduleFollowUps == "on")
            return (try drafting.validated(), try newPolicy.validated())
        }
    }

    /// The context bundle's token budgets as form fields.
    static var tokenBudgets: [(field: String, label: String, setting: WritableKeyPath<DraftingSettings, Int>, form: KeyPath<SettingsForm, String?>)] {
        [
            ("knowledgeBudget", "Knowledge, all assets", \.knowledgeBudget, \.knowledgeBudget),
            ("perAssetBudget", "Knowledge, per asset", \.perAssetBudget, \.perAssetBudget),
            ("memoryBudget", "Lead memory, all entries", \.memoryBudget, \.memoryBudget),
            ("perEntryBudget", "Lead memory, per entry", \.perEntryBudget, \.perEntryBudget),
        ]
    }

    /// The settings' API names as the page labels them, for messages in plain words.
    static let labels: [(name: String, label: String)] = [
        ("booking.slotMinutes", "Meeting length"), ("booking.slotShare", "Leads per offered slot"), ("booking.link", "Scheduling link"),
        ("booking.hours", "Meeting hours"),
        ("autoSendThreshold", "Auto-send threshold"), ("budgetSeconds", "Budget (seconds)"), ("variants", "Variants per draft"),
        ("knowledgeBudget", "Knowledge, all assets"), ("perAssetBudget", "Knowledge, per asset"), ("memoryBudget", "Lead memory, all entries"),
        ("perEntryBudget", "Lead memory, per entry"), ("senderName", "Sender name"), ("signature", "Signature"), ("timeZone", "Time zone"),
        ("blockedDomains", "Blocked domains"), ("archetypes", "Archetypes"), ("model", "Model"),
    ]

    /// "budgetSeconds: 5 to 300" → "Budget (seconds): 5 to 300."
    static func plainWords(_ message: String) -> String {
        DashboardPage.plainWords(message.replacingOccurrences(of: ", or null for all", with: ""), labels: labels)
    }

    @Sendable func settingsPage(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        try await renderSettings(try context.admin(), notice: request.query("notice"), warning: request.query("warning"))
    }

    func storedSettings(_ workspaceID: Identifier<Workspace>) async throws -> (DraftingSettings, PolicySettings) {
        (try await store.draftingSettings(in: workspaceID) ?? drafting.settings, try await store.policySettings(in: workspaceID))
    }

    func renderSettings(
        _ user: DashboardUser, typed: SettingsForm? = nil, notice: String? = nil, warning: String? = nil, problem: String? = nil,
        newKey: String? = nil, newSecret: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let (stored, policy) = try await storedSettings(user.workspaceID)
        let form = typed ?? SettingsForm(stored, policy)
        let effective = drafting.applying(stored)
        let zone = form.timeZone ?? policy.timeZone
        let offered = await models.models() ?? []
        let view = Page(
            model: form.model ?? "", variants: form.variants ?? "", budgetSeconds: form.budgetSeconds ?? "",
            coercions: effective.coercions, senderName: form.senderName ?? "", signature: form.signature ?? "",
            canTuneBundle: user.superAdmin, contextBundle: form.contextBundle == "on",
            bundleOff: stored.contextBundle && !effective.configuration.contextBundle,
            tokenBudgets: Self.tokenBudgets.map { Page.Budget(name: $0.field, label: $0.label, value: form[keyPath: $0.form] ?? "") },
            efforts: Self.effortChoices(stored: form.effort.flatMap { $0.isEmpty ? nil : $0 }, offered: effective.efforts.map(\.rawValue)),
            hasModel: effective.configuration.model != nil,
            archetypes: ArchetypeCatalog.standard.map { archetype in
                Page.Archetype(id: archetype.id, name: archetype.name, checked: (form.archetypes ?? []).contains(archetype.id))
            },
            autoSend: form.autoSend == "on", autoSendThreshold: form.autoSendThreshold ?? "", blockedDomains: form.blockedDomains ?? "",
            zones: DashboardTime.zoneChoices(selected: zone), bookingLink: form.bookingLink ?? "", bookingHours: form.bookingHours ?? "",
            slotMinutes: form.slotMinutes ?? "", slotShare: form.slotShare ?? "", closeNotInterested: form.closeNotInterested == "on",
            scheduleFollowUps: form.scheduleFollowUps == "on",
            keys: try await store.apiKeys(in: user.workspaceID).map { key in
                Page.Key(
                    id: key.id.rawValue, name: key.name, prefix: key.prefix, role: key.role.rawValue, created: user.time.format(key.createdAt),
                    revoked: key.revokedAt != nil, lastUsed: key.lastUsedAt.map(user.time.format) ?? "never")
            },
            offeredModels: offered, hasOfferedModels: !offered.isEmpty, notice: notice, warning: warning, problem: problem,
            newKey: newKey, newSecret: newSecret, signed: try await store.webhookSecret(in: user.workspaceID) != nil,
            delivers: delivers)
        return DashboardPage.html("settings", page: view, status: status, user: user)
    }

    /// The settings page (`settings.mustache`): every field as typed or stored, as text.
    struct Page: Sendable {
        struct Budget: Sendable { var name, label, value: String }
        struct Archetype: Sendable {
            var id, name: String
            var checked: Bool
        }

        struct Key: Sendable {
            var id, name, prefix, role, created: String
            var revoked: Bool
            var lastUsed: String
        }

        var model, variants, budgetSeconds: String
        /// How the chosen model changed what was asked ("effort high is not offered: medium").
        var coercions: [String]
        var senderName, signature: String
        /// Super-admins only: the context bundle and its budgets.
        var canTuneBundle, contextBundle: Bool
        /// On here, but the environment's kill-switch keeps it off.
        var bundleOff: Bool
        var tokenBudgets: [Budget]
        var efforts: [DashboardPage.Option]
        var hasModel: Bool
        var archetypes: [Archetype]
        var autoSend: Bool
        var autoSendThreshold, blockedDomains: String
        var zones: [DashboardPage.Option]
        var bookingLink, bookingHours, slotMinutes, slotShare: String
        var closeNotInterested, scheduleFollowUps: Bool
        var keys: [Key]
        /// The provider's models, for the model field's suggestions.
        var offeredModels: [String]
        var hasOfferedModels: Bool
        var notice, warning, problem: String?
        /// Shown once: a new API key, a new webhook secret.
        var newKey, newSecret: String?
        /// Whether inbound webhooks must be signed (a secret exists).
        var signed: Bool
        var delivers: Bool
    }

    /// The model's default, then the efforts the model takes; a stored effort it does not take
    /// stays selectable (marked) so that saving the form does not change it by accident.
    static func effortChoices(stored: String?, offered: [String]) -> [DashboardPage.Option] {
        var choices = [DashboardPage.Option(value: "", label: "model default", selected: stored == nil)]
        choices += offered.map { DashboardPage.Option(value: $0, label: $0, selected: $0 == stored) }
        if let stored, !offered.contains(stored) {
            choices.append(DashboardPage.Option(value: stored, label: "\(stored) (not for this model)", selected: true))
        }
        return choices
    }

    @Sendable func saveSettings(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = try context.admin()
        let form = try await request.form(SettingsForm.self, context: context)
        let (stored, policy) = try await storedSettings(user.workspaceID)
        var warning: String?
        do {
            let (drafting, policy) = try form.settings(over: stored, policy, bundle: user.superAdmin)
            if let model = drafting.model, model != stored.model {
                switch await models.check(model) {
                case .listed, .noProvider: break
                case .unlisted(let nearest):
                    // In the page's words already (a model's id must not pass through the label names).
                    let hint = nearest.isEmpty ? "" : " Did you mean \(nearest.joined(separator: " or "))?"
                    return try await renderSettings(
                        user, typed: form, problem: "Model: the provider does not offer \u{201C}\(model)\u{201D}.\(hint)",
                        status: .badRequest)
                case .unchecked(let reason):
                    warning =
                        "Saved. The model was not checked against the provider's list, which could not be read: \(reason). "
                        + "If the provider refuses the model, drafts are written by the rules tier."
                }
            }
            _ = try await store.saveDraftingSettings(drafting, in: user.workspaceID)
            _ = try await store.savePolicySettings(policy, in: user.workspaceID)
            zones.forget(user.workspaceID)
        } catch let error as AppError where error.code == .invalidRequest {
            return try await renderSettings(user, typed: form, problem: Self.plainWords(error.message), status: .badRequest)
        }
        return warning.map { DashboardPage.redirect("/settings", warning: $0) } ?? DashboardPage.redirect("/settings", notice: "Saved.")
    }

    struct KeyForm: Decodable {
        var name: String?
        var role: String?
    }

    @Sendable func createKey(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = try context.admin()
        let form = try await request.form(KeyForm.self, context: context)
        let name = (form.name ?? "").trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 100 else {
            return try await renderSettings(user, problem: "Give the key a name (up to 100 characters).", status: .badRequest)
        }
        let role = form.role.flatMap(WorkspaceRole.init(rawValue:)) ?? .setter
        let issued = try await store.issueAPIKey(for: user.workspaceID, name: name, role: role)
        return try await renderSettings(user, notice: "Key created. Copy it now: it is not shown again.", newKey: issued.secret)
    }

    /// A new webhook signing secret (the old one stops working at once), shown once.
    @Sendable func rotateSecret(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = try context.admin()
        let secret = WebhookSignature.newSecret()
        try await store.setWebhookSecret(secret, in: user.workspaceID)
        return try await renderSettings(
            user, notice: "New webhook secret. Put it in your sending platform now: it is not shown again.",
            newSecret: secret)
    }

    @Sendable func revokeSecret(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = try context.admin()
        try await store.setWebhookSecret(nil, in: user.workspaceID)
        return DashboardPage.redirect("/settings", notice: "Webhook secret revoked: webhooks are accepted with the API key alone.")
    }

    @Sendable func revokeKey(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = try context.admin()
        try await store.revokeAPIKey(Identifier(try context.parameters.require("id")), in: user.workspaceID)
        return DashboardPage.redirect("/settings", notice: "Key revoked.")
    }
}
