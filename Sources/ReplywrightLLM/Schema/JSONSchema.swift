import Foundation
import ReplywrightCore

/// A named JSON schema for structured outputs, in the subset OpenAI's strict mode accepts:
/// `type` (one or a list, `"null"` for nullable), `properties`, `required`,
/// `additionalProperties: false`, `items`, `enum`, `anyOf`, and the numeric/length bounds.
public struct JSONSchema: Sendable, Hashable {
    /// `^[a-zA-Z0-9_-]{1,64}$`, as the APIs require.
    public var name: String
    public var schema: JSONValue

    public init(name: String, schema: JSONValue) {
        self.name = name
        self.schema = schema
    }

    /// Where the schema breaks OpenAI's strict rules: every object needs
    /// `additionalProperties: false` and every property listed in `required` (optional fields
    /// are expressed as nullable types instead). Empty when the schema is strict.
    public var strictViolations: [String] {
        var problems: [String] = []
        Self.checkStrict(schema, path: "$", problems: &problems)
        return problems
    }

    /// Problems with `value`, each naming the path (`$.variants[2].cta: expected string, got null`).
    /// Empty when the value matches.
    public func validate(_ value: JSONValue) -> [String] {
        var problems: [String] = []
        Self.validate(value, against: schema, path: "$", problems: &problems)
        return problems
    }

    private static func checkStrict(_ schema: JSONValue, path: String, problems: inout [String]) {
        guard case .object(let node) = schema else { return }
        if types(of: node).contains("object") || node["properties"] != nil {
            if node["additionalProperties"] != .bool(false) {
                problems.append("\(path): objects need \"additionalProperties\": false")
            }
            let properties = object(node["properties"])
            let required = Set(strings(node["required"]))
            for name in properties.keys.sorted() where !required.contains(name) {
                problems.append("\(path).\(name): every property must be required (use a nullable type for optional fields)")
            }
            for (name, child) in properties.sorted(by: { $0.key < $1.key }) {
                checkStrict(child, path: "\(path).\(name)", problems: &problems)
            }
        }
        if let items = node["items"] { checkStrict(items, path: "\(path)[]", problems: &problems) }
        if case .array(let options)? = node["anyOf"] {
            for (index, option) in options.enumerated() { checkStrict(option, path: "\(path)<anyOf \(index)>", problems: &problems) }
        }
    }

    private static func validate(_ value: JSONValue, against schema: JSONValue, path: String, problems: inout [String]) {
        guard case .object(let node) = schema else { return }
        if case .array(let options)? = node["anyOf"] {
            let matches = options.contains { option in
                var scratch: [String] = []
                validate(value, against: option, path: path, problems: &scratch)
                return scratch.isEmpty
            }
            if !matches { problems.append("\(path): matches none of the allowed shapes") }
            return
        }
        let allowed = types(of: node)
        if !allowed.isEmpty {
            let actual = typeName(of: value)
            let ok = allowed.contains(actual) || (actual == "integer" && allowed.contains("number"))
            if !ok {
                problems.append("\(path): expected \(allowed.sorted().joined(separator: " or ")), got \(actual == "integer" ? "number" : actual)")
                return
            }
        }
        if case .array(let options)? = node["enum"], !options.contains(value) {
            problems.append("\(path): not one of \(options.map(short).joined(separator: ", "))")
        }
        switch value {
        case .object(let fields):
            let properties = object(node["properties"])
            for name in strings(node["required"]) where fields[name] == nil {
                problems.append("\(path).\(name): required property is missing")
            }
            if node["additionalProperties"] == .bool(false) {
                for name in fields.keys.sorted() where properties[name] == nil {
                    problems.append("\(path).\(name): property not allowed")
                }
            }
            for (name, child) in fields.sorted(by: { $0.key < $1.key }) {
                if let childSchema = properties[name] { validate(child, against: childSchema, path: "\(path).\(name)", problems: &problems) }
            }
        case .array(let items):
            if let min = number(node["minItems"]), Double(items.count) < min {
                problems.append("\(path): needs at least \(Int(min)) items, got \(items.count)")
            }
            if let max = number(node["maxItems"]), Double(items.count) > max {
                problems.append("\(path): allows at most \(Int(max)) items, got \(items.count)")
            }
            if let itemSchema = node["items"] {
                for (index, item) in items.enumerated() {
                    validate(item, against: itemSchema, path: "\(path)[\(index)]", problems: &problems)
                }
            }
        case .string(let text):
            if let min = number(node["minLength"]), Double(text.count) < min {
                problems.append("\(path): needs at least \(Int(min)) characters")
            }
            if let max = number(node["maxLength"]), Double(text.count) > max {
                problems.append("\(path): allows at most \(Int(max)) characters")
            }
        case .number(let number):
            if let min = Self.number(node["minimum"]), number < min { problems.append("\(path): below the minimum \(min)") }
            if let max = Self.number(node["maximum"]), number > max { problems.append("\(path): above the maximum \(max)") }
            if types(of: node) == ["integer"] && number.rounded() != number { problems.append("\(path): expected an integer") }
        case .bool, .null:
            break
        }
    }

    private static func types(of node: [String: JSONValue]) -> Set<String> {
        switch node["type"] {
        case .string(let type)?: return [type]
        case .array(let types)?: return Set(types.compactMap { if case .string(let t) = $0 { t } else { nil } })
        default: return []
        }
    }

    private static func typeName(of value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "boolean"
        case .number(let number): return number.rounded() == number ? "integer" : "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    private static func object(_ value: JSONValue?) -> [String: JSONValue] {
        if case .object(let object)? = value { return object }
        return [:]
    }

    private static func strings(_ value: JSONValue?) -> [String] {
        guard case .array(let items)? = value else { return [] }
        return items.compactMap { if case .string(let text) = $0 { text } else { nil } }
    }

    private static func number(_ value: JSONValue?) -> Double? {
        if case .number(let number)? = value { return number }
        return nil
    }

    /// A schema value (never model output: that could quote a message) for an error message.
    private static func short(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return "\"\(text.prefix(40))\""
        case .number, .bool, .null: return value.textValue ?? "null"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
