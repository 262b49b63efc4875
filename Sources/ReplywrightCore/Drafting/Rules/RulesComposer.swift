import Foundation

/// The rules tier's writer: composes a reply from an archetype's skeleton, the lead's own
/// details and the workspace's knowledge, with several phrasings per slot chosen by a stable
/// hash of the lead, the trigger and the attempt. It never states a fact that is not in the
/// knowledge snippets it is given.
public struct RulesComposer: Sendable {
    /// What the composer may use.
    public struct Inputs: Sendable {
        public var intent: ReplyIntent
        public var archetype: Archetype
        public var firstName: String?
        public var company: String?
        /// The lead's custom variables (for a personal hook), e.g. `city`.
        public var variables: [String: String]
        /// Sentences from knowledge assets, already chosen for relevance.
        public var facts: [String]
        public var senderName: String
        /// Lead id, trigger message id and attempt.
        public var seed: String

        public init(intent: ReplyIntent, archetype: Archetype, firstName: String?, company: String?, variables: [String: String],
                    facts: [String], senderName: String, seed: String) {
            self.intent = intent
            self.archetype = archetype
            self.firstName = firstName
            self.company = company
            self.variables = variables
            self.facts = facts
            self.senderName = senderName
            self.seed = seed
        }
    }

    public init() {}

    public func compose(_ inputs: Inputs) -> String {
        var picker = PhrasePicker(seed: inputs.seed)
        let name = inputs.firstName.flatMap { $0.isEmpty ? nil : $0 }
        let archetype = inputs.archetype
        let phrases = RulesPhrases.self

        let opening = picker.pick(phrases.openings(archetype.opening, inputs.intent, inputs: inputs), slot: "opening")
        var body = [picker.pick(phrases.bodies(inputs.intent), slot: "body")]
        if let fact = inputs.facts.first, [.pricingQuestion, .question, .objection, .interested].contains(inputs.intent) {
            body.append(fact)
        }
        if archetype.length != .short {
            body.append(picker.pick(phrases.extras(inputs.intent), slot: "extra"))
            if archetype.length == .long, inputs.facts.count > 1 { body.append(inputs.facts[1]) }
        }
        if archetype.usesList, let list = phrases.list(inputs.intent, facts: inputs.facts, picker: &picker) { body.append(list) }
        // Reach the archetype's length band with fact-free sentences, in a seed-chosen order.
        let minimum = archetype.length.words.lowerBound + 4
        var fillers = phrases.fillers(inputs.intent)
        let rotation = fillers.isEmpty ? 0 : Int(StableHash.mix(picker.seed ^ StableHash.fnv1a("fillers")) % UInt64(fillers.count))
        fillers = Array(fillers[rotation...] + fillers[..<rotation])
        while TextShingles.words((body + [opening]).joined(separator: " ")).count + 16 < minimum, !fillers.isEmpty {
            body.append(fillers.removeFirst())
        }
        let callToAction = picker.pick(
            archetype.close == .question ? phrases.questions(inputs.intent) : phrases.statements(inputs.intent), slot: "cta")

        // Lay the sentences out in the archetype's paragraphs with the call to action where it asks.
        var sentences = [opening] + body
        switch archetype.callToAction {
        case .opening: sentences.insert(callToAction, at: min(1, sentences.count))
        case .middle: sentences.insert(callToAction, at: sentences.count / 2 + 1)
        case .closing: sentences.append(callToAction)
        }
        if archetype.callToAction != .closing, archetype.close == .question {
            sentences.append(picker.pick(phrases.questions(.unclear), slot: "close"))
        }
        var blocks: [String] = []
        if archetype.greeting { blocks.append(picker.pick(phrases.greetings(name), slot: "greeting")) }
        blocks += Self.paragraphs(sentences, count: archetype.paragraphs)
        if archetype.signOff { blocks.append(picker.pick(phrases.signOffs, slot: "signoff") + "\n" + inputs.senderName) }
        return blocks.joined(separator: "\n\n")
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
