import Foundation

/// The rules tier's reading of a lead's reply: tokenised clauses (quoted history and
/// signature cut, contractions expanded), phrases matched on whole words with negation scope
/// ("not keen", "isn't relevant", "no budget", "don't see how"), a `proposesTime` signal from
/// `MeetingTimeParser`, the questions asked, people pointed to, and the dates given; then the
/// trained classifier (`IntentModel`) over the words and those signals names the primary intent
/// with a calibrated confidence. The rules keep the hard signals: an explicit unsubscribe is
/// one whatever the model says. A reading under the model's confidence threshold is not a
/// guess: it is `unclear` (a person checks it). Without a model the rules read alone, in
/// `IntentPolicy`'s priority order. Pure: time comes in as `sentAt`.
public struct ReplyReader: Sendable {
    public var parser: MeetingTimeParser
    /// The trained classifier; `nil`: the rules alone.
    public var model: IntentModel?

    public init(parser: MeetingTimeParser, model: IntentModel? = IntentModel.shipped) {
        self.parser = parser
        self.model = model
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
    public static let reference = Date(timeIntervalSince1970: 978_307_200)  // 2001-01-01

    /// A stored message's new words (`Message.readable`), with the lead's time zone from their
    /// memory when they stated one. An automatic reply is an away notice whatever its words
    /// ("no longer with the company" a referral too).
    /// `leadZone`: the lead's zone when known from more than memory (`LeadTimeZone`).
    public func read(_ message: Message, memory: [LeadMemoryEntry], leadZone: TimeZone? = nil) -> ReplyReading {
        let zone = leadZone ?? OverseerContext.leadTimeZone(in: memory)
        var reading = read(message.readable.body, sentAt: message.occurredAt, leadTimeZone: zone)
        guard message.kind == .autoReply, reading.primary != .outOfOffice else { return reading }
        reading.intents = [.outOfOffice] + reading.intents.filter { $0 != .outOfOffice && $0 != .unclear }
        reading.primary = .outOfOffice
        reading.confidence = 1
        reading.returnDate = ReturnDates.returnDate(in: message.readable.body, sentAt: message.occurredAt, zone: zone ?? parser.workspaceTimeZone)
        return reading
    }

    /// What the rules find, before the classifier weighs in.
    struct Rules {
        var body: String
        var clauses: [Clause]
        /// The intents the phrases name, in the order found.
        var found: [ReplyIntent]
        /// Intents a phrase named under a negation ("can't do a call"): the lead said the opposite.
        var negated: Set<ReplyIntent>
        var proposesTime: Bool
        var people: [String]
    }

    func rules(_ text: String, sentAt: Date, leadTimeZone: TimeZone?) -> Rules {
        let visible = ReplySplitter.split(Self.readable(text)).visible
        let body = visible.isEmpty ? Self.readable(text) : visible
        let clauses = Self.clauses(body)
        var found: [ReplyIntent] = []
        func add(_ intent: ReplyIntent) { if !found.contains(intent) { found.append(intent) } }

        var proposesTime = false
        var negated = Set<ReplyIntent>()
        for clause in clauses {
            for intent in Self.intents(in: clause) { add(intent) }
            negated.formUnion(Self.negatedIntents(in: clause))
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
        // Away notices and "no longer with the company" in the languages the mail reader knows.
        if body.contains(CachedRegex.simple(AutomatedMailDetector.awayBodies)) { add(.outOfOffice) }
        if AutomatedMailDetector.saysThePersonLeft(body) { add(.referral) }
        // A request ("send me a one-pager") is something to answer, not a question intent.
        if clauses.contains(where: { $0.asks && $0.tokens.count >= 2 }) { add(.question) }
        return Rules(
            body: body, clauses: clauses, found: found, negated: negated.subtracting(found), proposesTime: proposesTime, people: people)
    }

    /// The classifier's features of a text: its words and what the rules read in it (training
    /// reads times against the fixed reference date).
    func features(of text: String) -> [Int] {
        features(rules(text, sentAt: Self.reference, leadTimeZone: nil))
    }

    private func features(_ rules: Rules) -> [Int] {
        IntentFeatures.extract(
            rules.body,
            signals: IntentFeatures.Signals(
                ruleIntents: rules.found, asks: rules.clauses.contains(where: \.asks), negated: rules.clauses.contains(where: \.negated),
                namesTime: rules.proposesTime, pointsToSomeone: !rules.people.isEmpty))
    }

    public func read(_ text: String, sentAt: Date, leadTimeZone: TimeZone? = nil) -> ReplyReading {
        let rules = rules(text, sentAt: sentAt, leadTimeZone: leadTimeZone)
        let body = rules.body
        let byPriority = IntentPolicy.priority.filter(rules.found.contains)
        var primary = byPriority.first ?? .unclear
        var confidence = rules.found.isEmpty ? 0.0 : 1.0
        var intents = byPriority
        if let model {
            let probabilities = model.probabilities(features(rules))
            // Negation is a hard signal: what the lead said they do not want is not their intent
            // (its probability goes to the others).
            let allowed = zip(model.classes, probabilities).filter { !rules.negated.contains($0.0) }
            let mass = max(1e-9, allowed.map(\.1).reduce(0, +))
            let ranked = allowed.map { ($0.0, $0.1 / mass) }.sorted { $0.1 > $1.1 }
            let (top, probability) = ranked[0]
            confidence = probability
            // An explicit unsubscribe is a hard signal, whatever the model says.
            if rules.found.contains(.unsubscribe) {
                primary = .unsubscribe
                confidence = 1
            } else if probability >= model.threshold {
                primary = top
            } else {
                primary = .unclear
            }
            let likely = ranked.filter { $0.1 >= 0.25 }.map(\.0)
            intents = IntentPolicy.priority.filter { $0 != primary && (rules.found.contains($0) || likely.contains($0)) }
            intents.insert(primary, at: 0)
        }
        if intents.isEmpty { intents = [.unclear] }
        let lowered = MeetingTimeParser.normalized(body)
        let deferred = RulesMemoryExtractor.notBefore(lowered, sentAt: sentAt, parser: parser, leadTimeZone: leadTimeZone)
        let people = rules.people + Self.invited(in: body).filter { !rules.people.contains($0) }
        return ReplyReading(
            primary: primary, intents: intents, proposesTime: rules.proposesTime, questions: QuestionExtractor.questions(in: body),
            people: people,
            returnDate: intents.contains(.outOfOffice)
                ? deferred ?? ReturnDates.returnDate(in: body, sentAt: sentAt, zone: leadTimeZone ?? parser.workspaceTimeZone) : nil,
            notBefore: intents.contains(.notNow) ? deferred : nil, confidence: confidence, material: Self.requestedMaterial(in: body),
            asksNextSteps: Self.asksNextSteps(body), copiedIn: Self.copiedIn(body, people: people))
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
            if Self.isIdeograph(character) {
                // Chinese and Japanese write without spaces: each ideograph is a word.
                flush()
                tokens.append(String(character))
            } else if character.isLetter || character.isNumber || (character == "'" && !current.isEmpty) {
                current.append(character)
            } else {
                flush()
            }
        }
        flush()
        return tokens
    }

    static func isIdeograph(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        return (0x4E00...0x9FFF).contains(scalar.value) || (0x3040...0x30FF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value)
    }

    /// The intents a clause's phrases name, negation applied.
    static func intents(in clause: Clause) -> [ReplyIntent] {
        let tokens = clause.tokens
        var result: [ReplyIntent] = []
        func negated(before index: Int) -> Bool {
            tokens[max(0, index - 4)..<index].contains { ReplyLexicon.negators.contains($0) }
        }
        for (entry, start) in lexiconMatches(tokens) {
            switch entry.polarity {
            case .fixed: result.append(entry.intent)
            case .plain: if !negated(before: start) { result.append(entry.intent) }
            case .flipsToNo: if negated(before: start) { result.append(.notInterested) }
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

    /// The intents whose phrases a negation stands just before in the clause ("can't do a call",
    /// "not interested" aside: that phrase says no itself).
    static func negatedIntents(in clause: Clause) -> Set<ReplyIntent> {
        let tokens = clause.tokens
        var result = Set<ReplyIntent>()
        for (entry, start) in lexiconMatches(tokens) where entry.polarity == .plain {
            if tokens[max(0, start - 4)..<start].contains(where: { ReplyLexicon.negators.contains($0) }) { result.insert(entry.intent) }
        }
        return result
    }

    /// Every lexicon phrase found in `tokens` with where it starts, in the lexicon's order (then
    /// by position), looked up by each word rather than tried at every word.
    static func lexiconMatches(_ tokens: [String]) -> [(entry: ReplyLexicon.Entry, start: Int)] {
        var matches: [(index: Int, entry: ReplyLexicon.Entry, start: Int)] = []
        for (start, token) in tokens.enumerated() {
            for (index, entry) in ReplyLexicon.byFirstToken[token] ?? [] where start + entry.tokens.count <= tokens.count {
                if entry.tokens.indices.allSatisfy({ tokens[start + $0] == entry.tokens[$0] }) { matches.append((index, entry, start)) }
            }
        }
        return matches.sorted { ($0.index, $0.start) < ($1.index, $1.start) }.map { ($0.entry, $0.start) }
    }

    static func occurrences(of phrase: [String], in tokens: [String]) -> [Int] {
        guard !phrase.isEmpty, tokens.count >= phrase.count else { return [] }
        return (0...(tokens.count - phrase.count)).filter { start in
            phrase.indices.allSatisfy { tokens[start + $0] == phrase[$0] }
        }
    }
}
