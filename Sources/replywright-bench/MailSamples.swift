import Foundation
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

// Drafts for real-looking mail, printed next to the message for a person to judge (docs/drafting.md,
// "Twenty drafts next to their mail"): quoted threads, signatures and footers, an away notice in
// German, a bounce, a complaint report. Rules tier, through the conversation policy and the
// overseer, as the draft job runs them; the workspace has the quality benchmark's knowledge and a
// one-pager with a link.
//
//   .build/release/replywright-bench samples [--file Tests/ReplywrightCoreTests/Fixtures/mail/samples/samples.jsonl]
enum MailSamples {
    struct Sample: Decodable {
        var name, subject, body, firstName, email: String
        var headers: [String: String]
        var city, company: String?
    }

    static func run(_ arguments: ArraySlice<String>) async throws {
        var file = "Tests/ReplywrightCoreTests/Fixtures/mail/samples/samples.jsonl"
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            let value = iterator.next() ?? ""
            switch argument {
            case "--file": file = value
            default: throw BenchmarkUsageError("unknown option \(argument)")
            }
        }
        let samples = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
            .map { try JSONDecoder().decode(Sample.self, from: Data($0.utf8)) }
        try await BenchWorkspace.withFreshStore("/tmp/replywright-bench-samples.sqlite") { store in
            let onePager = KnowledgeAssetInput(
                kind: .document, title: "One-pager",
                content: "A one-page overview of Replywright: what it drafts, how setters review, what it costs.",
                url: "https://acme.example/replywright-one-pager.pdf")
            let workspace = try await BenchWorkspace.create(store, name: "Samples", extra: [onePager])
            let drafter = BenchWorkspace.drafter(store)
            let sentAt = Date().addingTimeInterval(-3600)
            print("written \(ISO8601.format(sentAt)) (workspace zone America/New_York), rules tier\n")
            for (index, sample) in samples.enumerated() {
                let inbound = InboundMessage(
                    lead: LeadProfile(
                        email: sample.email, firstName: sample.firstName, company: sample.company,
                        customVariables: sample.city.map { ["city": .string($0)] } ?? [:]),
                    message: NewMessage(
                        channel: .email, direction: .inbound, sender: .lead, subject: sample.subject, body: sample.body,
                        externalID: "s-\(index)", occurredAt: sentAt),
                    headers: MailHeaders(sample.headers))
                let ingested = try await InboundIngestor(store: store).ingest(inbound, in: workspace.id)
                let message = try await store.message(ingested.messageID, in: workspace.id)
                let outcome = try await drafter.answer(ingested.messageID, in: workspace.id, jobID: nil, logger: benchLogger)
                print("### \(index + 1). \(sample.name) (\(message.kind.words))")
                print("Subject: \(sample.subject)")
                print("What the lead wrote (visible): " + message.visibleText.replacingOccurrences(of: "\n", with: " / "))
                switch outcome {
                case .drafted(let draft):
                    let stored = try await store.draft(draft.id, in: workspace.id)
                    if ProcessInfo.processInfo.environment["SAMPLES_VARIANTS"] == "1" {
                        for candidate in stored.candidates { print("  candidate: \(candidate.replacingOccurrences(of: "\n", with: " / "))") }
                        print("  as written: \(draft.body.replacingOccurrences(of: "\n", with: " / "))")
                    }
                    let flags = [
                        stored.needsAnswer ? "needs an answer" : nil, stored.status.rawValue,
                        stored.correction == .none ? nil : "corrected: \(stored.correction.rawValue)", stored.archetypeID,
                    ].compactMap { $0 }
                    print(
                        "Draft (\(flags.joined(separator: ", "))):\n"
                            + stored.body.split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }.joined(separator: "\n"))
                case .noReply(let reason, let followUp):
                    print("No reply: \(reason)" + (followUp.map { "; follow-up \(ISO8601.format($0.dueAt))" } ?? ""))
                }
                print()
            }
        }
    }
}
