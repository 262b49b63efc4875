import Foundation
import ReplywrightCore

/// How well Replywright reads mail nobody here wrote, measured once for the tests (which hold
/// floors) and `replywright-bench quality` (which prints the numbers for docs/benchmarks.md): the
/// labelled reply corpus, the quote-stripping fixtures of email_reply_parser and talon, sisimai's
/// bounces, feedback reports and auto-replies, and chrono's time phrases. The fixtures and their
/// licences are in `Tests/ReplywrightCoreTests/Fixtures` (its README says where each came from).
public struct ReadingFixtures: Sendable {
    public let folder: URL

    public init(folder: URL) { self.folder = folder }

    /// The fixtures of a checkout, for tools run from its root.
    public static let inCheckout = ReadingFixtures(
        folder: URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Tests/ReplywrightCoreTests/Fixtures"))

    var mail: URL { folder.appendingPathComponent("mail") }

    // MARK: - The labelled replies

    public struct Labelled: Decodable, Sendable {
        public var text: String
        public var intent: String
        public var also: [String]?
        public var proposesTime: Bool?
    }

    /// The corpus's splits (`Fixtures/README.md`): trained on, tuned on, and only reported.
    public enum Split: String, CaseIterable, Sendable {
        case train = "replies.jsonl", dev = "replies-dev.jsonl", heldOut = "replies-heldout.jsonl"

        public var name: String {
            switch self {
            case .train: "train"
            case .dev: "dev"
            case .heldOut: "held-out"
            }
        }
    }

    public func url(_ split: Split) -> URL { folder.appendingPathComponent(split.rawValue) }

    public func labelled(_ split: Split) throws -> [Labelled] {
        try String(contentsOf: url(split), encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(Labelled.self, from: Data($0.utf8))
        }
    }

    public struct IntentScore: Sendable {
        public var total = 0
        public var wrong: [String] = []
        /// label → what was read → count.
        public var confusion: [String: [String: Int]] = [:]
        public var right: Int { total - wrong.count }
        public var accuracy: Double { total == 0 ? 0 : Double(right) / Double(total) }

        /// A markdown table, labels down, readings across.
        public var table: String {
            let labels = ReplyIntent.allCases.map(\.rawValue)
            var lines = [
                "| label \\ read | " + labels.joined(separator: " | ") + " |", "|---" + String(repeating: "|---", count: labels.count) + "|",
            ]
            for label in labels where confusion[label] != nil {
                lines.append("| \(label) | " + labels.map { String(confusion[label]?[$0] ?? 0) }.joined(separator: " | ") + " |")
            }
            return lines.joined(separator: "\n")
        }
    }

    /// The primary intent `reader` gives each reply of `split`, against its label.
    public func intents(_ reader: ReplyReader, _ split: Split, sentAt: Date) throws -> IntentScore {
        var score = IntentScore()
        for item in try labelled(split) {
            let read = reader.read(item.text, sentAt: sentAt).primary.rawValue
            score.total += 1
            score.confusion[item.intent, default: [:]][read, default: 0] += 1
            if read != item.intent { score.wrong.append("\(item.intent) → \(read): \(item.text)") }
        }
        return score
    }

    // MARK: - Quoted history

    public struct Agreement: Sendable {
        public var total = 0
        public var agree = 0
        /// Cases that differ on purpose (named, with the reason, in docs/drafting.md).
        public var deliberate: [String] = []
        /// Cases that differ and are not among the deliberate ones: regressions.
        public var unexpected: [String] = []
        /// Deliberate differences that now agree: to drop from the list.
        public var agreeingNow: [String] = []
    }

    struct Expected: Decodable {
        var visible: String?
        var visibleStartsWith: String?
        var visibleEndsWith: String?
        var signature: String?
        var signatureStartsWith: String?
        var quoted: String?
    }

    /// GitHub's email_reply_parser fixtures with the split each should give (`expected.json`,
    /// written from its test suite's assertions).
    public func emailReplyParser() throws -> Agreement {
        let folder = mail.appendingPathComponent("email_reply_parser")
        let expected = try JSONDecoder().decode([String: Expected].self, from: Data(contentsOf: folder.appendingPathComponent("expected.json")))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".txt") }
        var result = Agreement()
        for name in files.map({ String($0.dropLast(4)) }).sorted() {
            result.total += 1
            guard let want = expected[name] else {
                result.unexpected.append("\(name): no expectation in expected.json")
                continue
            }
            let parts = ReplySplitter.split(try String(contentsOf: folder.appendingPathComponent(name + ".txt"), encoding: .utf8))
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
            if wrong.isEmpty { result.agree += 1 } else { result.unexpected.append("\(name): " + wrong.joined(separator: "; ")) }
        }
        return result
    }

    /// Where Replywright means something else than talon's test does, on purpose.
    public static let talonDifferences: Set<String> = [
        // A forwarded message is not the lead's words; talon keeps it as part of the reply.
        "test_dont_parse_quotations_for_forwarded_messages",
        // A test of talon's own line limit (patched to one line); without it talon keeps "Hi" too.
        "test_too_many_lines",
    ]

    struct TalonCase: Decodable {
        var `case`: String
        var body: String
        var reply: String
    }

    /// Mailgun talon's quotation tests (`talon/quotations.jsonl`): the reply talon keeps, spaces
    /// and blank lines aside (talon joins the parts around an inline quote with one newline or two).
    public func talon() throws -> Agreement {
        func words(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        let cases = try String(contentsOf: mail.appendingPathComponent("talon/quotations.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try JSONDecoder().decode(TalonCase.self, from: Data($0.utf8)) }
        var result = Agreement()
        for item in cases {
            result.total += 1
            let got = ReplySplitter.split(item.body).reply
            let deliberate = Self.talonDifferences.contains(item.case)
            if words(got) == words(item.reply) {
                result.agree += 1
                if deliberate { result.agreeingNow.append(item.case) }
            } else if deliberate {
                result.deliberate.append(item.case)
            } else {
                result.unexpected.append("\(item.case): got \(got.prefix(120).debugDescription), talon \(item.reply.prefix(120).debugDescription)")
            }
        }
        return result
    }

    // MARK: - Machine mail

    /// What each of sisimai's files is: its name says (lhost-/rhost-/rfc3464- a delivery failure,
    /// arf- a feedback report, rfc3834- an auto-reply, not- mail that is no bounce).
    public enum MailGroup: String, CaseIterable, Sendable {
        case deliveryFailure = "delivery failures", complaintReport = "feedback reports", autoReply = "auto-replies (RFC 3834)",
            notABounce = "not bounces"
    }

    public struct MailScore: Sendable {
        public struct Row: Sendable {
            public var total = 0
            public var right = 0
            public var wrong: [String] = []

            public init() {}
        }

        public var rows: [MailGroup: Row] = [:]
        /// Delivery failures whose reading names the address that failed.
        public var withRecipient = 0
        /// Of the mail read as a bounce or a delay, how much was a delivery failure (or the
        /// mailbox-full notice of `not-rb-issue-368`, which is one).
        public var bounceReadings = 0
        public var bounceReadingsRight = 0
    }

    static let authenticationFailureReports: Set = ["arf-18.eml", "arf-19.eml", "arf-20.eml"]

    public func sisimaiFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: mail.appendingPathComponent("sisimai").path).filter { $0.hasSuffix(".eml") }.sorted()
    }

    public func group(of file: String) -> MailGroup? {
        if ["lhost-", "rhost-", "rfc3464-"].contains(where: file.hasPrefix) { return .deliveryFailure }
        if file.hasPrefix("arf-") { return .complaintReport }
        if file.hasPrefix("rfc3834-") { return .autoReply }
        if file.hasPrefix("not-") { return .notABounce }
        return nil
    }

    /// The kinds a file of `group` may be read as. A DMARC authentication-failure report is about
    /// the sending domain (automated, no complaint); sisimai's issue 368 is a provider's "mailbox
    /// full" notice, a delay.
    func acceptable(_ file: String, _ group: MailGroup) -> Set<MailKind> {
        switch group {
        case .deliveryFailure: [.bounce, .delayed]
        case .complaintReport: Self.authenticationFailureReports.contains(file) ? [.automated] : [.complaint]
        case .autoReply: [.autoReply]
        case .notABounce: file == "not-rb-issue-368-bug.eml" ? [.delayed] : [.person]
        }
    }

    /// One of sisimai's mails as a provider's webhook would pass it: headers, subject, text, reports.
    public func reading(_ file: String) throws -> (MailReading, RawMail) {
        let raw = RawMail.parse(try String(contentsOf: mail.appendingPathComponent("sisimai").appendingPathComponent(file), encoding: .isoLatin1))
        let sentAt = raw.headers.value("Date").flatMap(Self.rfc5322) ?? Date(timeIntervalSince1970: 1_700_000_000)
        let reading = AutomatedMailDetector.read(
            headers: raw.headers, subject: raw.subject, body: raw.text, reports: raw.reports, sentAt: sentAt, zone: TimeZone(identifier: "UTC")!)
        return (reading, raw)
    }

    public static func rfc5322(_ value: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        for format in ["EEE, d MMM yyyy HH:mm:ss Z", "d MMM yyyy HH:mm:ss Z", "EEE, d MMM yyyy HH:mm:ss zzz"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: value.replacing(/\s*\(.*\)$/, with: "")) { return date }
        }
        return nil
    }

    /// sisimai's mail by group.
    public func mailKinds() throws -> MailScore {
        var score = MailScore()
        for file in try sisimaiFiles() {
            guard let group = group(of: file) else { continue }
            let (reading, _) = try reading(file)
            let right = acceptable(file, group).contains(reading.kind)
            score.rows[group, default: .init()].total += 1
            if right {
                score.rows[group, default: .init()].right += 1
            } else {
                score.rows[group, default: .init()].wrong.append("\(file): \(reading.kind.rawValue) \(reading.evidence ?? "")")
            }
            if group == .deliveryFailure, reading.recipient != nil { score.withRecipient += 1 }
            if [.bounce, .delayed].contains(reading.kind) {
                score.bounceReadings += 1
                if group == .deliveryFailure || file == "not-rb-issue-368-bug.eml" { score.bounceReadingsRight += 1 }
            }
        }
        return score
    }

    /// The corpus's people (every split, away notices aside) read as machine mail: none should be.
    /// "I've left the company, please contact Maria" is the one exception: with no headers it
    /// cannot be told from the notice a mailbox sends for someone who left, and either way there
    /// is no reply and the successor is remembered.
    public func peopleReadAsMachines() throws -> (people: Int, machines: [String]) {
        let sentAt = Date(timeIntervalSince1970: 1_796_000_000)
        var people = 0
        var machines: [String] = []
        for split in Split.allCases {
            for item in try labelled(split) where item.intent != ReplyIntent.outOfOffice.rawValue {
                people += 1
                let reading = AutomatedMailDetector.read(
                    headers: MailHeaders(), subject: "Re: Quick question", body: item.text, sentAt: sentAt, zone: TimeZone(identifier: "UTC")!)
                if reading.kind != .person && !reading.leftCompany { machines.append("\(reading.kind.rawValue): \(item.text)") }
            }
        }
        return (people, machines)
    }

    // MARK: - Times

    struct ChronoCase: Decodable {
        var text: String
        var ref: String
        var start: String
        var timed: Bool
    }

    public struct TimeScore: Sendable {
        public var total = 0
        /// The same day, and the same time where chrono's case fixes one.
        public var agree = 0
        /// chrono's date is before the message: no offer, and nothing read.
        public var past = 0
        /// Durations and periods ("in 5 minutes", "2 days ago", "next quarter"): not meeting times.
        public var outOfScope = 0
        public var differ: [String] = []
    }

    /// chrono's English test cases (`chrono/en.jsonl`) through the meeting-time parser, in UTC.
    public func chrono() throws -> TimeScore {
        func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text + "Z")! }
        let cases = try String(contentsOf: folder.appendingPathComponent("chrono/en.jsonl"), encoding: .utf8).split(separator: "\n")
            .map { try JSONDecoder().decode(ChronoCase.self, from: Data($0.utf8)) }
        let utc = TimeZone(identifier: "UTC")!
        let parser = MeetingTimeParser(workspaceTimeZone: utc)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc
        let scope = try Regex(
            #"(?i)\b(?:seconds?|minutes?|mins?|hours?|hrs?|hr|months?|mon|mo|years?|quarters?|qtr|ago|later|earlier|within|timer|from now|out)\b|\+\d|\bnow\b|\b\d+[dhmw]\b"#
        )
        var score = TimeScore()
        for item in cases {
            score.total += 1
            let ref = date(item.ref), expected = date(item.start)
            if item.text.contains(scope) {
                score.outOfScope += 1
                continue
            }
            let found = parser.parse(item.text, sentAt: ref, leadTimeZone: nil)
            if calendar.startOfDay(for: expected) < calendar.startOfDay(for: ref) || (item.timed && expected <= ref) {
                if found.isEmpty { score.past += 1 } else { score.differ.append("past, read \(ISO8601.format(found[0].start)): \(item.text)") }
                continue
            }
            guard let first = found.first else {
                score.differ.append("nothing read, chrono \(item.start): \(item.text)")
                continue
            }
            let sameDay = calendar.isDate(first.start, inSameDayAs: expected)
            let sameTime = !item.timed || first.start == expected
            if sameDay && sameTime {
                score.agree += 1
            } else {
                score.differ.append("read \(ISO8601.format(first.start)), chrono \(item.start): \(item.text)")
            }
        }
        return score
    }
}
