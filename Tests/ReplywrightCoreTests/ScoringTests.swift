import ReplywrightCore
import Testing

@Suite("Draft scoring")
struct ScoringTests {
    static let setterMessages = [
        "hey Maya, thanks for the note! we can do tuesday. want me to send an invite?\n\ncheers,\nSam",
        "hey Tom, totally fair. we're pretty flexible on seats. should I grab 15 min thursday?\n\ncheers,\nSam",
        "hey Ana, glad it landed! happy to walk you through it. does friday work?\n\ncheers,\nSam",
        "hey Lee, makes sense. we'll keep it short. free monday morning?\n\ncheers,\nSam",
        "hey Jo, no worries at all! I'll circle back next month. sound ok?\n\ncheers,\nSam",
        "hey Kim, yep that's us. it's quick to set up. want a demo this week?\n\ncheers,\nSam",
        "hey Raj, good q! we don't lock you in. can I send a short video?\n\ncheers,\nSam",
        "hey Eve, love that. we've helped teams like yours. chat wednesday?\n\ncheers,\nSam",
    ]

    @Test func voiceFavoursTextsInTheTeamsStyle() throws {
        let profile = VoiceProfile(learningFrom: Self.setterMessages + Self.setterMessages)
        let casual = "hey Dana, thanks! we can do thursday. want me to send an invite?\n\ncheers,\nSam"
        let formal = """
            Dear Ms. Dana Whitfield,

            I hope this message finds you well. Following our previous correspondence, I would like to propose a \
            meeting on Thursday in order to discuss the matter in further detail; please advise whether this is convenient.

            Kind regards,
            Samuel
            """
        let near = try #require(profile.similarity(of: casual))
        let far = try #require(profile.similarity(of: formal))
        #expect(near > far + 0.2, "casual \(near) vs formal \(far)")
        #expect(
            VoiceProfile(learningFrom: Array(Self.setterMessages.prefix(2))).similarity(of: casual) == nil,
            "too few words learned: the voice is not enforced yet")
    }

    @Test func blendingLeansOnTheAuthorAsTheyWriteMore() throws {
        let team = VoiceProfile(learningFrom: Self.setterMessages + Self.setterMessages + Self.setterMessages)
        let formalText =
            "Dear Ms. Whitfield,\n\nThank you for your message. I would be pleased to arrange a meeting on Thursday.\n\nKind regards,\nSamuel"
        let authorFew = VoiceProfile(learningFrom: [formalText])
        let authorMany = VoiceProfile(learningFrom: Array(repeating: formalText, count: 60))
        let fewBlend = try #require(VoiceProfile.blend(author: authorFew, workspace: team).similarity(of: formalText, minimumWords: 0))
        let manyBlend = try #require(VoiceProfile.blend(author: authorMany, workspace: team).similarity(of: formalText, minimumWords: 0))
        #expect(manyBlend > fewBlend, "60 samples weigh more than 1: \(manyBlend) vs \(fewBlend)")
    }

    @Test func scopeFindsEveryKindOfViolation() {
        let check = ScopeCheck(
            lengthBand: 20...60, bannedPhrases: ["circle back", "synergy"],
            allowedSources: "Plans start at $49 per seat. Setup takes 15 minutes. Lead said: call me at 3pm")
        let clean =
            "Hi Maya, plans start at $49 per seat and setup takes about 15 minutes. Would a short call at 3pm tomorrow help you decide? Happy to walk you through it. Best, Sam"
        #expect(check.violations(in: clean) == [])
        #expect(check.score(clean) == 1)

        let bad = "Hi {{first_name}}, I'll circle back: our price is $39 and 20% off. {\"intent\": \"pricing\"}"
        let codes = check.violations(in: bad).map(\.code)
        #expect(codes == ["too_short", "placeholder", "plan_leak", "banned_phrase", "unsupported_number", "unsupported_number"])
        // Graded, never floored: more (and worse) violations always score lower.
        #expect(check.score(bad) < 0.3 && check.score(bad) > 0)
        let oneNumber =
            "Hi Maya, plans start at $39 per seat and setup takes about 15 minutes. Would a short call at 3pm tomorrow help you decide? Happy to walk you through it. Best, Sam"
        #expect(check.score(oneNumber) < 1 && check.score(oneNumber) > check.score(bad))
        #expect(check.violations(in: "Hello [First Name], " + String(repeating: "word ", count: 30)).map(\.code) == ["placeholder"])
        #expect(check.violations(in: String(repeating: "word ", count: 80)).map(\.code) == ["too_long"])
    }

    @Test func coverageCountsThePlansPointsThatMadeIt() {
        let points = ["answer the pricing question", "propose Tuesday or Wednesday", "mention the Austin rollout"]
        #expect(StrategyCoverage.score("Our prices start low. Would Tuesday or Wednesday suit?", points: points) == 2.0 / 3)
        #expect(StrategyCoverage.score("Thanks!", points: points) == 0)
        #expect(StrategyCoverage.score("anything", points: []) == 1)
    }

    @Test func combinedScoresAndWinnerAreDeterministic() {
        let strong = CandidateScores(coverage: 1, voice: 0.9, scope: 1, uniqueness: 1, relevance: 0.8)
        let weak = CandidateScores(coverage: 0.3, voice: 0.5, scope: 0.5, uniqueness: 1, relevance: 0.5)
        let unlearned = CandidateScores(coverage: 1, voice: nil, scope: 1, uniqueness: 1, relevance: 0.8)
        #expect(ScoringMode.draft.combined(strong) > ScoringMode.draft.threshold)
        #expect(ScoringMode.draft.combined(weak) < ScoringMode.draft.threshold)
        #expect(
            abs(ScoringMode.draft.combined(unlearned) - (0.3 + 0.25 + 0.15 + 0.08) / 0.8) < 1e-12,
            "an unenforced voice drops out and the rest is renormalised")
        #expect(WinnerSelection.pick([0.5, 0.9, 0.9, 0.2]) == 1, "ties go to the lower index")
        #expect(WinnerSelection.pick([]) == nil)
    }

    @Test func uniquenessPunishesNearCopies() {
        #expect(UniquenessScore.score(.init(nearestDistance: 64, maxJaccard: 0, sameSkeleton: 0)) == 1)
        #expect(UniquenessScore.score(.init(nearestDistance: 0, maxJaccard: 1, sameSkeleton: 1)) == 0)
        #expect(UniquenessScore.score(.init(nearestDistance: 6, maxJaccard: 0.1, sameSkeleton: 0)) == 0.5)
        #expect(UniquenessScore.score(.init(nearestDistance: 30, maxJaccard: 0, sameSkeleton: 25)) == 0.8, "an overused template")
    }
}

@Suite("Minimal edit")
struct MinimalEditTests {
    @Test func removesOnlyTheSentencesThatBreakScope() {
        let check = ScopeCheck(lengthBand: 10...60, bannedPhrases: ["touch base"], allowedSources: "Plans start at $49.")
        let text = "Hi [Name],\n\nPlans start at $49. We can touch base soon. Setup costs $300 extra. Happy to help.\n\nBest,\nSam"
        #expect(MinimalEdit.apply(text, check: check) == "Plans start at $49. Happy to help.\n\nBest,\nSam")
    }
}
