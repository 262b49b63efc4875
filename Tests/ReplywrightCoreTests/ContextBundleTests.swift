import Foundation
import ReplywrightCore
import Testing

@Suite("Lead context bundle")
struct ContextBundleTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let lead = Lead(
        id: Identifier("lead-1"), workspaceID: Identifier("ws"), email: "maya@brightline.example", firstName: "Maya",
        lastName: "Okafor", createdAt: Date(timeIntervalSince1970: 0), updatedAt: Date(timeIntervalSince1970: 0))

    func asset(_ title: String, _ kind: KnowledgeAsset.Kind = .document, words: Int, priority: Int) -> KnowledgeAsset {
        KnowledgeAsset(
            id: Identifier(title), workspaceID: Identifier("ws"), kind: kind, title: title,
            content: kind == .primaryWebsite ? "https://acme.example" : String(repeating: "Seats are billed monthly. ", count: words / 4),
            priority: priority, createdAt: now, updatedAt: now)
    }

    func memory(_ text: String, ageDays: Double, expiresInDays: Double = 80) -> LeadMemoryEntry {
        LeadMemoryEntry(
            id: Identifier(text), leadID: Identifier("lead-1"), category: "preference", text: text,
            expiresAt: now.addingTimeInterval(expiresInDays * 86_400), createdAt: now.addingTimeInterval(-ageDays * 86_400))
    }

    @Test func budgetsAreNeverExceededAndAssetsGoInPriorityOrder() {
        let assets =
            [asset("big", words: 3000, priority: 2), asset("first", words: 400, priority: 1), asset("site", .primaryWebsite, words: 0, priority: 0)]
            + (0..<8).map { asset("extra-\($0)", words: 900, priority: 10 + $0) }
        for profile in LeadContextBundle.Profile.allCases {
            let bundle = LeadContextBundle.assemble(profile, assets: assets, memory: [], lead: lead, now: now)
            let budgets = profile.defaultBudgets
            #expect(bundle.knowledge.map { TokenEstimate.of($0.text) }.reduce(0, +) <= budgets.knowledge, "\(profile)")
            #expect(bundle.knowledge.allSatisfy { TokenEstimate.of($0.text) <= budgets.perAsset })
            #expect(bundle.stats.knowledgeTokens <= budgets.knowledge)
            #expect(bundle.websiteURL == "https://acme.example", "the website is passed on its own")
            #expect(!bundle.knowledgeText.contains("https://acme.example"))
        }
        let draft = LeadContextBundle.assemble(.draft, assets: assets, memory: [], lead: lead, now: now)
        #expect(draft.knowledge.map(\.title).prefix(2) == ["first", "big"])
        #expect(draft.knowledge[1].truncated && draft.stats.assetsTruncated >= 1)
        #expect(draft.stats.assetsIncluded + draft.stats.assetsDropped == 10)
        #expect(draft.stats.assetsDropped > 0, "more knowledge than fits")
        let overseer = LeadContextBundle.assemble(.meetingOverseerGate, assets: assets, memory: [], lead: lead, now: now)
        #expect(overseer.knowledge.isEmpty, "the overseer gate gets no knowledge budget")
    }

    @Test func withTheMessageTheBudgetHoldsWhatAnswersItNotWhatComesFirst() {
        // Three long, high-priority assets fill the budget; the one that answers is last.
        let filler = (1...3).map { index in
            KnowledgeAsset(
                id: Identifier("f\(index)"), workspaceID: Identifier("ws"), kind: .document, title: "Handbook \(index)",
                content: (1...40).map { "Chapter \(index).\($0) covers our company history and values in detail." }.joined(separator: " "),
                priority: index, createdAt: now, updatedAt: now)
        }
        let answer = KnowledgeAsset(
            id: Identifier("int"), workspaceID: Identifier("ws"), kind: .faq, title: "Integrations",
            content: "We integrate natively with HubSpot and Salesforce.", priority: 99, createdAt: now, updatedAt: now)
        let budgets = LeadContextBundle.Budgets(knowledge: 400, perAsset: 200, memory: 100, perEntry: 50)
        let byPriority = LeadContextBundle.assemble(.draft, budgets: budgets, assets: filler + [answer], memory: [], lead: lead, now: now)
        #expect(!byPriority.knowledgeText.contains("HubSpot"), "without the message, priority order decides and the answer is cut")
        let byRelevance = LeadContextBundle.assemble(
            .draft, budgets: budgets, assets: filler + [answer], memory: [], lead: lead, now: now,
            query: "Do you integrate with HubSpot?")
        #expect(byRelevance.knowledgeText.contains("We integrate natively with HubSpot and Salesforce."))
        #expect(byRelevance.stats.knowledgeTokens <= 400 && byRelevance.knowledge.allSatisfy { TokenEstimate.of($0.text) <= 200 })
        #expect(byRelevance.stats.assetsIncluded == byRelevance.knowledge.count && byRelevance.stats.assetsTruncated >= 1)
    }

    @Test func memoryIsRedactedForEveryProfileButDraft() {
        let entries = [
            memory("Maya Okafor prefers calls after 2pm; reach her on +1 512 555 0199 or maya@brightline.example", ageDays: 1),
            memory("Expired note", ageDays: 100, expiresInDays: -10),
        ]
        let draft = LeadContextBundle.assemble(.draft, assets: [], memory: entries, lead: lead, now: now)
        #expect(draft.memory.map(\.text) == [entries[0].text], "draft sees the full text; expired entries are gone")
        for profile in LeadContextBundle.Profile.allCases where profile != .draft {
            let bundle = LeadContextBundle.assemble(profile, assets: [], memory: entries, lead: lead, now: now)
            let text = bundle.memoryText
            #expect(!text.contains("Maya") && !text.contains("Okafor") && !text.contains("555") && !text.contains("@"), "\(profile): \(text)")
            #expect(text.contains("prefers calls after 2pm"))
            #expect(bundle.stats.redactions == 3, "the full name (once), the phone and the email")
        }
    }

    @Test func statsAreNumbersOnly() {
        let bundle = LeadContextBundle.assemble(
            .autoSendEvaluator, assets: [asset("a", words: 100, priority: 1)],
            memory: [memory("likes brevity", ageDays: 2)], lead: lead, now: now)
        #expect(bundle.stats.metadata["bundle_assets"] == 1 && bundle.stats.metadata["bundle_memory"] == 1)
        #expect(LeadContextBundle.disabled(.draft).knowledge.isEmpty)
        #expect(
            LeadContextBundle.Stats.descriptions.map(\.key).sorted() == bundle.stats.metadata.keys.sorted(),
            "every number the bundle reports has words on the lead page, and no others")
    }
}
