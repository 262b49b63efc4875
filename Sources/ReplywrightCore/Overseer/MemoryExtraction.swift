import Foundation

/// What kind of durable fact a lead memory entry holds.
public enum MemoryCategory: String, Sendable, Hashable, Codable, CaseIterable {
    /// Times the lead offered; detail `{"start", "end"}` (ISO 8601).
    case availability
    /// Times the lead ruled out; detail `{"start", "end"}`.
    case unavailable
    /// detail `{"zone": "America/Los_Angeles"}`.
    case timeZone = "time_zone"
    case objection
    case preference
    /// Someone the lead pointed to or copied in.
    case person
    /// detail `{"until": ISO 8601}`: no outreach before then.
    case doNotContactBefore = "do_not_contact_before"
}

/// A fact the memory step read out of an inbound message, before it is stored.
public struct ExtractedFact: Sendable, Hashable, Codable {
    public var category: MemoryCategory
    public var text: String
    public var detail: JSONValue?

    public init(category: MemoryCategory, text: String, detail: JSONValue? = nil) {
        self.category = category
        self.text = text
        self.detail = detail
    }

    /// How long memory keeps a fact.
    public static let retention: TimeInterval = 90 * 24 * 3600
}

/// The memory step's rules tier: durable facts by pattern, times through `MeetingTimeParser`.
/// It keeps the lead's own sentence as the entry's text, so a human sees what was said.
public struct RulesMemoryExtractor: Sendable {
    public var parser: MeetingTimeParser

    public init(parser: MeetingTimeParser) {
        self.parser = parser
    }

    public func extract(from message: String, sentAt: Date, leadTimeZone: TimeZone?) -> [ExtractedFact] {
        let text = ReplyReader.readable(message)
        var facts: [ExtractedFact] = []
        func add(_ fact: ExtractedFact) { if !facts.contains(fact) { facts.append(fact) } }
        var zone = leadTimeZone
        for sentence in Self.sentences(text) {
            let lowered = MeetingTimeParser.normalized(sentence)
            if let stated = Self.statedZone(lowered) {
                zone = stated
                add(ExtractedFact(category: .timeZone, text: sentence, detail: ["zone": .string(stated.identifier)]))
            }
        }
        for sentence in Self.sentences(text) {
            let lowered = MeetingTimeParser.normalized(sentence)
            if let until = Self.notBefore(lowered, sentAt: sentAt, parser: parser, leadTimeZone: zone) {
                add(ExtractedFact(category: .doNotContactBefore, text: sentence, detail: ["until": .string(ISO8601.format(until))]))
                continue  // "back on Monday" is not an offer of Monday
            }
            // "Thursday works, but Friday doesn't": each side of a "but" has its own polarity.
            for clause in sentence.split(separator: CachedRegex.simple(#"(?i),?\s+(?:but|however|though|although)\s+|;"#)).map(String.init) {
                let negative = Self.matches(MeetingTimeParser.normalized(clause), Self.negations)
                for time in parser.parse(clause, sentAt: sentAt, leadTimeZone: zone) {
                    add(
                        ExtractedFact(
                            category: negative ? .unavailable : .availability, text: sentence,
                            detail: ["start": .string(ISO8601.format(time.start)), "end": .string(ISO8601.format(time.end))]))
                }
            }
            if Self.matches(lowered, Self.objections) { add(ExtractedFact(category: .objection, text: sentence)) }
            if Self.matches(lowered, Self.preferences) { add(ExtractedFact(category: .preference, text: sentence)) }
            if let person = Self.person(in: sentence) {
                add(ExtractedFact(category: .person, text: sentence, detail: ["name": .string(person)]))
            }
        }
        return facts
    }

    /// The times a message offers: what the parser reads in it, less the sentences that name a
    /// return or a "not before" date ("I'm away until Friday 4 December" offers nothing, so the
    /// follow-up sent when they are back may ask for times and is not "past the lead's times").
    public static func offeredTimes(in message: String, sentAt: Date, parser: MeetingTimeParser, leadTimeZone: TimeZone?) -> [ProposedTime] {
        let text = ReplyReader.readable(message)
        let sentences = Self.sentences(text)
        let offers = sentences.filter {
            notBefore(MeetingTimeParser.normalized($0), sentAt: sentAt, parser: parser, leadTimeZone: leadTimeZone) == nil
        }
        let read = offers.count == sentences.count ? text : offers.joined(separator: "\n")
        return parser.parse(read, sentAt: sentAt, leadTimeZone: leadTimeZone)
    }

    // MARK: - Patterns

    static func sentences(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).flatMap { MinimalEdit.sentences(in: String($0)) }.filter { !$0.isEmpty && $0.count <= 500 }
    }

