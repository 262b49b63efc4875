import ReplywrightCore
import ReplywrightLLM

/// Step 1's output: the plan for the reply. Its text guides step 2 and the coverage score
/// but never appears in the email.
struct DraftStrategy: Sendable {
    enum Sentiment: String, Sendable, CaseIterable { case positive, neutral, negative }

    struct Hook: Sendable, Hashable {
        var variable: String
        var use: String
    }

    struct Fact: Sendable, Hashable {
        var fact: String
        var asset: String
    }

    var intent: ReplyIntent
    var sentiment: Sentiment
    var questions: [String]
    var points: [String]
    var hooks: [Hook]
    var facts: [Fact]
    var callToAction: String
    var tone: String
    var avoid: [String]

    static let schema = JSONSchema(
        name: "reply_strategy",
        schema: [
            "type": "object", "additionalProperties": false,
            "required": [
                "intent", "sentiment", "questions_to_answer", "points", "personalisation_hooks", "facts", "call_to_action", "tone",
                "avoid",
            ],
            "properties": [
                "intent": [
                    "type": "string", "enum": .array(ReplyIntent.allCases.map { .string($0.rawValue) }),
                    "description": "What the lead's message mainly does. unsubscribe only when they ask to stop being contacted.",
                ],
                "sentiment": ["type": "string", "enum": ["positive", "neutral", "negative"], "description": "The lead's attitude in the message."],
                "questions_to_answer": [
                    "type": "array", "items": ["type": "string"], "maxItems": 6,
                    "description": "Every question or request in the lead's message, in the lead's words.",
                ],
                "points": [
                    "type": "array", "items": ["type": "string"], "maxItems": 5,
                    "description": "What the reply must say, in a few words each.",
                ],
                "personalisation_hooks": [
                    "type": "array", "maxItems": 3,
                    "description": "Details to personalise with, only from the lead's custom variables.",
                    "items": [
                        "type": "object", "additionalProperties": false, "required": ["variable", "use"],
                        "properties": [
                            "variable": ["type": "string", "description": "The custom variable's name, as given."],
                            "use": ["type": "string", "description": "How the reply uses it."],
                        ],
                    ],
                ],
                "facts": [
                    "type": "array", "maxItems": 6,
                    "description": "Facts the reply states, only from the given facts, each with the asset it comes from.",
                    "items": [
                        "type": "object", "additionalProperties": false, "required": ["fact", "asset"],
                        "properties": [
                            "fact": ["type": "string", "description": "The fact, as the asset states it."],
                            "asset": ["type": "string", "description": "The asset's title, as given in brackets."],
                        ],
                    ],
                ],
                "call_to_action": [
                    "type": "string",
                    "description": "The one next step the reply asks for; empty when the lead opted out, is away or said no.",
                ],
                "tone": ["type": "string", "description": "Tone in two or three words."],
                "avoid": ["type": "array", "items": ["type": "string"], "maxItems": 5, "description": "What the reply must not do or say."],
            ],
        ])

    /// From a schema-valid answer (validation already ran). Hooks on variables the lead does not
    /// have and facts from assets that were not given are dropped: the plan cannot smuggle in
    /// what the context does not hold.
    init(_ value: JSONValue, variables: Swift.Set<String>, assets: Swift.Set<String>) {
        func strings(_ name: String) -> [String] {
            (value.field(name)?.arrayValue ?? []).compactMap(\.textValue).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
        }
        intent = value.field("intent")?.textValue.flatMap(ReplyIntent.init(rawValue:)) ?? .unclear
        sentiment = value.field("sentiment")?.textValue.flatMap(Sentiment.init(rawValue:)) ?? .neutral
        questions = strings("questions_to_answer")
        points = strings("points")
        hooks = (value.field("personalisation_hooks")?.arrayValue ?? []).compactMap { item in
            guard let variable = item.field("variable")?.textValue, variables.contains(variable),
                let use = item.field("use")?.textValue
            else { return nil }
            return Hook(variable: variable, use: use)
        }
        facts = (value.field("facts")?.arrayValue ?? []).compactMap { item in
            guard let asset = item.field("asset")?.textValue, assets.contains(asset),
                let fact = item.field("fact")?.textValue, !fact.isEmpty
            else { return nil }
            return Fact(fact: fact, asset: asset)
        }
        callToAction = value.field("call_to_action")?.textValue ?? ""
        tone = value.field("tone")?.textValue ?? ""
        avoid = strings("avoid")
    }

    /// The plan in words for step 2 (not JSON, so nothing JSON-shaped can leak, and no labels
    /// the scope check would read as a leak if echoed).
    var brief: String {
        var lines = ["The lead's message is \(intent.words) and \(sentiment.rawValue); keep the tone \(tone.isEmpty ? "friendly" : tone)."]
        lines += points.map { "- Say: \($0)" }
        lines += facts.map { "- Use the fact \"\($0.fact)\" (from \($0.asset))" }
        lines += hooks.map { "- Personalise with \($0.variable): \($0.use)" }
        lines.append(callToAction.isEmpty ? "- No call to action." : "- Ask for: \(callToAction)")
        lines += avoid.map { "- Do not: \($0)" }
        return lines.joined(separator: "\n")
    }
}
