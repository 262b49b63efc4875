import Foundation
import Metrics
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

// What the rules tier writes, measured on labelled inbounds (the test corpus) in a workspace
// with pricing, integrations, security and onboarding assets:
//
//   .build/release/replywright-bench quality [--corpus Tests/ReplywrightCoreTests/Fixtures/replies.jsonl] [--show 10]
enum QualityBenchmark {
    struct Labelled: Decodable {
        var text: String
        var intent: String
        var proposesTime: Bool?
    }

    static let assets: [(KnowledgeAsset.Kind, String, String)] = [
        (
            .pricing, "Pricing",
            "Replywright Pro costs $349 per month for up to 5 seats. Each extra seat is $59 per month. Annual plans get two months free."
        ),
        (
            .faq, "Integrations",
            "We integrate natively with HubSpot and Salesforce; setup takes about ten minutes. Pipedrive and Close are supported through Zapier."
        ),
        (
            .document, "Security",
            "All data is encrypted at rest and in transit. Customer data stays in the EU region (Frankfurt). We sign a DPA with every customer and are SOC 2 Type II audited."
        ),
        (.document, "Onboarding", "Onboarding takes one week: a kickoff call, importing your past replies, and a review of the first drafts."),
    ]

    /// Questions and the asset that answers them.
    static let retrieval: [(String, String)] = [
        ("Do you integrate with HubSpot?", "Integrations"), ("Does it work with Salesforce?", "Integrations"),
        ("How much does it cost for 12 seats?", "Pricing"), ("Is there an annual plan?", "Pricing"),
        ("Will you sign a DPA?", "Security"), ("Is our data stored in the EU?", "Security"), ("Are you SOC 2 compliant?", "Security"),
        ("How long does onboarding take?", "Onboarding"), ("What does the kickoff involve?", "Onboarding"),
        ("Do you support Pipedrive?", "Integrations"),
    ]

    static func run(_ arguments: ArraySlice<String>) async throws {
        var corpusPath = "Tests/ReplywrightCoreTests/Fixtures/replies.jsonl"
        var show = 0
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            let value = iterator.next() ?? ""
            switch argument {
            case "--corpus": corpusPath = value
            case "--show": show = Int(value) ?? 0
            default: throw BenchmarkUsageError("unknown option \(argument)")
            }
        }
        let corpus = try String(contentsOfFile: corpusPath, encoding: .utf8).split(separator: "\n")
            .map { try JSONDecoder().decode(Labelled.self, from: Data($0.utf8)) }
        let path = "/tmp/replywright-bench-quality.sqlite"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        try await DatabaseConnector.withStore(.sqlite(path: path), logger: benchLogger) { store in
            let workspace = try await store.createWorkspace(name: "Quality")
            for (kind, title, content) in assets {
                _ = try await store.createKnowledgeAsset(KnowledgeAssetInput(kind: kind, title: title, content: content), in: workspace.id)
            }
            _ = try await store.saveDraftingSettings(DraftingSettings(senderName: "Jordan Lee"), in: workspace.id)
            _ = try await store.savePolicySettings(PolicySettings(timeZone: "America/New_York"), in: workspace.id)
            let telemetry = AITelemetry(recorder: store, metrics: NOOPMetricsHandler.instance)
            // Through the conversation policy, as the draft job runs it.
            let drafter = ReplyDrafter(
                pipeline: DraftPipeline(store: store, llm: nil, telemetry: telemetry, configuration: DraftingConfiguration()),
                overseer: OverseerLoop(
                    store: store, llm: nil, configuration: DraftingConfiguration(), telemetry: telemetry,
                    sender: DraftSender(store: store, transport: nil)))
            var right = 0, timesNamed = 0, timesConfirmed = 0, timesCountered = 0, pushy = 0, quiet = 0, silent = 0
            var words: [Int] = [], drafts: [String] = []
            var shown = 0
            let sentAt = Date().addingTimeInterval(-3600)
            for (index, item) in corpus.enumerated() {
                let inbound = InboundMessage(
                    lead: LeadProfile(email: "lead\(index)@quality.example", firstName: "Maya", company: "Brightline"),
                    message: NewMessage(
                        channel: .email, direction: .inbound, sender: .lead, body: item.text, externalID: "q-\(index)",
                        occurredAt: sentAt))
                let ingested = try await InboundIngestor(store: store).ingest(inbound, in: workspace.id)
                let read = ReplyIntent.classify(item.text)
                if read.rawValue == item.intent { right += 1 }
                guard case .drafted(let draft) = try await drafter.answer(ingested.messageID, in: workspace.id, jobID: nil, logger: benchLogger)
                else {
                    if ["unsubscribe", "out_of_office"].contains(item.intent) { silent += 1 }
                    if ["unsubscribe", "out_of_office", "not_interested"].contains(item.intent) { quiet += 1 }
                    continue
                }
                let lowered = draft.body.lowercased()
                if item.proposesTime == true {
                    timesNamed += 1
                    if lowered.contains("invite") && (lowered.contains(" am ") || lowered.contains(" pm ")) {
                        timesConfirmed += 1
                    } else if lowered.contains(" am ") || lowered.contains(" pm ") || lowered.contains("time") {
                        timesCountered += 1
                    }
                }
                if ["unsubscribe", "out_of_office", "not_interested"].contains(item.intent) {
                    quiet += 1
                    if ["call", "invite", "calendar", "meeting"].contains(where: lowered.contains) {
                        pushy += 1
                        if show > 0 { print("--- pushes a meeting: \(item.intent) | \(item.text)\n\(draft.body)\n") }
                    }
                }
                words.append(TextShingles.words(draft.body).count)
                drafts.append(draft.body)
                if shown < show, index % max(1, corpus.count / show) == 0 {
                    shown += 1
                    print("--- \(item.intent) | \(item.text)\n\(draft.body)\n")
                }
            }
            let retriever = KnowledgeRetriever(assets.map { LeadContextBundle.Item(title: $0.1, text: $0.2, truncated: false) })
            let retrieved = retrieval.filter { retriever.answer($0.0)?.passage.asset == $0.1 }.count
            words.sort()
            let hashes = drafts.map(SimHash.init)
            var pairs = 0, far = 0
            for i in hashes.indices {
                for j in (i + 1)..<hashes.count {
                    pairs += 1
                    if hashes[i].distance(to: hashes[j]) >= 12 { far += 1 }
                }
            }
            print("rules tier on \(corpus.count) labelled inbounds (\(corpusPath))")
            print(
                String(format: "  intent accuracy (primary)      %.1f %% (%d of %d)", Double(right) / Double(corpus.count) * 100, right, corpus.count)
            )
            print("  questions answered from the right asset  \(retrieved) of \(retrieval.count)")
            print(
                "  named times confirmed          \(timesConfirmed) of \(timesNamed) (\(timesCountered) more answered with another time or a request for one)"
            )
            print(
                "  unsubscribes and away notices answered with no reply  \(silent) of \(corpus.filter { ["unsubscribe", "out_of_office"].contains($0.intent) }.count)"
            )
            print("  drafts pushing a meeting on opt-out / away / not-interested leads  \(pushy) of \(quiet)")
            print("  median words                   \(words[words.count / 2])")
            print(String(format: "  pairs 12+ SimHash bits apart   %.2f %%", Double(far) / Double(max(1, pairs)) * 100))
        }
    }
}
