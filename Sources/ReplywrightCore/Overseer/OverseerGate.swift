import Foundation

/// What the overseer gate and the finalizer look at for one draft.
public struct OverseerContext: Sendable {
    public var draft: String
    public var inbound: String
    /// The lead's memory as it stands after the memory step (expired entries excluded).
    public var memory: [LeadMemoryEntry]
    public var lead: Lead
    /// When the inbound was sent: relative times in it are read from here.
    public var sentAt: Date
    /// When the draft is written: relative times in it ("this afternoon") are read from here (a
    /// follow-up is written days after the message it answers).
    public var writtenAt: Date
    public var leadTimeZone: TimeZone?

    public init(
        draft: String, inbound: String, memory: [LeadMemoryEntry], lead: Lead, sentAt: Date, writtenAt: Date? = nil, leadTimeZone: TimeZone?
    ) {
        self.draft = draft
        self.inbound = inbound
        self.memory = memory
        self.lead = lead
        self.sentAt = sentAt
        self.writtenAt = max(writtenAt ?? sentAt, sentAt)
        self.leadTimeZone = leadTimeZone
    }

    /// The zone the lead stated (newest memory entry), if any.
    public static func leadTimeZone(in memory: [LeadMemoryEntry]) -> TimeZone? {
        memory.first { $0.category == MemoryCategory.timeZone.rawValue }?.detail?.field("zone")?.textValue.flatMap(TimeZone.init(identifier:))
    }
}

/// A gate's or finalizer's answer: the text that may go on, or none.
public struct GateOutcome: Sendable, Hashable {
    /// `approve`, `revise` or `block` (the model tier may also end in `failedClosed`).
    public var verdict: OverseerDecision.Verdict
    /// The text after the step; `nil` when blocked.
    public var body: String?
    public var reasons: [String]

    public init(verdict: OverseerDecision.Verdict, body: String?, reasons: [String]) {
        self.verdict = verdict
        self.body = body
        self.reasons = reasons
    }
}

/// The overseer gate's rules tier: checks the draft against the lead's memory and booking
/// state, and removes the sentences that break them (a supervisor override) or blocks the
/// draft when too little would be left.
public struct RulesOverseerGate: Sendable {
    public var parser: MeetingTimeParser

    public init(parser: MeetingTimeParser) {
        self.parser = parser
    }

    public func review(_ context: OverseerContext) -> GateOutcome {
        let memory = Dictionary(grouping: context.memory) { MemoryCategory(rawValue: $0.category) }
        let ruledOut = (memory[.unavailable] ?? []).compactMap(Self.interval)
        // What the lead just offered: our times must fall inside it. A time the message names
        // only to rule it out ("Thursday is packed") is not an offer: counting it made every
        // other day "outside the times the lead offered".
        let offeredNow = RulesMemoryExtractor.offeredTimes(
            in: context.inbound, sentAt: context.sentAt, parser: parser, leadTimeZone: context.leadTimeZone
        ).filter { time in !ruledOut.contains { $0.start <= time.start && $0.end >= time.end } }
        let offered = !(memory[.availability] ?? []).isEmpty || !offeredNow.isEmpty
        let notBefore = (memory[.doNotContactBefore] ?? []).compactMap { $0.detail?.field("until")?.textValue.flatMap(ISO8601.parse) }.max()
        let booked = context.lead.isBooked
        let noCalls = RulesMemoryExtractor.declinesCalls(context.memory)

        var reasons: [String] = []
        let edited = SentenceEditor.removing(from: context.draft) { sentence in
            let lowered = MeetingTimeParser.normalized(sentence)
            let question = sentence.contains("?")
            let times = parser.parse(SpokenTime.withoutConversions(sentence), sentAt: context.writtenAt, leadTimeZone: context.leadTimeZone)
            if question, offered, RulesMemoryExtractor.matches(lowered, Self.asksForTimes) {
                reasons.append("re-asks for times the lead already offered")
                return true
            }
            if question, memory[.timeZone] != nil, RulesMemoryExtractor.matches(lowered, Self.asksForZone) {
                reasons.append("re-asks the lead's time zone, which is known")
                return true
            }
            if question, memory[.person] != nil, RulesMemoryExtractor.matches(lowered, Self.asksForPerson) {
                reasons.append("re-asks who to talk to; the lead already named someone")
                return true
            }
            // An ask or an offer, not a fact that mentions one ("a 30-minute kickoff call",
            // "book 30 percent more meetings" are answers: cutting them blocked the draft).
            if noCalls,
                (question && RulesMemoryExtractor.matches(lowered, Self.asksForCall + Self.asksForTimes))
                    || RulesMemoryExtractor.matches(lowered, Self.offersCall + Self.booking) || !times.isEmpty
            {
                reasons.append("asks for a call; the lead asked to keep to email")
                return true
            }
            if booked, RulesMemoryExtractor.matches(lowered, Self.booking) {
                reasons.append("asks a lead who already booked to book")
                return true
            }
            for time in times {
                if booked {
                    reasons.append("offers new times (\(time.phrase)) to a lead who already booked")
                    return true
                }
                if ruledOut.contains(where: time.overlaps) {
                    reasons.append("proposes \(time.phrase), which the lead ruled out")
                    return true
                }
                if let notBefore, time.start < notBefore {
                    reasons.append("proposes \(time.phrase), before the lead asked to be contacted again")
                    return true
                }
                if !offeredNow.isEmpty, !offeredNow.contains(where: time.overlaps) {
                    reasons.append("proposes \(time.phrase), outside the times the lead offered")
                    return true
                }
            }
            return false
        }
        guard !reasons.isEmpty else { return GateOutcome(verdict: .approve, body: context.draft, reasons: []) }
        guard let edited, SentenceEditor.hasSubstance(edited) else {
            return GateOutcome(verdict: .block, body: nil, reasons: reasons + ["too little would be left after removing it"])
        }
        return GateOutcome(verdict: .revise, body: edited, reasons: reasons)
    }

