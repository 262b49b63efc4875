import Foundation

/// The rules tier's reading of a lead's reply: tokenised clauses (quoted earlier mail cut off,
/// contractions expanded), phrases matched on whole words with negation scope ("not keen",
/// "isn't relevant", "no budget", "don't see how"), several intents per message with a primary
/// one, a `proposesTime` signal from `MeetingTimeParser`, the questions asked, people pointed
/// to, and the dates given. Pure: time comes in as `sentAt`.
public struct ReplyReader: Sendable {
    public var parser: MeetingTimeParser

    public init(parser: MeetingTimeParser) {
        self.parser = parser
    }

    /// How much of a message the rules read. A lead's own words come first and a reply is a few
    /// hundred words; what follows is quoted history or noise. Reading all of a 200,000-character
    /// body took 3 to 20 seconds in a debug build (on the webhook's path), so the rest is not read.
    public static let readLimit = 10_000

    /// The part of a message the rules read (`readLimit` characters).
    public static func readable(_ text: String) -> String { String(text.prefix(readLimit)) }

    /// A UTC reader for callers that need only the intents.
    public static let standard = ReplyReader(parser: MeetingTimeParser(workspaceTimeZone: TimeZone(identifier: "UTC")!))
    /// A fixed "now" for readings without a date: times are only checked for being times.
    static let reference = Date(timeIntervalSince1970: 978_307_200)  // 2001-01-01

    /// A stored message's new words (`Message.readable`), with the lead's time zone from their
    /// memory when they stated one. An automatic reply is an away notice whatever its words
    /// ("no longer with the company" a referral too).
    public func read(_ message: Message, memory: [LeadMemoryEntry]) -> ReplyReading {
        let zone = OverseerContext.leadTimeZone(in: memory)
        var reading = read(message.readable.body, sentAt: message.occurredAt, leadTimeZone: zone)
        guard message.kind == .autoReply, reading.primary != .outOfOffice else { return reading }
        reading.intents = [.outOfOffice] + reading.intents.filter { $0 != .outOfOffice && $0 != .unclear }
        reading.primary = .outOfOffice
        reading.returnDate = ReturnDates.returnDate(in: message.readable.body, sentAt: message.occurredAt, zone: zone ?? parser.workspaceTimeZone)
        return reading
    }

    public func read(_ text: String, sentAt: Date, leadTimeZone: TimeZone? = nil) -> ReplyReading {
        let body = Self.ownText(Self.readable(text))
        let clauses = Self.clauses(body)
        var found: [ReplyIntent] = []
        func add(_ intent: ReplyIntent) { if !found.contains(intent) { found.append(intent) } }

        var proposesTime = false
        for clause in clauses {
            for intent in Self.intents(in: clause) { add(intent) }
            // A day or time the lead can do (not one they rule out) is a request to book it.
            if !clause.negated, Self.namesTime(clause.raw, parser: parser, sentAt: sentAt, leadTimeZone: leadTimeZone) {
                proposesTime = true
            }
        }
        let words = clauses.flatMap(\.tokens)
        if words == ["stop"] { add(.unsubscribe) }
        if words == ["no"] || words == ["nope"] { add(.notInterested) }
        if clauses.contains(where: { $0.tokens.suffix(2) == ["so", "no"] || $0.tokens == ["no"] }) { add(.notInterested) }
        if proposesTime { add(.wantsTimes) }
        let people = Self.referrals(in: body)
        if !people.isEmpty { add(.referral) }
        let questions = QuestionExtractor.questions(in: body)
        // A request ("send me a one-pager") is something to answer, not a question intent.
        if clauses.contains(where: { $0.asks && $0.tokens.count >= 2 }) { add(.question) }
        if found.isEmpty { add(.unclear) }

        let ordered = IntentPolicy.priority.filter(found.contains)
        let lowered = MeetingTimeParser.normalized(body)
        let deferred = RulesMemoryExtractor.notBefore(lowered, sentAt: sentAt, parser: parser, leadTimeZone: leadTimeZone)
        return ReplyReading(
            primary: ordered.first ?? .unclear, intents: ordered, proposesTime: proposesTime, questions: questions,
            people: people + Self.invited(in: body).filter { !people.contains($0) },
            returnDate: ordered.contains(.outOfOffice)
                ? deferred ?? ReturnDates.returnDate(in: body, sentAt: sentAt, zone: leadTimeZone ?? parser.workspaceTimeZone) : nil,
            notBefore: ordered.contains(.notNow) ? deferred : nil)
    }

