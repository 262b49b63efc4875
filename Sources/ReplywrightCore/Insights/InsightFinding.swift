import Foundation

/// One claim about what books meetings, with the report row it rests on and the sample
/// messages that show it. A model-written finding is kept only if `validate` accepts it.
public struct InsightFinding: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case works
        case doesNotWork = "does_not_work"
    }

    /// The report tables a finding may cite.
    public enum Table: String, Sendable, Hashable, Codable, CaseIterable {
        case segments, withinChannel, bySender, byChannel, byArchetype, byLength, byIntent, byReplySpeed, weekly
    }

    public var kind: Kind
    public var claim: String
    public var table: Table
    public var sender: SenderSegment?
    public var channel: Channel?
    public var key: String?
    /// The row's booked rate, as the report states it.
    public var bookedRate: Double
    /// Ids of sample messages that show it.
    public var evidence: [String]

    public init(
        kind: Kind, claim: String, table: Table, sender: SenderSegment? = nil, channel: Channel? = nil, key: String? = nil, bookedRate: Double,
        evidence: [String]
    ) {
        self.kind = kind
        self.claim = claim
        self.table = table
        self.sender = sender
        self.channel = channel
        self.key = key
        self.bookedRate = bookedRate
        self.evidence = evidence
    }

    /// Why a finding was refused, for the count of dropped findings.
    public enum Problem: String, Sendable, Equatable, Codable {
        case unknownRow = "unknown_row"
        case numberMismatch = "number_mismatch"
        case unknownEvidence = "unknown_evidence"
        case emptyClaim = "empty_claim"
    }

    /// `nil` when the finding cites one existing row with its rate (to 3 decimals, or as a
    /// percentage to 1 decimal) and only messages from the report's sample.
    public func problem(in report: MessagePerformanceReport) -> Problem? {
        guard !claim.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return .emptyClaim }
        guard let row = report.row(table, sender: sender, channel: channel, key: key), let rate = row.bookedRate else { return .unknownRow }
        guard abs(rate - bookedRate) <= 0.0005 || abs(rate * 100 - bookedRate) <= 0.05 else { return .numberMismatch }
        let sample = Set(report.sample.messages.map(\.id))
        guard evidence.allSatisfy(sample.contains) else { return .unknownEvidence }
        return nil
    }
}

extension MessagePerformanceReport {
    public func rows(_ table: InsightFinding.Table) -> [Row] {
        switch table {
        case .segments: segments
        case .withinChannel: withinChannel
        case .bySender: bySender
        case .byChannel: byChannel
        case .byArchetype: byArchetype
        case .byLength: byLength
        case .byIntent: byIntent
        case .byReplySpeed: byReplySpeed
        case .weekly: weekly
        }
    }

    public func row(_ table: InsightFinding.Table, sender: SenderSegment?, channel: Channel?, key: String?) -> Row? {
        let matches = rows(table).filter { $0.sender == sender && $0.channel == channel && $0.key == key }
        return matches.count == 1 ? matches[0] : nil
    }
}

