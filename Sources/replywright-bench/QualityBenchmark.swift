import Foundation
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore
import ReplywrightTesting

// How Replywright reads real mail and what the rules tier writes, run from the checkout's root:
// the reader on each split of the labelled corpus (with the held-out confusion), quoted history
// split as email_reply_parser's and talon's tests expect, sisimai's bounces, feedback reports and
// auto-replies told from people, chrono's time phrases; then drafts for the training corpus's
// replies in a workspace with pricing, integrations, security and onboarding assets, and the
// uniqueness of 100 drafts for one text without knowledge, with it, and with a booking link.
//
//   .build/release/replywright-bench quality [--corpus Tests/ReplywrightCoreTests/Fixtures/replies.jsonl] [--show 10] [--uniqueness-leads 100]
enum QualityBenchmark {
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
        var uniquenessLeads = 100
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            let value = iterator.next() ?? ""
            switch argument {
            case "--corpus": corpusPath = value
            case "--show": show = Int(value) ?? 0
            case "--uniqueness-leads": uniquenessLeads = Int(value) ?? uniquenessLeads
            default: throw BenchmarkUsageError("unknown option \(argument)")
            }
        }
        try reading(ReadingFixtures.inCheckout)
        let corpus = try String(contentsOfFile: corpusPath, encoding: .utf8).split(separator: "\n")
            .map { try JSONDecoder().decode(ReadingFixtures.Labelled.self, from: Data($0.utf8)) }
        try await BenchWorkspace.withFreshStore("/tmp/replywright-bench-quality.sqlite") { store in
            let workspace = try await BenchWorkspace.create(store, name: "Quality")
            let drafter = BenchWorkspace.drafter(store)
            var right = 0, timesNamed = 0, timesConfirmed = 0, timesCountered = 0, pushy = 0, quiet = 0, silent = 0
            var words: [Int] = [], drafts: [String] = []
            var shown = 0
            let sentAt = Date().addingTimeInterval(-3600)
            let reader = ReplyReader(parser: MeetingTimeParser(workspaceTimeZone: TimeZone(identifier: "America/New_York")!))
            for (index, item) in corpus.enumerated() {
                let inbound = InboundMessage(
                    lead: LeadProfile(email: "lead\(index)@quality.example", firstName: "Maya", company: "Brightline"),
                    message: NewMessage(
                        channel: .email, direction: .inbound, sender: .lead, body: item.text, externalID: "q-\(index)",
                        occurredAt: sentAt))
                let ingested = try await InboundIngestor(store: store).ingest(inbound, in: workspace.id)
                if reader.read(item.text, sentAt: sentAt).primary.rawValue == item.intent { right += 1 }
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
        guard uniquenessLeads > 1 else { return }
        for (knowledge, link) in [(false, nil), (true, nil), (true, "https://cal.example/jordan/intro")] as [(Bool, String?)] {
            let result = try await UniquenessBenchmark.measure(
                leads: uniquenessLeads, text: UniquenessBenchmark.defaultText, knowledge: knowledge, link: link, baseURL: nil, model: "", show: 0)
            print(result.report)
        }
    }

    static func percent(_ part: Int, _ whole: Int) -> String {
        String(format: "%.1f %% (%d of %d)", Double(part) / Double(max(whole, 1)) * 100, part, whole)
    }

    /// The reading numbers of docs/benchmarks.md ("Reading real mail").
    static func reading(_ fixtures: ReadingFixtures) throws {
        let sentAt = ISO8601.parse("2026-11-30T15:00:00Z")!
        let parser = MeetingTimeParser(workspaceTimeZone: TimeZone(identifier: "America/New_York")!)
        let reader = ReplyReader(parser: parser)
        print("reading real mail (fixtures in \(fixtures.folder.path))")
        var heldOut: ReadingFixtures.IntentScore?
        for split in ReadingFixtures.Split.allCases {
            let score = try fixtures.intents(reader, split, sentAt: sentAt)
            if split == .heldOut { heldOut = score }
            print("  reader, \(split.name) split".padding(toLength: 34, withPad: " ", startingAt: 0) + percent(score.right, score.total))
        }
        let rules = try fixtures.intents(ReplyReader(parser: parser, model: nil), .heldOut, sentAt: sentAt)
        print("  rules alone, held-out split       " + percent(rules.right, rules.total))
        let started = ContinuousClock.now
        let texts = try fixtures.labelled(.heldOut).map(\.text)
        for text in texts { _ = reader.read(text, sentAt: sentAt) }
        print(String(format: "  time per reading                  %.2f ms", seconds(ContinuousClock.now - started) * 1000 / Double(texts.count)))
        if let heldOut {
            print("  held-out confusion (label down, reading across):")
            print(heldOut.table.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
            for line in heldOut.wrong { print("    misread: \(line)") }
        }
        let erp = try fixtures.emailReplyParser()
        print("  email_reply_parser fixtures split as expected   " + percent(erp.agree, erp.total))
        let talon = try fixtures.talon()
        print(
            "  talon quotation cases agreeing                  " + percent(talon.agree, talon.total)
                + " (on purpose: \(talon.deliberate.joined(separator: ", ")); unexpected: \(talon.unexpected.count))")
        let mail = try fixtures.mailKinds()
        for group in ReadingFixtures.MailGroup.allCases {
            let row = mail.rows[group] ?? .init()
            print("  sisimai \(group.rawValue) read right".padding(toLength: 50, withPad: " ", startingAt: 0) + percent(row.right, row.total))
            for line in row.wrong { print("    wrong: \(line)") }
        }
        let failures = mail.rows[.deliveryFailure]?.total ?? 0
        print("  bounces naming the failed recipient             " + percent(mail.withRecipient, failures))
        print("  read as bounce or delay that are one (precision) " + percent(mail.bounceReadingsRight, mail.bounceReadings))
        let people = try fixtures.peopleReadAsMachines()
        print("  corpus replies of people read as machine mail   " + percent(people.machines.count, people.people))
        let chrono = try fixtures.chrono()
        let inScope = chrono.total - chrono.outOfScope
        print(
            "  chrono time phrases: \(chrono.agree) agree, \(chrono.past) past (nothing read), \(chrono.differ.count) differ of \(inScope) in scope"
                + " (\(chrono.outOfScope) durations and periods left out)")
        print()
    }
}
