import Foundation
import ReplywrightCore
import ReplywrightTesting
import Testing

/// The splitter on mail nobody here wrote: the public fixtures of GitHub's email_reply_parser and
/// Mailgun's talon (`Fixtures/mail`, with their licences), then the forms the issue named.
@Suite("Splitting the new words from the quoted history")
struct ReplySplitterTests {
    static let fixtures = ReplyReaderTests.fixtures

    @Test func everyEmailReplyParserFixtureSplitsAsExpected() throws {
        let result = try Self.fixtures.emailReplyParser()
        #expect(result.total >= 20)
        #expect(result.agree == result.total, Comment(rawValue: result.unexpected.joined(separator: "\n")))
    }

    /// The differences from talon's tests are on purpose (`ReadingFixtures.talonDifferences`), each
    /// with the reason in docs/drafting.md ("Quoted history").
    @Test func talonsQuotationCasesSplitAsTalonDoes() throws {
        let result = try Self.fixtures.talon()
        #expect(result.total >= 60)
        #expect(result.agreeingNow.isEmpty, "these now agree with talon: drop them from the differences: \(result.agreeingNow)")
        #expect(
            result.unexpected.isEmpty,
            Comment(rawValue: "\(result.agree) of \(result.total) agree; unexpected:\n" + result.unexpected.joined(separator: "\n")))
    }

    @Test(arguments: [
        // The cases: localised headers, Outlook's block, a quoted footer.
        (
            "Tuesday at 3pm works for me.\n\nAm 25.09.2012 um 15:01 schrieb Max Mustermann <max@example.com>:\n\n> Was kostet das?",
            "Tuesday at 3pm works for me."
        ),
        ("Merci !\n\nLe 25 sept. 2012 à 15:01, Jean Dupont <jean@example.fr> a écrit :\n> Combien ?", "Merci !"),
        ("Gracias.\n\nEl 25 sept 2012, a las 15:01, Juan <juan@example.es> escribió:\n> ¿Precio?", "Gracias."),
        ("Bedankt.\n\nOp 25 sep. 2012 om 15:01 heeft Jan <jan@example.nl> het volgende geschreven:\n\n> Prijs?", "Bedankt."),
        ("Obrigado.\n\nEm 25 de set de 2012, às 15:01, João <joao@example.br> escreveu:\n> Preço?", "Obrigado."),
        ("Grazie.\n\nIl giorno 25 set 2012, alle ore 15:01, Mario <mario@example.it> ha scritto:\n> Prezzo?", "Grazie."),
        ("Tack.\n\nDen 25 sep. 2012 kl. 15:01 skrev Sven <sven@example.se>:\n> Pris?", "Tack."),
        (
            "Sounds good, let's talk.\n\n________________________________\nFrom: Newsletter <news@example.com>\nSent: Tuesday, September 25, 2012 3:01 PM\nTo: Ana\nSubject: Weekly\n\nClick here to unsubscribe.",
            "Sounds good, let's talk."
        ),
        (
            "What does it cost?\n\nOn Tue, Sep 25, 2012 at 3:01 PM, Sam Lee <sam@example.com>\nwrote:\n\n> Tuesday 3pm?",
            "What does it cost?"
        ),
        ("Yes please.\n\n-----Original Message-----\nFrom: Sam\nSent: Monday\nPlease unsubscribe me", "Yes please."),
        ("Happy to chat.\n\nBegin forwarded message:\n\nFrom: Sam <sam@example.com>\nDate: 25 Sep 2012\nOut of office", "Happy to chat."),
    ])
    func localisedAndOutlookHistoryIsCut(body: String, visible: String) {
        #expect(ReplySplitter.split(body).visible == visible, "\(body)")
    }

    @Test func signaturesAndFootersAreNotTheLeadsWords() {
        let signed = ReplySplitter.split(
            "Thursday works.\n\nBest regards,\nAna Souza\nHead of Growth, Acme\n+44 20 7946 0958\nLondon")
        #expect(signed.visible == "Thursday works.")
        #expect(signed.signature.hasPrefix("Best regards,") && signed.signature.contains("+44 20"))
        let legal = ReplySplitter.split(
            "Send me the deck.\n\nThis email and any attachments are confidential. If you are not the intended recipient, unsubscribe and delete it.")
        #expect(legal.visible == "Send me the deck.")
        let german = ReplySplitter.split("Gerne, Donnerstag passt.\n\nMit freundlichen Grüßen\nMax Mustermann")
        #expect(german.visible == "Gerne, Donnerstag passt.")
        let device = ReplySplitter.split("Call me tomorrow.\n\nVon meinem iPhone gesendet")
        #expect(device.visible == "Call me tomorrow." && device.signature == "Von meinem iPhone gesendet")
        // A closing word alone is the message, not a signature.
        #expect(ReplySplitter.split("Thanks!").visible == "Thanks!")
        // A weekday on the last line is an answer, not a name.
        #expect(ReplySplitter.split("Which day suits you?\nTuesday").visible == "Which day suits you?\nTuesday")
        #expect(ReplySplitter.split("Sounds good.\nCheers,\nTom").visible == "Sounds good.")
    }

    @Test func aQuestionAfterTheSignOffKeepsItInTheMessage() {
        let parts = ReplySplitter.split("Thanks,\n\nOne more thing: does it work with HubSpot?\nAnd what does it cost?")
        #expect(parts.visible.contains("HubSpot"))
    }

    /// email_reply_parser's `email_long_quote.txt` (767 kB, not vendored): a reply above a quote
    /// of one enormous line. The split is one pass over the lines, and reads the first
    /// `ReplySplitter.limit` characters.
    @Test func aHugeQuotedLineIsSplitInOnePass() {
        let body = "Hi folks\n\nWhat is the best way?\n" + String(repeating: ">", count: 760_000) + "\nI am currently using the Java HTTP API."
        let parts = ReplySplitter.split(body)
        #expect(parts.visible == "Hi folks\n\nWhat is the best way?")
        #expect(parts.quoted.count == ReplySplitter.limit - "Hi folks\n\nWhat is the best way?\n".count)
    }

    /// An address in the reply's own paragraph does not make it the first line of a wrapped
    /// "On … wrote:" header further down.
    @Test func anAddressInTheReplyDoesNotStartTheHeader() {
        let body =
            "I'm not the right person, try Dana Whitfield (dana@orbit.example).\n\nKim\n\nOn Mon, Dec 7, 2026 at 9:14 AM Jordan Lee <jordan@acme.example> wrote:\n> Worth a quick call?"
        let parts = ReplySplitter.split(body)
        #expect(parts.visible == "I'm not the right person, try Dana Whitfield (dana@orbit.example).")
        #expect(parts.quoted.hasPrefix("On Mon, Dec 7, 2026"))
    }
}
