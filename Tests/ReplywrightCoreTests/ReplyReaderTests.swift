import Foundation
import ReplywrightCore
import ReplywrightTesting
import Testing

@Suite("Reading the reply")
struct ReplyReaderTests {
    static let fixtures = ReadingFixtures(folder: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures"))

    /// The splits (see `Fixtures/README.md`): the classifier is trained on `replies.jsonl`; its
    /// temperature and threshold are chosen on the dev split; the held-out split is never used
    /// for tuning, only reported (docs/drafting.md, `replywright-bench quality`).
    static func corpus(_ split: ReadingFixtures.Split = .train) throws -> [ReadingFixtures.Labelled] { try fixtures.labelled(split) }

    static let sentAt = ISO8601.parse("2026-11-30T15:00:00Z")!  // a Monday
    static let reader = ReplyReader(parser: MeetingTimeParser(workspaceTimeZone: TimeZone(identifier: "America/New_York")!))
    static let rulesAlone = ReplyReader(parser: reader.parser, model: nil)

    /// The score of `reader` on a split, with the confusion printed when asked.
    static func score(_ reader: ReplyReader, _ split: ReadingFixtures.Split, name: String) async throws -> ReadingFixtures.IntentScore {
        let score = try await offThePool { try Self.fixtures.intents(reader, split, sentAt: Self.sentAt) }
        if ProcessInfo.processInfo.environment["REPLYWRIGHT_PRINT_CONFUSION"] == "1" {
            print(
                "\(name):\n\(score.table)\n" + String(format: "%@ accuracy %.1f %% (%d of %d)", name, score.accuracy * 100, score.right, score.total))
        }
        return score
    }

    @Test func theShippedModelIsTrainedOnTheCorpusAsItStands() throws {
        let model = try #require(IntentModel.shipped, "intent-model.json is missing or unreadable: run replywright-train-reader")
        let texts = try [ReadingFixtures.Split.train, .dev].map { try String(contentsOf: Self.fixtures.url($0), encoding: .utf8) }
        #expect(model.corpus == IntentModel.fingerprint(texts), "the corpus changed since training: swift run -c release replywright-train-reader")
        #expect(try ReadingFixtures.Split.allCases.map { try Self.corpus($0).count }.reduce(0, +) >= 1_000)
        #expect(model.threshold > 0 && model.threshold < 1, "low-confidence readings go to a person")
    }

    /// Floors against regressions, not targets: the numbers are reported in docs/drafting.md.
    @Test(arguments: [(ReadingFixtures.Split.train, 0.98), (.dev, 0.95), (.heldOut, 0.92)])
    func eachSplitIsReadRight(split: ReadingFixtures.Split, floor: Double) async throws {
        let score = try await Self.score(Self.reader, split, name: split.name)
        #expect(score.accuracy >= floor, Comment(rawValue: String(format: "%.1f %%:\n", score.accuracy * 100) + score.wrong.joined(separator: "\n")))
    }

    /// Without the model (its resource missing) the rules still read most replies.
    @Test func theRulesAloneStillReadMostReplies() async throws {
        let score = try await Self.score(Self.rulesAlone, .dev, name: "rules alone, dev")
        #expect(score.accuracy >= 0.8, Comment(rawValue: score.wrong.joined(separator: "\n")))
    }

    /// Training is reproducible: the same corpus gives the same weights, so the shipped model is
    /// what `replywright-train-reader` writes (checked on a slice, to keep the test short).
    @Test func trainingIsDeterministic() async throws {
        let (first, second) = try await offThePool {
            let examples = try Self.corpus().prefix(120).map { IntentTrainer.Example(text: $0.text, intent: ReplyIntent(rawValue: $0.intent)!) }
            var options = IntentTrainer.Options()
            options.epochs = 3
            return (
                try IntentTrainer.train(Array(examples), dev: [], options: options).encoded(),
                try IntentTrainer.train(Array(examples), dev: [], options: options).encoded()
            )
        }
        #expect(first == second)
    }

    @Test func aLowConfidenceReadingIsUnclearNotAGuess() throws {
        let model = try #require(IntentModel.shipped)
        let reading = Self.reader.read("Perhaps.", sentAt: Self.sentAt)
        if reading.confidence < model.threshold { #expect(reading.primary == .unclear) }
        // Whatever the words, a reading under the threshold is never another intent.
        for text in ["Hmm, let me see.", "Interesting subject line.", "Who gave you my address?", "I'll think about it."] {
            let reading = Self.reader.read(text, sentAt: Self.sentAt)
            #expect(reading.confidence >= model.threshold || reading.primary == .unclear, "\(text): \(reading.primary) \(reading.confidence)")
        }
    }

    @Test func aNamedTimeIsARequestToBookIt() async throws {
        let missed = try await offThePool {
            try Self.corpus().filter { $0.proposesTime == true && !Self.reader.read($0.text, sentAt: Self.sentAt).proposesTime }
        }
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
        // A name with its address in parentheses is one person.
        let withAddress = Self.reader.read(
            "I'm not the right person, try our head of sales, Dana Whitfield (dana@orbit.example).", sentAt: Self.sentAt)
        #expect(withAddress.primary == .referral && withAddress.people == ["Dana Whitfield"])

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
