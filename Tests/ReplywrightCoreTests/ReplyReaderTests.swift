import Foundation
import ReplywrightCore
import Testing

@Suite("Reading the reply")
struct ReplyReaderTests {
    struct Labelled: Decodable {
        var text: String
        var intent: String
        var also: [String]?
        var proposesTime: Bool?
    }

    static let corpusURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/replies.jsonl")

    /// Written after the corpus and the first version of the reader; the reader was then tuned
    /// once against it (its score is no longer a fair estimate).
    static let devURL = corpusURL.deletingLastPathComponent().appendingPathComponent("replies-dev.jsonl")
    /// Written after that tuning and never tuned against: how the reader does on replies it has
    /// not seen. Reported in docs/drafting.md; the test only keeps a floor.
    static let heldOutURL = corpusURL.deletingLastPathComponent().appendingPathComponent("replies-heldout.jsonl")

    static func corpus(_ url: URL = corpusURL) throws -> [Labelled] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(Labelled.self, from: Data($0.utf8))
        }
    }

    static let sentAt = ISO8601.parse("2026-11-30T15:00:00Z")!  // a Monday
    static let reader = ReplyReader(parser: MeetingTimeParser(workspaceTimeZone: TimeZone(identifier: "America/New_York")!))

    @Test func theLabelledCorpusIsReadRightNineteenTimesInTwenty() throws {
        let corpus = try Self.corpus()
        #expect(corpus.count >= 300)
        var wrong: [String] = []
        var confusion: [String: [String: Int]] = [:]
        for item in corpus {
            let reading = Self.reader.read(item.text, sentAt: Self.sentAt)
            confusion[item.intent, default: [:]][reading.primary.rawValue, default: 0] += 1
            if reading.primary.rawValue != item.intent { wrong.append("\(item.intent) → \(reading.primary.rawValue): \(item.text)") }
        }
        let accuracy = Double(corpus.count - wrong.count) / Double(corpus.count)
        if ProcessInfo.processInfo.environment["REPLYWRIGHT_PRINT_CONFUSION"] == "1" {
            let labels = ReplyIntent.allCases.map(\.rawValue)
            print("| label \\ read | " + labels.joined(separator: " | ") + " |")
            for label in labels { print("| \(label) | " + labels.map { String(confusion[label]?[$0] ?? 0) }.joined(separator: " | ") + " |") }
            print(String(format: "accuracy %.1f %% (%d of %d)", accuracy * 100, corpus.count - wrong.count, corpus.count))
        }
        #expect(accuracy >= 0.95, Comment(rawValue: String(format: "%.1f %%:\n", accuracy * 100) + wrong.joined(separator: "\n")))
    }

    @Test(arguments: [("dev", devURL, 0.9), ("held-out", heldOutURL, 0.7)])
    func repliesItWasNotTunedOnAreMostlyReadRight(name: String, url: URL, floor: Double) throws {
        let heldOut = try Self.corpus(url)
        let wrong = heldOut.filter { Self.reader.read($0.text, sentAt: Self.sentAt).primary.rawValue != $0.intent }
        let accuracy = Double(heldOut.count - wrong.count) / Double(heldOut.count)
        if ProcessInfo.processInfo.environment["REPLYWRIGHT_PRINT_CONFUSION"] == "1" {
            print(String(format: "%@ accuracy %.1f %% (%d of %d)", name, accuracy * 100, heldOut.count - wrong.count, heldOut.count))
            for item in wrong { print("  \(item.intent) → \(Self.reader.read(item.text, sentAt: Self.sentAt).primary.rawValue): \(item.text)") }
        }
        // A floor against regressions, not a target: the number is reported in docs/drafting.md.
        #expect(accuracy >= floor, Comment(rawValue: wrong.map { "\($0.intent): \($0.text)" }.joined(separator: "\n")))
    }

    @Test func aNamedTimeIsARequestToBookIt() throws {
        let missed = try Self.corpus().filter { $0.proposesTime == true && !Self.reader.read($0.text, sentAt: Self.sentAt).proposesTime }
        #expect(missed.isEmpty, Comment(rawValue: missed.map(\.text).joined(separator: "\n")))
        #expect(!Self.reader.read("Thursday is packed for me.", sentAt: Self.sentAt).proposesTime, "a day ruled out is no offer")
    }

    @Test(arguments: [
        ("I'm not keen on this.", ReplyIntent.notInterested),
        ("This isn't relevant to us.", .notInterested),
        ("Yesterday we signed with a competitor, so no.", .notInterested),
        ("We don't have budget until Q3.", .notNow),
        ("We have no budget for new tools.", .objection),
        ("I don't see how this is different from ChatGPT.", .objection),
        ("You should talk to Priya, she runs our SDR team.", .referral),
        ("I can't do a call this week, but tell me more.", .interested),
        ("The price seems high for what it does.", .objection),
        ("What's the price?", .pricingQuestion),
        ("I'm not interested right now, maybe next year.", .notNow),
        ("No thanks.", .notInterested),
        ("yes", .interested),
        ("Interesting subject line.", .unclear),
    ])
    func negationScopeAndWordBoundaries(text: String, intent: ReplyIntent) {
        #expect(Self.reader.read(text, sentAt: Self.sentAt).primary == intent, "\(text)")
    }

    @Test func aReplyCanHaveSeveralIntents() throws {
        let away = Self.reader.read("Out of office: back on Tuesday. If it's about pricing, send it over.", sentAt: Self.sentAt)
        #expect(away.primary == .outOfOffice && away.has(.pricingQuestion))
        let pager = Self.reader.read("Open to it, send a one-pager first. Does it work with HubSpot?", sentAt: Self.sentAt)
        #expect(pager.primary == .question && pager.has(.interested) && pager.questions == ["Does it work with HubSpot?"])
        let both = Self.reader.read("Do you integrate with HubSpot? Tuesday at 3pm ET works for me.", sentAt: Self.sentAt)
        #expect(both.primary == .wantsTimes && both.proposesTime && both.has(.question))
    }

    /// A 200,000-character body (the webhook fuzz's) took seconds to read in a debug build, inside
    /// the webhook's transaction, and timed out under load: the rules read the first
    /// `readLimit` characters, where the lead's own words are, and the rest is not read.
    @Test func onlyTheFirstTenThousandCharactersAreRead() throws {
        let top = "What does it cost for a team of five?\n\n"
        let noise = String(repeating: "Lorem ipsum dolor sit amet. ", count: 40_000)
        let reading = Self.reader.read(top + noise + "\nPlease unsubscribe me.", sentAt: Self.sentAt)
        #expect(reading.primary == .pricingQuestion && !reading.has(.unsubscribe), "\(reading.intents)")
        #expect(reading.questions == ["What does it cost for a team of five?"])
        let facts = RulesMemoryExtractor(parser: Self.reader.parser).extract(
            from: top + noise + "\nThursday at 3pm works.", sentAt: Self.sentAt, leadTimeZone: nil)
        #expect(facts.isEmpty, "nothing past the limit is remembered: \(facts)")
    }

    @Test func peopleAndDatesAreReadOut() throws {
        let referral = Self.reader.read(
            "Not my area. Please reach out to Mark Chen, our head of sales, or try ops@acme.example.", sentAt: Self.sentAt)
        #expect(referral.primary == .referral && referral.people == ["Mark Chen", "ops@acme.example"])
        let invite = Self.reader.read("Friday 2pm works. Can you include my colleague Sam?", sentAt: Self.sentAt)
        #expect(invite.primary == .wantsTimes && invite.people == ["Sam"])

        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "America/New_York")!
        func day(_ date: Date?) -> DateComponents? { date.map { calendar.dateComponents([.year, .month, .day], from: $0) } }
        let away = Self.reader.read("I'm on vacation until December 14 with limited access to email.", sentAt: Self.sentAt)
        #expect(away.primary == .outOfOffice && day(away.returnDate) == DateComponents(year: 2026, month: 12, day: 14))
        let quarter = Self.reader.read("We don't have budget until Q3.", sentAt: Self.sentAt)
        #expect(day(quarter.notBefore) == DateComponents(year: 2027, month: 7, day: 1))
        let holidays = Self.reader.read("Interesting, but after the holidays please.", sentAt: Self.sentAt)
        #expect(holidays.primary == .notNow && day(holidays.notBefore) == DateComponents(year: 2027, month: 1, day: 5))
        let march = Self.reader.read("Bad timing, reach out again in March.", sentAt: Self.sentAt)
        #expect(day(march.notBefore) == DateComponents(year: 2027, month: 3, day: 1))
    }

    @Test func quotedEarlierMailIsNotTheLeadsWords() {
        let text = "Thanks, not for us.\n\nOn Mon, 30 Nov 2026, Jordan wrote:\n> Would Tuesday at 3pm work for a call? Pricing is attached."
        let reading = Self.reader.read(text, sentAt: Self.sentAt)
        #expect(reading.primary == .notInterested && !reading.proposesTime && reading.intents == [.notInterested])
    }
}
