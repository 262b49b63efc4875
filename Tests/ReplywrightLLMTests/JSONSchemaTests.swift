import ReplywrightCore
import ReplywrightLLM
import Testing

@Suite("JSON schema: validation and strict rules")
struct JSONSchemaTests {
    static let strategy = JSONSchema(
        name: "strategy",
        schema: [
            "type": "object", "additionalProperties": false, "required": ["intent", "points", "cta"],
            "properties": [
                "intent": ["type": "string", "enum": ["interested", "pricing", "not_now"]],
                "points": ["type": "array", "minItems": 1, "maxItems": 3, "items": ["type": "string", "minLength": 1]],
                "cta": ["type": ["string", "null"]],
            ],
        ])

    @Test func validValueHasNoProblems() {
        #expect(Self.strategy.validate(["intent": "pricing", "points": ["price"], "cta": nil]).isEmpty)
        #expect(Self.strategy.strictViolations.isEmpty)
    }

    @Test func problemsNameThePath() {
        let problems = Self.strategy.validate(["intent": "maybe", "points": [1, ""], "extra": true])
        #expect(
            problems == [
                "$.cta: required property is missing",
                "$.extra: property not allowed",
                "$.intent: not one of \"interested\", \"pricing\", \"not_now\"",
                "$.points[0]: expected string, got number",
                "$.points[1]: needs at least 1 characters",
            ])
    }

    @Test func typesAndBounds() {
        #expect(
            Self.strategy.validate(["intent": "pricing", "points": [], "cta": 3]) == [
                "$.cta: expected null or string, got number",
                "$.points: needs at least 1 items, got 0",
            ])
        #expect(Self.strategy.validate("just text") == ["$: expected object, got string"])
    }

    @Test func strictRulesFlagOptionalPropertiesAndOpenObjects() {
        let loose = JSONSchema(
            name: "loose",
            schema: [
                "type": "object", "required": ["a"],
                "properties": ["a": ["type": "string"], "b": ["type": "object", "properties": [:], "additionalProperties": false]],
            ])
        #expect(
            loose.strictViolations == [
                "$: objects need \"additionalProperties\": false",
                "$.b: every property must be required (use a nullable type for optional fields)",
            ])
    }
}
