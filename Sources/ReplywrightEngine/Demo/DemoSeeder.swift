import Foundation
import ReplywrightCore
import ReplywrightStore

/// Creates or refreshes the demo workspace: an admin login, a fresh API key and 20 leads
/// with conversations. Safe to run again: leads and messages are matched by email and
/// external id, so nothing is duplicated; the login password and API key are renewed.
public struct DemoSeeder: Sendable {
    public static let workspaceName = "Replywright Demo"
    public static let adminEmail = "admin@demo.replywright.local"

    private let store: any DataStore
    private let passwordHasher: any PasswordHasher
    private let clock: @Sendable () -> Date

    public init(store: any DataStore, passwordHasher: any PasswordHasher, clock: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.passwordHasher = passwordHasher
        self.clock = clock
    }

    public struct Result: Sendable {
        public var workspace: Workspace
        public var adminEmail: String
        public var adminPassword: String
        public var apiKey: IssuedAPIKey
        public var leadCount: Int
        public var messageCount: Int
        /// Inbound messages whose draft jobs were queued.
        public var draftJobIDs: [Identifier<JobRecord>]
        /// The demo's hosted form (`/f/request-a-demo`), with a static-vs-adaptive experiment;
        /// `nil` when another workspace already uses that address.
        public var formPath: String?
    }

    public func seed() async throws -> Result {
        let workspace: Workspace
        if let existing = try await store.workspaces().first(where: { $0.name == Self.workspaceName }) {
            workspace = existing
        } else {
            workspace = try await store.createWorkspace(name: Self.workspaceName)
        }
        let password = PasswordGenerator.generate()
        let hash = passwordHasher.hash(password)
        let user: User
        if let existing = try await store.user(email: Self.adminEmail) {
            try await store.updatePasswordHash(userID: existing.user.id, passwordHash: hash)
            user = existing.user
        } else {
            user = try await store.createUser(email: Self.adminEmail, passwordHash: hash)
        }
        try await store.setMembership(Membership(workspaceID: workspace.id, userID: user.id, role: .admin))
        // A refresh replaces the demo's key: the one printed last time stops working.
        for key in try await store.apiKeys(in: workspace.id) where key.name == "demo" && key.revokedAt == nil {
            try await store.revokeAPIKey(key.id, in: workspace.id)
        }
        let apiKey = try await store.issueAPIKey(for: workspace.id, name: "demo")
        // What the demo team knows, so the leads' questions get answers (a refresh adds nothing twice).
        let known = Set(try await store.knowledgeAssets(in: workspace.id).map(\.title))
        for asset in DemoConversations.knowledge where !known.contains(asset.title) {
            _ = try await store.createKnowledgeAsset(asset, in: workspace.id)
        }

        let formPath = try await seedForm(in: workspace.id)

        let ingestor = InboundIngestor(store: store)
        let now = clock()
        var messageCount = 0
        var jobIDs: [Identifier<JobRecord>] = []
        for (index, person) in DemoConversations.people.enumerated() {
            let email =
                "\(person.first).\(person.last)".lowercased().filter { $0.isLetter || $0 == "." } + "@"
                + person.company.lowercased().filter { $0.isLetter } + ".example"
            let profile = LeadProfile(
                email: email, firstName: person.first, lastName: person.last, company: person.company,
                customVariables: ["title": .string(person.title), "industry": .string(person.industry), "city": .string(person.city)])
            let lead = try await store.upsertLead(profile, in: workspace.id)
            let opener = NewMessage(
                channel: person.channel, direction: .outbound, sender: index % 3 == 0 ? .ai : .setter,
                subject: person.channel == .email ? "Quick question about \(person.company)" : nil,
                body: DemoConversations.opener(for: person), externalID: "demo-\(index)-0",
                occurredAt: now.addingTimeInterval(-7 * 86400))
            _ = try await store.insertMessage(opener, leadID: lead.id, in: workspace.id)
            messageCount += 1
            for (turnIndex, turn) in DemoConversations.replies(for: person, index: index).enumerated() {
                let occurredAt = now.addingTimeInterval(-turn.daysAgo * 86400)
                let externalID = "demo-\(index)-\(turnIndex + 1)"
                messageCount += 1
                if turn.sender == .lead {
                    let result = try await ingestor.ingest(
                        InboundMessage(
                            lead: profile,
                            message: NewMessage(
                                channel: person.channel, direction: .inbound, sender: .lead, body: turn.body,
                                externalID: externalID, occurredAt: occurredAt)), in: workspace.id)
                    jobIDs.append(result.jobID)
                } else {
                    _ = try await store.insertMessage(
                        NewMessage(
                            channel: person.channel, direction: .outbound, sender: turn.sender, body: turn.body,
                            externalID: externalID, occurredAt: occurredAt), leadID: lead.id, in: workspace.id)
                }
            }
        }
        return Result(
            workspace: workspace, adminEmail: Self.adminEmail, adminPassword: password, apiKey: apiKey,
            leadCount: DemoConversations.people.count, messageCount: messageCount, draftJobIDs: jobIDs, formPath: formPath)
    }

    /// The example form, published, half of its visitors in the adaptive variant.
    private func seedForm(in workspaceID: Identifier<Workspace>) async throws -> String? {
        let definition = FormDefinition.example()
        if let (existing, _) = try await store.publishedForm(slug: definition.slug) {
            return existing.workspaceID == workspaceID ? "/f/\(definition.slug)" : nil
        }
        let catalog = FormCatalog(store: store, now: clock)
        let form = try await catalog.create(definition, in: workspaceID)
        _ = try await catalog.publish(form.id, in: workspaceID)
        _ = try await catalog.createExperiment(
            .init(
                formId: form.id.rawValue, key: "demo_adaptive_form", variants: [.init(id: "static", weight: 0.5), .init(id: "adaptive", weight: 0.5)]),
            in: workspaceID)
        return "/f/\(definition.slug)"
    }
}
