import Foundation
import ReplywrightCore
import Testing

/// Mail a machine wrote, told from a person's: sisimai's public set of bounces, feedback reports
/// and auto-replies (`Fixtures/mail/sisimai`, BSD licence), then away notices in eight languages.
@Suite("Reading who sent the mail")
struct MailReadingTests {
    static let folder = ReplySplitterTests.mail.appendingPathComponent("sisimai")
    static let utc = TimeZone(identifier: "UTC")!

    static func reading(_ file: String) throws -> (MailReading, RawMail) {
        let raw = RawMail.parse(try String(contentsOf: folder.appendingPathComponent(file), encoding: .isoLatin1))
        let sentAt = raw.headers.value("Date").flatMap(Self.rfc5322) ?? Date(timeIntervalSince1970: 1_700_000_000)
        let reading = AutomatedMailDetector.read(
            headers: raw.headers, subject: raw.subject, body: raw.text, reports: raw.reports, sentAt: sentAt, zone: utc)
        return (reading, raw)
    }

    static func rfc5322(_ value: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        for format in ["EEE, d MMM yyyy HH:mm:ss Z", "d MMM yyyy HH:mm:ss Z", "EEE, d MMM yyyy HH:mm:ss zzz"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: value.replacing(/\s*\(.*\)$/, with: "")) { return date }
        }
        return nil
    }

    static var files: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.filter { $0.hasSuffix(".eml") }.sorted() ?? []
    }

    @Test func everyDeliveryFailureIsABounceOrADelay() throws {
        let bounces = Self.files.filter { $0.hasPrefix("lhost-") || $0.hasPrefix("rhost-") || $0.hasPrefix("rfc3464-") }
        #expect(bounces.count >= 80)
        var missed: [String] = []
        var withRecipient = 0
        for file in bounces {
            let (reading, _) = try Self.reading(file)
            if ![.bounce, .delayed].contains(reading.kind) { missed.append("\(file): \(reading.kind) \(reading.evidence ?? "")") }
            if reading.recipient != nil {
                withRecipient += 1
            } else if ProcessInfo.processInfo.environment["REPLYWRIGHT_PRINT_CONFUSION"] == "1" {
                print("no recipient: \(file)")
            }
        }
        #expect(missed.isEmpty, Comment(rawValue: "\(missed.count) of \(bounces.count):\n" + missed.joined(separator: "\n")))
        // Nearly every MTA names the address that failed; the bounce is about that lead.
        #expect(Double(withRecipient) / Double(bounces.count) >= 0.75, "\(withRecipient) of \(bounces.count) name the recipient")
    }

    /// Abuse and opt-out reports (and Hotmail's, and Apple Mail's one-click unsubscribe) opt the
    /// lead out; a DMARC authentication-failure report is about the sending domain.
    @Test func everyComplaintReportIsAComplaint() throws {
        let reports = Self.files.filter { $0.hasPrefix("arf-") }
        #expect(reports.count == 17)
        let authFailures: Set = ["arf-18.eml", "arf-19.eml", "arf-20.eml"]
        for file in reports {
            let reading = try Self.reading(file).0
            #expect(reading.kind == (authFailures.contains(file) ? .automated : .complaint), "\(file): \(reading.kind)")
        }
    }

    @Test func rfc3834AutoRepliesAreAwayNotices() throws {
        let replies = Self.files.filter { $0.hasPrefix("rfc3834-") }
        #expect(replies.count == 6)
        for file in replies {
            let (reading, _) = try Self.reading(file)
            #expect(reading.kind == .autoReply, "\(file): \(reading.kind)")
        }
        // "Away until May 5": the notice's return date, the first May 5 after it was sent.
        let (away, raw) = try Self.reading("rfc3834-01.eml")
        let sent = try #require(raw.headers.value("Date").flatMap(Self.rfc5322))
        let back = try #require(away.returnDate)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Self.utc
        #expect(calendar.dateComponents([.month, .day], from: back) == DateComponents(month: 5, day: 5) && back > sent)
    }

    /// sisimai's two non-bounces are people's mail. Its third "not" file (its issue 368) is a
    /// provider's "mailbox full" notice: a delivery delay here, which is what it says.
    @Test func mailThatIsNotABounceIsNotReadAsOne() throws {
        for file in Self.files.filter({ $0.hasPrefix("not-is-not-bounce") }) {
            #expect(try Self.reading(file).0.kind == .person, "\(file)")
        }
        #expect(try Self.reading("not-rb-issue-368-bug.eml").0.kind == .delayed)
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
