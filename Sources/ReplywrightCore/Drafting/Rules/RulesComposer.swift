import Foundation

/// The rules tier's writer. It answers: each question the lead asked gets the passage that
/// answers it (as the knowledge states it, numbers untouched) or a plain "I'll confirm"; a time
/// the lead offered is confirmed in words; then the archetype's call to action, if the intent
/// allows one. Nothing else: no filler to reach a length (the archetype's band is an upper
/// bound here). Phrasing and layout vary by a stable hash of lead, trigger and attempt, and by
/// the archetype's structure, so identical inbounds still get structurally different replies.
public struct RulesComposer: Sendable {
    /// One question and what answers it.
    public struct Answer: Sendable, Hashable {
        public var question: String
        /// The knowledge passage that answers it; `nil`: no fact does (the sender will confirm).
        public var passage: String?
        /// What the question is about, in a word or two ("integrations"), for framing.
        public var topic: String?

        public init(question: String, passage: String?, topic: String?) {
            self.question = question
            self.passage = passage
            self.topic = topic
        }
    }

    /// What the reply says about meeting.
    public enum Booking: Sendable, Hashable {
        /// The lead's own time, in words ("Tuesday 24 November at 3:00 pm EST").
        case confirm(String)
        /// Times to offer, in words.
        case offer([String])
        /// A scheduling link.
        case link(String)
        /// Ask the lead for times.
        case askForTimes
        /// Nothing about meeting beyond the archetype's call to action.
        case none
        /// No call to action at all (opted out, away, said no).
        case noCallToAction
    }

    /// What the composer may use.
    public struct Inputs: Sendable {
        public var intent: ReplyIntent
        public var archetype: Archetype
        public var firstName: String?
        public var company: String?
        /// The lead's custom variables (for a personal hook), e.g. `city`.
        public var variables: [String: String]
        public var answers: [Answer]
        public var booking: Booking
        /// People the lead asked to include, or pointed to.
        public var people: [String]
        public var channel: Channel
        /// The block under the sign-off word.
        public var signature: String
        /// "I'll reach out again in March" for a lead who said not now.
        public var followUp: String?
        /// Set when this is a scheduled follow-up (the lead was away, or said not now).
        public var followingUp: FollowUp.Reason?
        /// Material the lead asked for ("one-pager") and its link, when the knowledge has one.
        public var material: (name: String, url: String?)?
        /// The lead asked what the next steps are.
        public var nextSteps: Bool
        /// Someone the lead copied in (a name, or "your co-founder"): the reply speaks to them too.
        public var copiedIn: String?
        /// Lead id, trigger message id and attempt.
        public var seed: String

        public init(
            intent: ReplyIntent, archetype: Archetype, firstName: String?, company: String?, variables: [String: String],
            answers: [Answer] = [], booking: Booking = .none, people: [String] = [], channel: Channel = .email, signature: String,
            followUp: String? = nil, followingUp: FollowUp.Reason? = nil, material: (name: String, url: String?)? = nil,
            nextSteps: Bool = false, copiedIn: String? = nil, seed: String
        ) {
            self.intent = intent
            self.archetype = archetype
            self.firstName = firstName
            self.company = company
            self.variables = variables
            self.answers = answers
            self.booking = booking
            self.people = people
            self.channel = channel
            self.signature = signature
            self.followUp = followUp
            self.followingUp = followingUp
            self.material = material
            self.nextSteps = nextSteps
            self.copiedIn = copiedIn
            self.seed = seed
        }
    }

    public init() {}

    /// SMS is at most this long.
    public static let smsLimit = 320

