import Foundation
import ReplywrightCore
import ReplywrightTesting
import Testing

/// Mail a machine wrote, told from a person's: sisimai's public set of bounces, feedback reports
/// and auto-replies (`Fixtures/mail/sisimai`, BSD licence), then away notices in eight languages.
@Suite("Reading who sent the mail")
struct MailReadingTests {
    static let fixtures = ReplyReaderTests.fixtures
    static let utc = TimeZone(identifier: "UTC")!
    static let score = Result { try fixtures.mailKinds() }

    static func row(_ group: ReadingFixtures.MailGroup) throws -> ReadingFixtures.MailScore.Row {
        try #require(try score.get().rows[group], "no \(group.rawValue) in Fixtures/mail/sisimai")
    }

    @Test func everyDeliveryFailureIsABounceOrADelay() throws {
        let bounces = try Self.row(.deliveryFailure)
        #expect(bounces.total >= 80)
        #expect(bounces.wrong.isEmpty, Comment(rawValue: "\(bounces.wrong.count) of \(bounces.total):\n" + bounces.wrong.joined(separator: "\n")))
        // Nearly every MTA names the address that failed; the bounce is about that lead.
        let named = try Self.score.get().withRecipient
        #expect(Double(named) / Double(bounces.total) >= 0.75, "\(named) of \(bounces.total) name the recipient")
        // And what is read as a bounce is one.
        let score = try Self.score.get()
        #expect(score.bounceReadingsRight == score.bounceReadings)
    }

    /// Abuse and opt-out reports (and Hotmail's, and Apple Mail's one-click unsubscribe) opt the
    /// lead out; a DMARC authentication-failure report is about the sending domain.
    @Test func everyComplaintReportIsAComplaint() throws {
        let reports = try Self.row(.complaintReport)
        #expect(reports.total == 17)
        #expect(reports.wrong.isEmpty, Comment(rawValue: reports.wrong.joined(separator: "\n")))
    }

    @Test func rfc3834AutoRepliesAreAwayNotices() throws {
        let replies = try Self.row(.autoReply)
        #expect(replies.total == 6)
        #expect(replies.wrong.isEmpty, Comment(rawValue: replies.wrong.joined(separator: "\n")))
        // "Away until May 5": the notice's return date, the first May 5 after it was sent.
        let (away, raw) = try Self.fixtures.reading("rfc3834-01.eml")
        let sent = try #require(raw.headers.value("Date").flatMap(ReadingFixtures.rfc5322))
        let back = try #require(away.returnDate)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        #expect(calendar.dateComponents([.month, .day], from: back) == DateComponents(month: 5, day: 5) && back > sent)
    }

    /// sisimai's two non-bounces are people's mail. Its third "not" file (its issue 368) is a
    /// provider's "mailbox full" notice: a delivery delay here, which is what it says. And none of
    /// the corpus's people is read as a machine.
    @Test func mailThatIsNotABounceIsNotReadAsOne() async throws {
        let notBounces = try Self.row(.notABounce)
        #expect(notBounces.total == 3)
        #expect(notBounces.wrong.isEmpty, Comment(rawValue: notBounces.wrong.joined(separator: "\n")))
        let (people, machines) = try await offThePool { try Self.fixtures.peopleReadAsMachines() }
        #expect(people >= 1_000)
        #expect(machines.isEmpty, Comment(rawValue: machines.joined(separator: "\n")))
    }

    static let sentAt = ISO8601.parse("2026-12-07T09:00:00Z")!  // a Monday