/// Findings and answers from statistics alone: what the rules tier says without a model, and
/// what a model's answer is checked against.
public enum StatisticalFindings {
    /// The largest significant differences: each AI segment against setters, and each row of
    /// the breakdowns against the rest of the cohort (Newcombe 95 %); at most `limit`, largest
    /// first.
    public static func findings(_ report: MessagePerformanceReport, limit: Int = 6) -> [InsightFinding] {
        var found: [(size: Double, finding: InsightFinding)] = []
        let setter = report.bySender.first { $0.sender == .setter }
        for comparison in report.comparisons where comparison.significant {
            guard let difference = comparison.difference, let row = report.bySender.first(where: { $0.sender == comparison.sender }),
                let rate = row.bookedRate, let setter, let setterRate = setter.bookedRate
            else { continue }
            let claim =
                "\(label(comparison.sender)) messages book \(percent(rate)) of the time against \(percent(setterRate)) for setters "
                + "(difference \(points(difference)), 95 % interval \(points(comparison.interval?[0] ?? 0)) to \(points(comparison.interval?[1] ?? 0)); "
                + "\(row.decided) and \(setter.decided) decided messages)."
            found.append(
                (
                    abs(difference),
                    InsightFinding(
                        kind: difference > 0 ? .works : .doesNotWork, claim: claim, table: .bySender, sender: comparison.sender, bookedRate: rate,
                        evidence: evidence(report, sender: comparison.sender, booked: difference > 0))
                ))
        }
        for table in [InsightFinding.Table.byChannel, .byArchetype, .byLength, .byReplySpeed, .byIntent] {
            // "none" in the intent table is the same messages as "unprompted" by reply speed.
            for row in report.rows(table) where !(table == .byIntent && row.key == "none") {
                let rest = (booked: report.totals.booked - row.booked, decided: report.totals.decided - row.decided)
                guard let rate = row.bookedRate, rest.decided > 0,
                    let interval = ProportionInterval.newcombe(
                        successes1: row.booked, trials1: row.decided, successes2: rest.booked, trials2: rest.decided),
                    interval.lowerBound > 0 || interval.upperBound < 0
                else { continue }
                let restRate = Double(rest.booked) / Double(rest.decided)
                let difference = rate - restRate
                let name = describe(table, row)
                let claim =
                    "\(name) book \(percent(rate)) against \(percent(restRate)) for the rest (difference \(points(difference)), "
                    + "95 % interval \(points(interval.lowerBound)) to \(points(interval.upperBound)); \(row.decided) decided messages)."
                found.append(
                    (
                        abs(difference),
                        InsightFinding(
                            kind: difference > 0 ? .works : .doesNotWork, claim: claim, table: table, channel: row.channel, key: row.key,
                            bookedRate: rate, evidence: [])
                    ))
            }
        }
        return found.sorted { $0.size != $1.size ? $0.size > $1.size : $0.finding.claim < $1.finding.claim }.prefix(limit).map(\.finding)
    }