    public func compose(_ inputs: Inputs) -> String {
        var picker = PhrasePicker(seed: inputs.seed)
        let archetype = inputs.archetype
        let phrases = RulesPhrases.self
        let name = inputs.firstName.flatMap { $0.isEmpty ? nil : $0 }

        // What the reply must say, in order.
        var core: [String] = []
        if case .confirm(let time) = inputs.booking { core.append(picker.pick(phrases.confirmations(time), slot: "confirm")) }
        if let copied = inputs.copiedIn {
            // They are in the thread: spoken to here, not written to apart.
            core.append(picker.pick(phrases.copied(copied), slot: "people"))
        } else if !inputs.people.isEmpty {
            let names = phrases.list(inputs.people)
            core.append(picker.pick(inputs.intent == .referral ? phrases.referrals(names) : phrases.including(names), slot: "people"))
        }
        // Two questions answered by one passage ("What results have others seen? Any numbers?") get it once.
        var said: Set<String> = []
        for (index, answer) in inputs.answers.enumerated() {
            if let passage = answer.passage {
                guard said.insert(passage).inserted else { continue }
                core.append(picker.pick(phrases.answered(passage, topic: answer.topic), slot: "answer\(index)"))
            } else {
                core.append(picker.pick(phrases.unanswered(answer.question), slot: "confirm\(index)"))
            }
        }
        if let material = inputs.material { core.append(picker.pick(phrases.material(material.name, url: material.url), slot: "material")) }
        if inputs.nextSteps, IntentPolicy.of(inputs.intent).callToAction, inputs.booking != .noCallToAction {
            core.append(picker.pick(phrases.nextSteps, slot: "next"))
        }
        switch inputs.booking {
        case .offer(let times) where !times.isEmpty: core.append(picker.pick(phrases.offers(times), slot: "offer"))
        case .link(let link): core.append(picker.pick(phrases.links(link), slot: "link"))
        case .askForTimes: core.append(picker.pick(phrases.askForTimes, slot: "ask"))
        default: break
        }
        if let followUp = inputs.followUp { core.append(followUp) }
        if let reason = inputs.followingUp { core.insert(picker.pick(phrases.followingUp(reason), slot: "followup"), at: 0) }
        // An intent line only when nothing above speaks to the message, or the intent leads with one.
        let policy = IntentPolicy.of(inputs.intent)
        let acknowledging = core.isEmpty || policy.acknowledges
        if acknowledging { core.insert(picker.pick(phrases.acknowledgements(inputs.intent), slot: "ack"), at: 0) }
        // The core already thanks or acknowledges (an intent line, "Thanks for pointing me to Dana").
        let acknowledged = acknowledging || core.contains { $0.hasPrefix("Thank") || $0.hasPrefix("Appreciate") }
        // A lead who said no or is away gets the acknowledgement alone, no warm-up; an
        // acknowledgement is not stacked on a thank-you, a "Got it." or a "Good question." ("Got it. Completely understand.").
        // A scheduled follow-up opens with its own line ("Welcome back"), no warm-up before it.
        let opening =
            !policy.warmUp || inputs.channel == .sms || inputs.followingUp != nil
                || (acknowledged && [.thanks, .briefAcknowledgement, .mirror].contains(archetype.opening))
            ? nil
            : phrases.opening(
                archetype.opening, inputs.intent, company: inputs.company, city: inputs.variables["city"],
                hasAnswers: inputs.answers.contains { $0.passage != nil }, hasQuestions: inputs.answers.contains { !$0.question.isEmpty },
                picker: &picker)

        // A lead who said no, is away, pointed elsewhere or asked for later gets no ask (a scheduled
        // follow-up is a fresh reach-out and may ask).
        let allowsCallToAction = inputs.booking != .noCallToAction && (policy.callToAction || inputs.followingUp != nil)
        var callToAction: String?
        if allowsCallToAction {
            switch inputs.booking {
            case .confirm:
                callToAction = archetype.close == .question ? picker.pick(phrases.afterConfirmation, slot: "cta") : nil
            case .offer, .link, .askForTimes:
                callToAction = nil  // the booking sentence is the call to action
            default:
                callToAction = picker.pick(
                    archetype.close == .question ? phrases.questions(inputs.intent) : phrases.statements(inputs.intent), slot: "cta")
            }
        }

        // Lay out: opening (if the archetype has one), the core, then the ask: nothing follows a
        // call to action but the sign-off (an ask mid-reply left "Great to hear." after it).
        var sentences = (opening.map { [$0] } ?? []) + core
        if let callToAction { sentences.append(callToAction) }
        // The band is an upper bound: drop the opening when the answers already fill it.
        let maximum = Int(Double(archetype.length.words.upperBound) * 1.2)
        if TextShingles.words(sentences.joined(separator: " ")).count > maximum, let opening, sentences.count > 1 {
            sentences.removeAll { $0 == opening }
        }

        switch inputs.channel {
        case .sms:
            return Self.sms(sentences, name: name)
        case .linkedin, .email, .form:
            var blocks: [String] = []
            if archetype.greeting {
                // A greeting that thanks ("Hi Aisha, thanks for the note.") only when no line after it does;
                // a person copied in by name is greeted too.
                let warm = !sentences.contains { $0 == opening } && !acknowledged
                let copied = inputs.copiedIn.flatMap { $0.first?.isUppercase == true ? $0 : nil }
                let greeted = name.map { first in copied.map { "\(first) and \($0)" } ?? first }
                blocks.append(picker.pick(phrases.greetings(greeted, warm: warm), slot: "greeting"))
            }
            blocks += Self.paragraphs(sentences, count: inputs.channel == .linkedin ? min(2, archetype.paragraphs) : archetype.paragraphs)
            if inputs.channel != .linkedin, archetype.signOff {
                blocks.append(picker.pick(phrases.signOffs, slot: "signoff") + "\n" + inputs.signature)
            } else if let first = SignOff.firstName(of: inputs.signature) {
                // LinkedIn, and a one-line email, end with a first name: a person signs every reply.
                blocks.append(first)
            }
            return blocks.filter { !$0.isEmpty }.joined(separator: "\n\n")
        }
    }