    /// Whether the clause names a day or time, as the parser reads it; shorthand ("tmrw") spelled
    /// out, and "my time" read in the workspace's zone when the lead's is unknown (the booking
    /// gate stays stricter: it only confirms what it can place exactly).
    static func namesTime(_ clause: String, parser: MeetingTimeParser, sentAt: Date, leadTimeZone: TimeZone?) -> Bool {
        let spelled = clause.replacing(CachedRegex.simple(#"(?i)\b(?:tmrw|tmr|2moro)\b"#), with: "tomorrow")
        if !parser.parse(spelled, sentAt: sentAt, leadTimeZone: leadTimeZone).isEmpty { return true }
        let zoneless = spelled.replacing(CachedRegex.simple(#"(?i)\b(?:my|your) time\b"#), with: "")
        return zoneless != spelled && !parser.parse(zoneless, sentAt: sentAt, leadTimeZone: leadTimeZone).isEmpty
    }

    // MARK: - Text

    /// The lead's own words: quoted earlier mail (`> …`, "On … wrote:") is dropped.
    static func ownText(_ text: String) -> String {
        var kept: [String] = []
        for line in text.replacingOccurrences(of: "’", with: "'").components(separatedBy: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix(">") { continue }
            if trimmed.hasPrefix("-----Original") || (trimmed.hasPrefix("On ") && trimmed.hasSuffix("wrote:")) { break }
            if trimmed.lowercased().hasPrefix("sent from my") { continue }  // a phone's signature, not the lead's words
            kept.append(line)
        }
        return kept.joined(separator: "\n")
    }

    struct Clause {
        var raw: String
        var tokens: [String]
        /// Ends in a question mark or opens like a question.
        var asks: Bool
        /// Holds a negation anywhere.
        var negated: Bool
    }

    static func clauses(_ text: String) -> [Clause] {
        text.components(separatedBy: "\n").flatMap(KnowledgeRetriever.sentences).flatMap { sentence -> [Clause] in
            let question = sentence.hasSuffix("?")
            return sentence.split(separator: CachedRegex.simple(#"(?i),?\s+(?:but|however|though|although)\s+|;"#)).map { part in
                let raw = String(part)
                let tokens = Self.tokens(raw)
                let opensAsQuestion = ReplyLexicon.interrogatives.contains { Array(tokens.prefix($0.count)) == $0 }
                // "not", and the ways leads rule a time out ("Thursday is packed").
                let negated =
                    tokens.contains { ReplyLexicon.negators.contains($0) }
                    || RulesMemoryExtractor.matches(MeetingTimeParser.normalized(" " + raw + " "), RulesMemoryExtractor.negations)
                return Clause(raw: raw, tokens: tokens, asks: question || opensAsQuestion, negated: negated)
            }
        }
    }

    /// Lowercase words with contractions expanded; hyphens split ("one-pager" is `one pager`).
    static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        func flush() {
            guard !current.isEmpty else { return }
            let word = current.hasSuffix("'") ? String(current.dropLast()) : current
            tokens += ReplyLexicon.contractions[word] ?? [word]
            current = ""
        }
        for character in text.lowercased() {
            if character.isLetter || character.isNumber || (character == "'" && !current.isEmpty) {
                current.append(character)
            } else {
                flush()
            }
        }
        flush()
        return tokens
    }

    /// The intents a clause's phrases name, negation applied.
    static func intents(in clause: Clause) -> [ReplyIntent] {
        let tokens = clause.tokens
        var result: [ReplyIntent] = []
        func negated(before index: Int) -> Bool {
            tokens[max(0, index - 4)..<index].contains { ReplyLexicon.negators.contains($0) }
        }
        for entry in ReplyLexicon.all {
            for start in occurrences(of: entry.tokens, in: tokens) {
                switch entry.polarity {
                case .fixed: result.append(entry.intent)
                case .plain: if !negated(before: start) { result.append(entry.intent) }
                case .flipsToNo: if negated(before: start) { result.append(.notInterested) }
                }
            }
        }
        // "a no from us", "Not for me": the word no, standing alone, is a no.
        if tokens.first == "no" && tokens.count <= 3 { result.append(.notInterested) }
        // "interesting subject line" is not interest.
        if let index = tokens.firstIndex(of: "interesting"), tokens.count > index + 1, ["subject", "approach"].contains(tokens[index + 1]) {
            result.removeAll { $0 == .interested }
        }
        // "We already use X", "We are using X already": an objection.
        if tokens.contains("already"), tokens.contains(where: { ["use", "using", "have", "work", "working"].contains($0) }) {
            result.append(.objection)
        }
        let money = ReplyLexicon.pricing.contains { !occurrences(of: $0, in: tokens).isEmpty }
        if money {
            let asks = clause.asks || tokens.contains { ReplyLexicon.asking.contains($0) } || tokens.count <= 2
            result.append(asks ? .pricingQuestion : .objection)
        }
        return result
    }

    static func occurrences(of phrase: [String], in tokens: [String]) -> [Int] {
        guard !phrase.isEmpty, tokens.count >= phrase.count else { return [] }
        return (0...(tokens.count - phrase.count)).filter { start in
            phrase.indices.allSatisfy { tokens[start + $0] == phrase[$0] }
        }
    }
}