    static func matches(_ lowered: String, _ phrases: [String]) -> Bool { phrases.contains { lowered.contains($0) } }

    static let negations = [
        " not ", "n't ", " cannot ", " can not ", " no good", " busy", " unavailable", " out of office",
        " booked up", " won't work", " doesn't work", " don't work", " off ", " away ", " packed", " slammed",
        " swamped", " fully booked", " tied up", " no go", " impossible",
    ]
    static let objections = [
        "too expensive", "no budget", "not in the budget", "already use", "already have", "already work with",
        "we use ", "not a priority", "locked into", "under contract", "concerned", "worried", "not sure it",
        "don't see how", "doesn't fit", "too small", "too big",
    ]
    static let preferences =
        [
            "prefer", "rather ", "please only", "email is best", "email me", "call me", "text me", "best way to reach", "keep it short",
            "mornings are better", "afternoons are better", "via zoom", "on zoom", "google meet", "teams call",
        ] + noCalls
    /// A lead who wants no call: remembered as a preference, and then no reply asks for one.
    static let noCalls = [
        "no call", "no phone", "email only", "only email", "only by email", "only over email", "only via email", "prefer email",
        "keep it to email", "keep this to email", "stick to email", "over email please", "in writing", "don't want a call",
        "do not want a call", "rather not do a call", "rather not hop on a call", "rather not jump on a call", "no meetings",
    ]

    /// Whether the lead asked for no call ("no calls, please", "email only", "keep this in
    /// writing"), among these memory entries (this message's facts and what is remembered).
    public static func declinesCalls(_ memory: [LeadMemoryEntry]) -> Bool {
        memory.contains { $0.category == MemoryCategory.preference.rawValue && matches(MeetingTimeParser.normalized($0.text), noCalls) }
    }

    private static let zoneNames: [(String, String)] = [
        ("pacific", "America/Los_Angeles"), ("eastern", "America/New_York"), ("central", "America/Chicago"),
        ("mountain", "America/Denver"), ("los angeles", "America/Los_Angeles"), ("san francisco", "America/Los_Angeles"),
        ("seattle", "America/Los_Angeles"), ("new york", "America/New_York"), ("boston", "America/New_York"),
        ("toronto", "America/Toronto"), ("chicago", "America/Chicago"), ("austin", "America/Chicago"),
        ("denver", "America/Denver"), ("london", "Europe/London"), ("dublin", "Europe/Dublin"), ("berlin", "Europe/Berlin"),
        ("paris", "Europe/Paris"), ("amsterdam", "Europe/Amsterdam"), ("madrid", "Europe/Madrid"), ("sydney", "Australia/Sydney"),
        ("singapore", "Asia/Singapore"), ("uk", "Europe/London"), ("cet", "Europe/Berlin"), ("utc", "UTC"), ("gmt", "UTC"),
        ("pt", "America/Los_Angeles"), ("pst", "America/Los_Angeles"), ("et", "America/New_York"), ("est", "America/New_York"),
        ("ct", "America/Chicago"), ("cst", "America/Chicago"),
    ]

    /// Only what the lead says about themselves: "I'm on Pacific time", "I'm based in Berlin",
    /// "my time zone is CET". A zone next to a proposed time is not a statement of where they are.
    static func statedZone(_ lowered: String) -> TimeZone? {
        let names = zoneNames.map(\.0).joined(separator: "|")
        let pattern =
            #"\b(?:i'm|i am|we're|we are)\s+(?:on|in|based in|located in|over in)\s+(?:the\s+)?("# + names
            + #")(?:\s+time)?\b|\bmy time ?zone is\s+("# + names + #")\b"#
        guard let match = lowered.firstMatch(of: CachedRegex.simple(pattern)) else { return nil }
        let name = (match.output[1].substring ?? match.output[2].substring).map(String.init) ?? ""
        return zoneNames.first { $0.0 == name }.flatMap { TimeZone(identifier: $0.1) }
    }