    /// Words that keep their capital after "Hi Jamal,".
    static let properWords: Set<String> = [
        "I", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April",
        "May", "June", "July", "August", "September", "October", "November", "December",
    ]

    /// One short text: a first-name opener, then sentences while they fit in 320 characters.
    static func sms(_ sentences: [String], name: String?) -> String {
        var text = name.map { "Hi \($0), " } ?? ""
        for (index, original) in sentences.enumerated() {
            // "Hi Jamal, let's do…": the first sentence goes on after the comma.
            var sentence = original
            let firstWord = String(sentence.prefix { $0.isLetter })
            if index == 0, name != nil, !properWords.contains(firstWord), let first = sentence.first,
                sentence.dropFirst().first.map({ !$0.isUppercase }) ?? true
            {
                sentence = first.lowercased() + sentence.dropFirst()
            }
            let next = text.isEmpty || text.hasSuffix(", ") ? text + sentence : text + " " + sentence
            if next.count > smsLimit { break }
            text = next
        }
        if text.count > smsLimit { text = String(text.prefix(smsLimit - 1)) + "…" }
        return text
    }

    /// Splits sentences into `count` paragraphs as evenly as possible, in order.
    static func paragraphs(_ sentences: [String], count: Int) -> [String] {
        let count = max(1, min(count, sentences.count))
        var result: [String] = []
        var start = 0
        for index in 0..<count {
            let size = (sentences.count - start) / (count - index)
            result.append(sentences[start..<(start + size)].joined(separator: " "))
            start += size
        }
        return result
    }
}

/// Deterministic choices: the same seed and slot always pick the same phrasing.
struct PhrasePicker {
    let seed: UInt64

    init(seed: String) {
        self.seed = StableHash.fnv1a(seed)
    }

    mutating func pick(_ options: [String], slot: String) -> String {
        guard !options.isEmpty else { return "" }
        return options[Int(StableHash.mix(seed ^ StableHash.fnv1a(slot)) % UInt64(options.count))]
    }
}