    static func interval(_ entry: LeadMemoryEntry) -> ProposedTime? {
        guard let start = entry.detail?.field("start")?.textValue.flatMap(ISO8601.parse),
            let end = entry.detail?.field("end")?.textValue.flatMap(ISO8601.parse)
        else { return nil }
        return ProposedTime(start: start, end: end, kind: .window, timeZone: "UTC", phrase: entry.text)
    }

    static let asksForTimes = [
        "what time", "what times", "when works", "when would", "when are you free", "when is good",
        "what works", "your availability", "send me some times", "send over a few times", "what does your week",
        "what day", "which day", "a good time",
    ]
    static let asksForZone = ["time zone", "timezone", "where are you based", "where are you located"]
    static let asksForPerson = ["right person", "who else", "who should i", "who handles", "who is responsible"]
    static let asksForCall = [" call", " meeting", " zoom", " a demo", " chat", "on the phone"]
    static let offersCall = [
        "set up a", "hop on a", "jump on a", "around for a", "if a short call", "if a call", "a call would", "give you a call",
        "call you", "happy to chat", "quick chat", "short chat",
    ]
    static let booking = [
        "book a time", "grab a time", "pick a time", "find a time", "schedule a call", "book a call", "calendar link",
        "calendly", "my calendar", "set up a call", "grab 15", "grab 20", "grab 30",
    ]
}

/// The rules no agent can override, applied last: opted-out leads, addresses that bounced and
/// blocked domains get nothing; a lead who already booked is offered no new times.
public enum HardGates {
    /// Whether anything at all may be sent to the lead (also checked on every human send).
    public static func refusal(for lead: Lead, policy: PolicySettings) -> String? {
        if lead.optedOut { return "the lead opted out" }
        if lead.isUndeliverable { return "mail to the lead's address bounced (undeliverable)" }
        if policy.blocks(email: lead.email) {
            return "the lead's domain \(lead.email.split(separator: "@").last.map(String.init) ?? "") is blocked"
        }
        return nil
    }

    public static func finalize(_ body: String, context: OverseerContext, policy: PolicySettings, parser: MeetingTimeParser) -> GateOutcome {
        if let refusal = refusal(for: context.lead, policy: policy) {
            return GateOutcome(verdict: .block, body: nil, reasons: [refusal])
        }
        guard context.lead.isBooked else { return GateOutcome(verdict: .approve, body: body, reasons: []) }
        var reasons: [String] = []
        let edited = SentenceEditor.removing(from: body) { sentence in
            let offersTimes = !parser.parse(SpokenTime.withoutConversions(sentence), sentAt: context.writtenAt, leadTimeZone: context.leadTimeZone)
                .isEmpty
            if offersTimes || RulesMemoryExtractor.matches(MeetingTimeParser.normalized(sentence), RulesOverseerGate.booking) {
                reasons.append("no new times for a lead who already booked")
                return true
            }
            return false
        }
        guard !reasons.isEmpty else { return GateOutcome(verdict: .approve, body: body, reasons: []) }
        guard let edited, SentenceEditor.hasSubstance(edited) else {
            return GateOutcome(verdict: .block, body: nil, reasons: reasons + ["too little would be left"])
        }
        return GateOutcome(verdict: .revise, body: edited, reasons: reasons)
    }
}

extension Lead {
    /// Booked or rescheduled (a canceled meeting is not booked).
    public var isBooked: Bool { appointmentStatus == .booked || appointmentStatus == .rescheduled }
}

