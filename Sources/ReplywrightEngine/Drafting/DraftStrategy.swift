import ReplywrightCore
import ReplywrightLLM

/// Step 1's output: the plan for the reply. Its text guides step 2 and the coverage score
/// but never appears in the email.
struct DraftStrategy: Sendable {
    var intent: ReplyIntent
    var points: [String]
    var callToAction: String
    var tone: String
    var avoid: [String]

    static let schema = JSONSchema(name: "reply_strategy", schema: [
        "type": "object", "additionalProperties": false,
        "required": ["intent", "points", "call_to_action", "tone", "avoid"],
        "properties": [
            "intent": ["type": "string", "enum": .array(ReplyIntent.allCases.map { .string($0.rawValue) })],
            "points": ["type": "array", "items": ["type": "string"], "maxItems": 5],
            "call_to_action": ["type": "string"],
            "tone": ["type": "string"],
            "avoid": ["type": "array", "items": ["type": "string"], "maxItems": 5],
        ],
    ])

    init(intent: ReplyIntent, points: [String], callToAction: String, tone: String, avoid: [String]) {
        self.intent = intent
        self.points = points
        self.callToAction = callToAction
        self.tone = tone
        self.avoid = avoid
    }

    /// From a schema-valid answer (validation already ran).
    init(_ value: JSONValue) {
        func strings(_ name: String) -> [String] {
            if case .array(let items)? = value.field(name) { return items.compactMap(\.textValue) }
            return []
        }
        intent = value.field("intent")?.textValue.flatMap(ReplyIntent.init(rawValue:)) ?? .unclear
        points = strings("points")
        callToAction = value.field("call_to_action")?.textValue ?? ""
        tone = value.field("tone")?.textValue ?? ""
        avoid = strings("avoid")
    }

    /// The plan in words for step 2 (not JSON, so nothing JSON-shaped can leak).
    var brief: String {
        var lines = ["Intent: \(intent.rawValue.replacingOccurrences(of: "_", with: " ")).", "Tone: \(tone)."]
        lines += points.map { "Cover: \($0)" }
        if !callToAction.isEmpty { lines.append("Ask for: \(callToAction)") }
        lines += avoid.map { "Avoid: \($0)" }
        return lines.joined(separator: "\n")
    }
}