    private static let months = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december",
    ]

    /// "reach out after March", "get back to me in 2 weeks", "try me next quarter", "out until the 14th",
    /// "no budget until Q3", "after the holidays", "in a few months".
    static func notBefore(_ lowered: String, sentAt: Date, parser: MeetingTimeParser, leadTimeZone: TimeZone?) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = leadTimeZone ?? parser.workspaceTimeZone
        let today = calendar.dateComponents([.year, .month], from: sentAt)
        guard let year = today.year, let month = today.month else { return nil }
        func first(_ year: Int, _ month: Int, _ day: Int = 1) -> Date? {
            calendar.date(from: DateComponents(year: month > 12 ? year + 1 : year, month: month > 12 ? month - 12 : month, day: day))
        }
        // Periods said without a date: each has a sensible first day.
        if let quarter = lowered.firstMatch(of: /\bq([1-4])\b/), let number = Int(quarter.output.1) {
            let start = (number - 1) * 3 + 1
            return first(start > month ? year : year + 1, start)
        }
        if lowered.contains("after the holidays") || lowered.contains("new year") {
            return first(month >= 11 ? year + 1 : year, month >= 11 ? 1 : month + 1, month >= 11 ? 5 : 1)
        }
        if lowered.contains("after the summer") { return first(month >= 9 ? year + 1 : year, 9) }
        if lowered.contains("in the spring") { return first(month >= 3 ? year + 1 : year, 3, 20) }
        if lowered.contains("couple of months") { return calendar.date(byAdding: .month, value: 2, to: sentAt).map { calendar.startOfDay(for: $0) } }
        if lowered.contains("few months") || lowered.contains("later this year") || lowered.contains("later in the year") {
            return calendar.date(byAdding: .month, value: 3, to: sentAt).map { calendar.startOfDay(for: $0) }
        }
        if lowered.contains("next quarter") {
            return first(year, ((month - 1) / 3 + 1) * 3 + 1)
        }
        if lowered.contains("next month") { return first(year, month + 1) }
        if lowered.contains("next year") { return first(year + 1, 1) }

        let trigger =
            #"\b(?:reach out|get back to me|contact me|follow up|check back|circle back|ping me|try me|email me|write me|talk|back|out|away|off|ooo|office|leave|vacation|holiday|holidays|returning|pto|freeze|revisit|hold off)\s+(?:again\s+)?(?:after|in|on|until|till|from|next|around)\b"#
        guard let match = lowered.firstMatch(of: CachedRegex.simple(trigger)) else { return nil }
        let rest = String(lowered[match.range.lowerBound...])
        if let amount = rest.firstMatch(of: /\bin\s+(\d{1,2}|a|one|two|three|six)\s+(day|week|month)s?\b/) {
            let words = ["a": 1, "one": 1, "two": 2, "three": 3, "six": 6]
            let count = Int(amount.output.1) ?? words[String(amount.output.1)] ?? 1
            let unit: Calendar.Component = amount.output.2 == "day" ? .day : amount.output.2 == "week" ? .weekOfYear : .month
            return calendar.date(byAdding: unit, value: count, to: sentAt).map { calendar.startOfDay(for: $0) }
        }
        if let found = parser.parse(rest, sentAt: sentAt, leadTimeZone: leadTimeZone).first {
            return calendar.startOfDay(for: found.start)
        }
        // A month alone: "after March" is the first of the next March to come (the month after it
        // for "after"; "in March" is its first day).
        for (index, name) in months.enumerated() where rest.contains(name) || rest.contains(String(name.prefix(3)) + " ") {
            var target = index + 1
            var targetYear = target >= month ? year : year + 1
            if rest.contains("after") {
                target += 1
                if target > 12 {
                    target = 1
                    targetYear += 1
                }
            }
            return calendar.date(from: DateComponents(year: targetYear, month: target, day: 1))
        }
        return nil
    }

    private static func firstOfMonth(_ date: Date, _ calendar: Calendar) -> Date? {
        calendar.date(from: calendar.dateComponents([.year, .month], from: date))
    }

    /// "cc'ing Jane", "talk to Mark, our CTO", "loop in Priya" (names keep their capital letter).
    static func person(in sentence: String) -> String? {
        let pattern =
            #"(?i:\b(?:cc'?ing|cc|copying|looping in|loop in|talk to|speak to|speak with|reach out to|contact|email|forwarding this to|meet with)\s+(?:my colleague\s+|our\s+|my\s+)?)([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"#
        guard let match = sentence.replacingOccurrences(of: "’", with: "'").firstMatch(of: CachedRegex.simple(pattern)) else { return nil }
        let name = match.output[1].substring.map(String.init) ?? ""
        let notNames: Set<String> = [
            "Me", "Us", "You", "Our", "The", "Him", "Her", "Them", "Sales", "Support", "Monday", "Tuesday",
            "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "I",
        ]
        return name.isEmpty || notNames.contains(String(name.split(separator: " ")[0])) ? nil : name
    }
}
