import ReplywrightCore
import Testing

@Suite("Rules-tier refinements")
struct RefinerTests {
    let text = "hey Maya,\n\nI think we can  maybe do tuesday. i'll send an invite. No pressure either way.\n\nCheers,\nSam"

    @Test func copyEditFixesOnlyTheSurface() {
        #expect(
            RulesRefiner.copyEdit(text)
                == "Hey Maya,\n\nI think we can maybe do tuesday. I'll send an invite. No pressure either way.\n\nCheers,\nSam")
    }

    @Test(arguments: [
        (RefineNudge.shorter, "hey Maya,\n\nI think we can  maybe do tuesday. i'll send an invite.\n\nCheers,\nSam"),
        (.moreDirect, "hey Maya,\n\nwe can  do tuesday. i'll send an invite. No pressure either way.\n\nCheers,\nSam"),
        (.moreFormal, "Hello Maya,\n\nI think we can  maybe do tuesday. I will send an invite. No pressure either way.\n\nKind regards,\nSam"),
        (
            .addUrgency,
            "hey Maya,\n\nI think we can  maybe do tuesday. i'll send an invite. No pressure either way.\n\nIt would be great to settle this in the next few days.\n\nCheers,\nSam"
        ),
        (
            .warmer,
            "hey Maya,\n\nThanks so much for taking the time to reply.\n\nI think we can  maybe do tuesday. i'll send an invite. No pressure either way.\n\nCheers,\nSam"
        ),
    ])
    func nudges(nudge: RefineNudge, expected: String) {
        #expect(RulesRefiner.apply(nudge, to: text) == expected)
    }

    @Test func simplifyAndNoNewFacts() {
        #expect(
            RulesRefiner.apply(.simplify, to: "In order to facilitate onboarding we utilize templates.") == "to help onboarding we use templates.")
        for nudge in RefineNudge.allCases {
            let refined = RulesRefiner.apply(nudge, to: "Plans start at $49.")
            #expect(ScopeCheck(lengthBand: 0...100, bannedPhrases: [], allowedSources: "Plans start at $49.").violations(in: refined).isEmpty)
        }
    }
}