/// Removes whole sentences from an email while keeping its paragraphs.
enum SentenceEditor {
    /// `nil` when nothing is left.
    static func removing(from text: String, where shouldRemove: (String) -> Bool) -> String? {
        var blocks: [String] = []
        for block in text.components(separatedBy: "\n\n") {
            let lines = block.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> String? in
                let sentences = MinimalEdit.sentences(in: String(line))
                let kept = sentences.filter { !shouldRemove($0) }
                if sentences.isEmpty { return String(line) }
                return kept.isEmpty ? nil : kept.joined(separator: " ")
            }
            let joined = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            if !joined.isEmpty { blocks.append(joined) }
        }
        let result = blocks.joined(separator: "\n\n")
        return result.isEmpty ? nil : result
    }

    /// More than a greeting and a sign-off: at least eight words in lines of four or more.
    static func hasSubstance(_ text: String) -> Bool {
        let words = text.split(separator: "\n").map { TextShingles.words(String($0)).count }.filter { $0 >= 4 }.reduce(0, +)
        return words >= 8
    }
}

/// Whether to confirm a time the lead proposed, propose one inside a window they gave, or
/// neither. Only the lead's own times are ever confirmed; nothing is confirmed for a lead who
/// is booked or opted out, before their "not before" date, in a window they ruled out, or in
/// the past.
public enum BookingGate {
    public enum Decision: Sendable, Hashable {
        /// The lead proposed this exact slot and it is free to accept.
        case confirm(ProposedTime)
        /// The lead gave a window; offer a slot inside it.
        case propose(within: ProposedTime)
        /// The lead offered times, none of them usable: ask for others.
        case askAgain(String)
        /// No times in play, or none may be offered (booked, opted out).
        case hold(String)
    }

    public static func decide(_ context: OverseerContext, parser: MeetingTimeParser, now: Date) -> Decision {
        if context.lead.optedOut { return .hold("the lead opted out") }
        if context.lead.isBooked { return .hold("the lead already booked") }
        let proposed = RulesMemoryExtractor.offeredTimes(
            in: context.inbound, sentAt: context.sentAt, parser: parser, leadTimeZone: context.leadTimeZone)
        guard !proposed.isEmpty else { return .hold("the lead proposed no times") }
        let memory = Dictionary(grouping: context.memory) { MemoryCategory(rawValue: $0.category) }
        let ruledOut = (memory[.unavailable] ?? []).compactMap(RulesOverseerGate.interval)
        let notBefore = (memory[.doNotContactBefore] ?? []).compactMap { $0.detail?.field("until")?.textValue.flatMap(ISO8601.parse) }.max()
        let usable = proposed.filter { time in
            time.end > now && !ruledOut.contains(where: time.overlaps) && notBefore.map { time.start >= $0 } ?? true
        }
        if let slot = usable.first(where: { $0.kind == .slot && $0.start > now }) { return .confirm(slot) }
        if let window = usable.first { return .propose(within: window) }
        // A time the lead offered that has passed (the reply waited): the same weekday and time a
        // week later, offered, not confirmed.
        let week: TimeInterval = 7 * 86_400
        for time in proposed where time.kind == .slot && time.end <= now {
            let weeks = ((now.timeIntervalSince(time.start)) / week).rounded(.down) + 1
            var later = time
            later.start = time.start.addingTimeInterval(weeks * week)
            later.end = time.end.addingTimeInterval(weeks * week)
            later.phrase = time.phrase + ", a week on"
            if !ruledOut.contains(where: later.overlaps), notBefore.map({ later.start >= $0 }) ?? true { return .propose(within: later) }
        }
        return .askAgain("the times the lead offered have passed or were ruled out")
    }
}

extension BookingGate.Decision {
    /// No times in play (or none may be offered).
    public var isHold: Bool { if case .hold = self { true } else { false } }
    /// The lead offered times, none of them usable.
    public var isAskAgain: Bool { if case .askAgain = self { true } else { false } }
    /// The lead gave a window (or a time that has passed): a time inside it is to be offered.
    public var isPropose: Bool { if case .propose = self { true } else { false } }

    /// For the decision log: what was decided, in words (the lead's phrase and the UTC instant).
    public var summary: String {
        switch self {
        case .confirm(let slot): return "confirm \(slot.phrase) (\(ISO8601.format(slot.start)))"
        case .propose(let window): return "propose a time within \(window.phrase) (\(ISO8601.format(window.start)) – \(ISO8601.format(window.end)))"
        case .askAgain(let reason): return "ask for other times: \(reason)"
        case .hold(let reason): return "no times: \(reason)"
        }
    }
}
