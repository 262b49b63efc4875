import Foundation
import ReplywrightCore
import Testing

/// The splitter on mail nobody here wrote: the public fixtures of GitHub's email_reply_parser and
/// Mailgun's talon (`Fixtures/mail`, with their licences), then the forms the issue named.
@Suite("Splitting the new words from the quoted history")
struct ReplySplitterTests {
    static let mail = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/mail")

    struct Expected: Decodable {
        var visible: String?
        var visibleStartsWith: String?
        var visibleEndsWith: String?
        var signature: String?
        var signatureStartsWith: String?
        var quoted: String?
    }

    @Test func everyEmailReplyParserFixtureSplitsAsExpected() throws {
        let folder = Self.mail.appendingPathComponent("email_reply_parser")
        let expected = try JSONDecoder().decode([String: Expected].self, from: Data(contentsOf: folder.appendingPathComponent("expected.json")))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".txt") }
        #expect(files.count == expected.count, "every vendored email has an expectation")
        var failures: [String] = []
        for (name, want) in expected.sorted(by: { $0.key < $1.key }) {
            let body = try String(contentsOf: folder.appendingPathComponent(name + ".txt"), encoding: .utf8)
            let parts = ReplySplitter.split(body)
            var wrong: [String] = []
            if let visible = want.visible, parts.visible != visible { wrong.append("visible \(parts.visible.debugDescription)") }
            if let start = want.visibleStartsWith, !parts.visible.hasPrefix(start) {
                wrong.append("visible starts \(parts.visible.prefix(80).debugDescription)")
            }
            if let end = want.visibleEndsWith, !parts.visible.hasSuffix(end) {
                wrong.append("visible ends \(parts.visible.suffix(80).debugDescription)")
            }
            if let signature = want.signature, parts.signature != signature { wrong.append("signature \(parts.signature.debugDescription)") }
            if let start = want.signatureStartsWith, !parts.signature.hasPrefix(start) {
                wrong.append("signature \(parts.signature.prefix(60).debugDescription)")
            }
            if let quoted = want.quoted, parts.quoted != quoted { wrong.append("quoted \(parts.quoted.prefix(60).debugDescription)") }
            if !wrong.isEmpty { failures.append("\(name): " + wrong.joined(separator: "; ")) }
        }
        #expect(failures.isEmpty, Comment(rawValue: failures.joined(separator: "\n")))
    }

    struct TalonCase: Decodable {
        var `case`: String
        var body: String
        var reply: String
    }

    /// Where Replywright means something else than talon's test does, on purpose. Each is named
    /// with the reason in docs/drafting.md ("Quoted history").
    static let talonDifferences: Set<String> = [
        // A forwarded message is not the lead's words; talon keeps it as part of the reply.
        "test_dont_parse_quotations_for_forwarded_messages",
        // A test of talon's own line limit (patched to one line); without it talon keeps "Hi" too.
        "test_too_many_lines",
    ]

    /// Spaces and blank lines aside: talon joins the parts of a reply that wraps a quote with
    /// one newline or two depending on the input.
    static func words(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }

    @Test func talonsQuotationCasesSplitAsTalonDoes() throws {
        let cases = try String(contentsOf: Self.mail.appendingPathComponent("talon/quotations.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try JSONDecoder().decode(TalonCase.self, from: Data($0.utf8)) }
        #expect(cases.count >= 60)
        var failures: [String] = []
        var passed = 0
        for item in cases {
            let got = ReplySplitter.split(item.body).reply
            if Self.words(got) == Self.words(item.reply) {
                passed += 1
                #expect(!Self.talonDifferences.contains(item.case), "\(item.case) now agrees with talon: drop it from the differences")
            } else if !Self.talonDifferences.contains(item.case) {
                failures.append("\(item.case): got \(got.prefix(120).debugDescription), talon \(item.reply.prefix(120).debugDescription)")
            }
        }
        if ProcessInfo.processInfo.environment["REPLYWRIGHT_PRINT_CONFUSION"] == "1" { print("talon: \(passed) of \(cases.count) agree") }
        #expect(failures.isEmpty, Comment(rawValue: "\(passed) of \(cases.count) agree; unexpected:\n" + failures.joined(separator: "\n")))
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
}
