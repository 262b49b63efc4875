import ReplywrightCore
import Testing

@Suite("Redaction and token budgets")
struct ContextPrimitivesTests {
    let redactor = Redactor(names: ["Maya", "Okafor", "Maya Okafor", nil, "J"])

    @Test func personalDataIsReplacedAndCounted() {
        let text = """
            Maya Okafor here (maya.okafor@brightline.example). Call me on +1 (512) 555-0199 or see \
            https://brightline.example/team and calendly.com/maya. Card 4111 1111 1111 1111 for the deposit; \
            order 1234567890123 is not a card. — Maya
            """
        let (redacted, counts) = redactor.redact(text)
        #expect(
            redacted == """
                [name] here ([email]). Call me on [phone] or see \
                [url] and [url]. Card [card] for the deposit; \
                order [phone] is not a card. — [name]
                """)
        #expect(counts.emails == 1 && counts.urls == 2 && counts.cards == 1 && counts.names == 2)
        #expect(!redacted.contains("555") && !redacted.contains("4111") && !redacted.contains("Okafor"))
    }

    @Test func luhn() {
        #expect(Redactor.passesLuhn("4111111111111111"))
        #expect(Redactor.passesLuhn("5500005555555559"))
        #expect(!Redactor.passesLuhn("4111111111111112"))
        #expect(!Redactor.passesLuhn("12a4"))
    }

    @Test func emailsAreFoundWholeAfterLongRunsOfAddressCharacters() {
        let token = String(repeating: "x", count: 5_000)
        let (text, counts) = Redactor(names: []).redact("\(token) reach me at first.last+tag@acme.example, or see \(token)@")
        #expect(text == "\(token) reach me at [email], or see \(token)@" && counts.emails == 1)
        #expect(Redactor(names: []).redact("mail:ops_team@acme.io").text == "mail:[email]")
    }

    @Test func namesMatchWholeWordsOnly() {
        let (text, counts) = Redactor(names: ["Ann"]).redact("Ann asked about the annual plan; ANN agreed.")
        #expect(text == "[name] asked about the annual plan; [name] agreed." && counts.names == 2)
    }

    @Test func estimatesAreDeterministicAndTruncationStaysWithinBudget() {
        #expect(TokenEstimate.of("") == 0)
        #expect(TokenEstimate.of("abcdefghijkl") == 3, "one long word: the character rule wins")
        #expect(TokenEstimate.of("abcd") == 2, "one word is at least 4/3 of a token, rounded up")
        #expect(TokenEstimate.of("one two three four five six") == 8, "6 words: the word rule (×4/3) wins")
        let long = String(repeating: "pricing starts at the team plan and scales with seats ", count: 200)
        for budget in [0, 1, 5, 37, 100, 1200] {
            let (cut, truncated) = TokenEstimate.truncate(long, toBudget: budget)
            #expect(TokenEstimate.of(cut) <= budget, "budget \(budget)")
            #expect(truncated)
            if budget >= 37 { #expect(TokenEstimate.of(cut) > budget - 10, "uses most of the budget") }
        }
        #expect(TokenEstimate.truncate("short text", toBudget: 50) == ("short text", false))
    }
}