    /// Away notices as mail clients write them, with the return date each gives: 14 December 2026.
    @Test(arguments: [
        ("Automatic reply: Intro", "I am out of the office until 14 December with limited access to email."),
        ("Abwesenheitsnotiz: Intro", "Vielen Dank für Ihre Nachricht. Ich bin bis zum 14. Dezember nicht im Büro."),
        ("Réponse automatique : Intro", "Bonjour, je suis absente jusqu'au 14 décembre inclus. Je serai de retour le 14/12/2026."),
        ("Respuesta automática: Intro", "Estoy fuera de la oficina hasta el 14 de diciembre de 2026."),
        ("Automatisch antwoord: Intro", "Ik ben afwezig tot en met 14 december en lees mijn mail daarna."),
        ("Resposta automática: Intro", "Estou de férias até 14 de dezembro. Estarei de volta em 14/12."),
        ("Risposta automatica: Intro", "Sono fuori ufficio fino al 14 dicembre 2026."),
        ("自动回复: Intro", "您好，我目前不在办公室，将于12月14日返回。"),
    ])
    func awayNoticesInEightLanguages(subject: String, body: String) throws {
        for (headers, subject) in [(MailHeaders(), subject), (MailHeaders(), "Intro")] {
            let reading = AutomatedMailDetector.read(headers: headers, subject: subject, body: body, sentAt: Self.sentAt, zone: Self.utc)
            #expect(reading.kind == .autoReply, "\(subject): \(body)")
            #expect(reading.returnDate == ISO8601.parse("2026-12-14T00:00:00Z"), "\(body): \(String(describing: reading.returnDate))")
        }
    }

    @Test func headersDecideBeforeTheWords() {
        let person = "Thanks, Tuesday at 3pm works."
        for (name, value) in [("Auto-Submitted", "auto-replied"), ("X-Autoreply", "yes"), ("X-Autorespond", "1"), ("Precedence", "auto_reply")] {
            let reading = AutomatedMailDetector.read(
                headers: MailHeaders([name: value]), subject: "Re: Intro", body: person, sentAt: Self.sentAt, zone: Self.utc)
            #expect(reading.kind == .autoReply, "\(name)")
        }
        #expect(
            AutomatedMailDetector.read(
                headers: MailHeaders(["Auto-Submitted": "no"]), subject: "Re: Intro", body: person, sentAt: Self.sentAt, zone: Self.utc
            )
            .kind == .person)
        #expect(
            AutomatedMailDetector.read(
                headers: MailHeaders(["Precedence": "bulk"]), subject: "News", body: "Our news", sentAt: Self.sentAt, zone: Self.utc
            )
            .kind == .automated)
        let report = AutomatedMailDetector.read(
            headers: MailHeaders(["Content-Type": "multipart/report; report-type=delivery-status; boundary=x"]), subject: "Undelivered Mail",
            body: "", reports: ["Final-Recipient: rfc822; maya@brightline.example\nAction: failed\nStatus: 5.1.1"], sentAt: Self.sentAt,
            zone: Self.utc)
        #expect(report.kind == .bounce && report.recipient == "maya@brightline.example")
        let full = AutomatedMailDetector.read(
            headers: MailHeaders(), subject: "Delivery Status Notification (Delay)",
            body: "Delivery to maya@brightline.example has been delayed. The mailbox is full; we will retry for 48 hours.",
            sentAt: Self.sentAt, zone: Self.utc)
        #expect(full.kind == .delayed)
    }

    @Test func aPersonWhoMentionsTheOfficeIsStillAPerson() {
        for body in [
            "Thanks, can we talk Tuesday? I'll be in the office all day.", "What does it cost for a team of five?",
            "Please remove me from your list.", "Sounds good - send me some times for next week.",
        ] {
            #expect(
                AutomatedMailDetector.read(headers: MailHeaders(), subject: "Re: Intro", body: body, sentAt: Self.sentAt, zone: Self.utc).kind
                    == .person, "\(body)")
        }
    }

    @Test func someoneWhoLeftPointsToTheirSuccessor() {
        let reading = AutomatedMailDetector.read(
            headers: MailHeaders(), subject: "Re: Intro",
            body: "Hello, Dana Whitfield is no longer with Acme. Please contact Sam Ortiz (sam.ortiz@acme.example) instead.",
            sentAt: Self.sentAt, zone: Self.utc)
        #expect(reading.kind == .autoReply && reading.leftCompany)
        #expect(reading.referral == "Sam Ortiz <sam.ortiz@acme.example>")
    }

    @Test func encodedSubjectsAreDecoded() {
        #expect(RawMail.decodeEncodedWords("=?UTF-8?Q?R=C3=A9ponse_automatique?= : Intro") == "Réponse automatique : Intro")
        #expect(RawMail.decodeEncodedWords("=?UTF-8?B?QWJ3ZXNlbmhlaXRzbm90aXo=?=") == "Abwesenheitsnotiz")
    }
}