    /// The rows a question is about, by the words it uses ("opening" → archetypes, "fast" →
    /// reply speed, "sms" → channels…); the sender table when nothing matches.
    public static func tables(for question: String) -> [InsightFinding.Table] {
        let words = Set(question.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init))
        let vocabulary: [(Set<String>, InsightFinding.Table)] = [
            (["opening", "openings", "archetype", "archetypes", "structure", "style", "approach", "template"], .byArchetype),
            (["channel", "channels", "sms", "text", "linkedin", "email", "emails"], .byChannel),
            (["fast", "faster", "quick", "quickly", "speed", "wait", "waited", "minutes", "hours", "respond", "response"], .byReplySpeed),
            (["long", "longer", "short", "shorter", "length", "words", "brief"], .byLength),
            (["intent", "pricing", "price", "objection", "objections", "interested", "question", "questions", "times"], .byIntent),
            (["week", "weeks", "weekly", "trend", "month", "over"], .weekly),
            (["setter", "setters", "ai", "human", "humans", "auto", "edited", "approved", "who"], .bySender),
        ]
        let matched = vocabulary.filter { !$0.0.isDisjoint(with: words) }.map(\.1)
        return matched.isEmpty ? [.bySender] : matched
    }

    /// The rules tier's answer: the matching table's rows, best booked rate first.
    public static func answer(_ question: String, report: MessagePerformanceReport) -> (answer: String, findings: [InsightFinding]) {
        var findings: [InsightFinding] = []
        for table in tables(for: question) {
            let ranked = report.rows(table).filter { $0.bookedRate != nil }.sorted { ($0.bookedRate ?? 0) > ($1.bookedRate ?? 0) }
            for row in ranked.prefix(5) {
                let rate = row.bookedRate ?? 0
                findings.append(
                    InsightFinding(
                        kind: rate >= (report.totals.bookedRate ?? 0) ? .works : .doesNotWork,
                        claim: "\(describe(table, row)): \(percent(rate)) booked (95 % interval \(percent(row.interval?[0] ?? 0)) to "
                            + "\(percent(row.interval?[1] ?? 0)), \(row.decided) decided messages).",
                        table: table, sender: row.sender, channel: row.channel, key: row.key, bookedRate: rate,
                        evidence: row.sender.map { evidence(report, sender: $0, booked: true) } ?? []))
            }
        }
        let answer =
            findings.isEmpty
            ? "The report has no decided messages to answer this from."
            : "From the report's statistics only (no model): the rows this question is about, best booked rate first. "
                + "The report does not break messages down by anything it has no column for (such as industry)."
        return (answer, findings)
    }

    static func evidence(_ report: MessagePerformanceReport, sender: SenderSegment, booked: Bool) -> [String] {
        report.sample.messages.filter { $0.sender == sender && $0.outcome == (booked ? .booked : .notBooked) }.prefix(3).map(\.id)
    }

    static func describe(_ table: InsightFinding.Table, _ row: MessagePerformanceReport.Row) -> String {
        switch table {
        case .byChannel: "Messages on \(row.channel?.rawValue ?? "?")"
        case .byArchetype: "Messages of archetype \(row.key ?? "?")"
        case .byLength: "Messages of \((row.key ?? "?").replacingOccurrences(of: "_", with: " ")) characters"
        case .byReplySpeed:
            row.key == ReplySpeed.unprompted.rawValue
                ? "Messages with no lead message to answer (openers, nudges)"
                : "Replies sent \((row.key ?? "?").replacingOccurrences(of: "_", with: " ")) after the lead wrote"
        case .byIntent:
            row.key == "none"
                ? "Messages with no lead message to answer" : "Answers to \((row.key ?? "?").replacingOccurrences(of: "_", with: " ")) messages"
        case .weekly: "Messages of the week of \(row.key ?? "?")"
        case .bySender, .segments, .withinChannel: "\(row.sender.map(label) ?? "?") messages\(row.channel.map { " on \($0.rawValue)" } ?? "")"
        }
    }

    static func label(_ sender: SenderSegment) -> String {
        switch sender {
        case .setter: "Setter"
        case .aiApproved: "AI (approved as written)"
        case .aiEdited: "AI (edited by a setter)"
        case .aiAutoSent: "AI (auto-sent)"
        }
    }

    static func percent(_ rate: Double) -> String { String(format: "%.1f %%", rate * 100) }
    static func points(_ difference: Double) -> String { String(format: "%+.1f points", difference * 100) }
}

/// A synthesis or an answer as stored: the findings, who wrote them (model or rules), with what
/// model and parameters, and how many model findings failed validation.
public struct InsightSynthesis: Sendable, Equatable, Codable {
    public var source: DecisionSource
    public var model: String?
    public var temperature: Double?
    public var promptKey: String?
    public var promptRevision: Int?
    public var question: String?
    public var answer: String?
    public var findings: [InsightFinding]
    public var dropped: Int
    public var droppedReasons: [String: Int]
    public var createdAt: Date

    public init(
        source: DecisionSource, model: String? = nil, temperature: Double? = nil, promptKey: String? = nil, promptRevision: Int? = nil,
        question: String? = nil, answer: String? = nil, findings: [InsightFinding], dropped: Int = 0, droppedReasons: [String: Int] = [:],
        createdAt: Date
    ) {
        self.source = source
        self.model = model
        self.temperature = temperature
        self.promptKey = promptKey
        self.promptRevision = promptRevision
        self.question = question
        self.answer = answer
        self.findings = findings
        self.dropped = dropped
        self.droppedReasons = droppedReasons
        self.createdAt = createdAt
    }
}
