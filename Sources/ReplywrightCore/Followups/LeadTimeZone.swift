import Foundation

/// Where a lead is, for the times they write and the times offered to them. In order: what they
/// said about themselves (a `time_zone` memory entry: "I'm on Pacific time", or one remembered from
/// an earlier signature), the lead's custom variables (`timezone`, `time_zone`, `city`, `country`),
/// then the signature under their message (a city, a phone number's country code). A zone named
/// next to a time ("3pm ET") is the parser's to read for that time alone. Pure.
public enum LeadTimeZone {
    public struct Found: Sendable, Hashable {
        public var zone: TimeZone
        /// Where it came from, for the memory entry that keeps it ("the signature's +44").
        public var source: String
    }

    /// The lead's zone, or `nil` when nothing says (the workspace's is used then).
    public static func resolve(memory: [LeadMemoryEntry], variables: [String: JSONValue] = [:], signature: String = "") -> TimeZone? {
        OverseerContext.leadTimeZone(in: memory) ?? outside(variables: variables, signature: signature)?.zone
    }

    /// The signature under a message's new words: the one the splitter found, else a closing name
    /// block with no sign-off word ("Tom Becker / Head of RevOps | Lumen / Chicago, IL"): the last
    /// paragraph of several, of at most four short lines that ask nothing.
    public static func signature(in body: String) -> String {
        let parts = ReplySplitter.split(body)
        guard parts.signature.isEmpty else { return parts.signature }
        let paragraphs = parts.visible.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
        guard paragraphs.count > 1, let last = paragraphs.last, !last.contains("?") else { return "" }
        let lines = last.split(separator: "\n")
        return lines.count <= 4 && lines.allSatisfy({ $0.count <= 60 }) ? last : ""
    }

    /// The zone the custom variables or the signature say, with where it came from.
    public static func outside(variables: [String: JSONValue], signature: String) -> Found? {
        for key in ["timezone", "time_zone", "timeZone", "tz", "city", "location", "country"] {
            if let value = variables.first(where: { $0.key.caseInsensitiveCompare(key) == .orderedSame })?.value.textValue,
                let zone = zone(named: value)
            {
                return Found(zone: zone, source: "the lead's \(key) (\(value.prefix(40)))")
            }
        }
        guard !signature.isEmpty else { return nil }
        let lowered = " " + signature.lowercased().replacingOccurrences(of: "\n", with: " ") + " "
        for (name, identifier) in places where lowered.contains(" \(name) ") || lowered.contains(" \(name),") {
            if let zone = TimeZone(identifier: identifier) { return Found(zone: zone, source: "the signature's \(name.capitalized)") }
        }
        if let match = signature.firstMatch(of: CachedRegex.simple(#"(?:\+|\b00)(\d{1,3})[\s().-]*\d"#)), let code = match.output[1].substring {
            // The longest code that is one: +353 before +35.
            for length in stride(from: min(3, code.count), through: 1, by: -1) {
                if let identifier = dialingCodes[String(code.prefix(length))], let zone = TimeZone(identifier: identifier) {
                    return Found(zone: zone, source: "the signature's phone number (+\(code.prefix(length)))")
                }
            }
        }
        return nil
    }

    /// An IANA identifier ("Europe/Berlin"), an abbreviation ("CET", "PT"), a city or a country.
    public static func zone(named text: String) -> TimeZone? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.contains("/"), let zone = TimeZone(identifier: trimmed) { return zone }
        let lowered = trimmed.lowercased()
        if let identifier = abbreviations[lowered] ?? places.first(where: { lowered == $0.0 || lowered.hasPrefix($0.0 + ",") })?.1 {
            return TimeZone(identifier: identifier)
        }
        return nil
    }

    static let abbreviations: [String: String] = [
        "et": "America/New_York", "est": "America/New_York", "edt": "America/New_York", "eastern": "America/New_York",
        "ct": "America/Chicago", "cst": "America/Chicago", "cdt": "America/Chicago", "central": "America/Chicago",
        "mt": "America/Denver", "mst": "America/Denver", "mdt": "America/Denver", "mountain": "America/Denver",
        "pt": "America/Los_Angeles", "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles", "pacific": "America/Los_Angeles",
        "gmt": "Europe/London", "bst": "Europe/London", "utc": "UTC", "cet": "Europe/Berlin", "cest": "Europe/Berlin",
        "ist": "Asia/Kolkata", "aest": "Australia/Sydney", "sgt": "Asia/Singapore", "jst": "Asia/Tokyo",
    ]

    /// Cities and countries, as people write them in signatures and CRM fields.
    static let places: [(String, String)] = [
        ("new york", "America/New_York"), ("nyc", "America/New_York"), ("boston", "America/New_York"), ("miami", "America/New_York"),
        ("atlanta", "America/New_York"), ("washington", "America/New_York"), ("philadelphia", "America/New_York"),
        ("baltimore", "America/New_York"), ("toronto", "America/Toronto"), ("montreal", "America/Toronto"),
        ("chicago", "America/Chicago"), ("austin", "America/Chicago"), ("dallas", "America/Chicago"), ("houston", "America/Chicago"),
        ("denver", "America/Denver"), ("phoenix", "America/Phoenix"), ("los angeles", "America/Los_Angeles"),
        ("san francisco", "America/Los_Angeles"), ("seattle", "America/Los_Angeles"), ("vancouver", "America/Vancouver"),
        ("london", "Europe/London"), ("manchester", "Europe/London"), ("edinburgh", "Europe/London"), ("dublin", "Europe/Dublin"),
        ("lisbon", "Europe/Lisbon"), ("berlin", "Europe/Berlin"), ("munich", "Europe/Berlin"), ("hamburg", "Europe/Berlin"),
        ("paris", "Europe/Paris"), ("amsterdam", "Europe/Amsterdam"), ("madrid", "Europe/Madrid"), ("barcelona", "Europe/Madrid"),
        ("rome", "Europe/Rome"), ("milan", "Europe/Rome"), ("vienna", "Europe/Vienna"), ("zurich", "Europe/Zurich"),
        ("stockholm", "Europe/Stockholm"), ("oslo", "Europe/Oslo"), ("copenhagen", "Europe/Copenhagen"), ("brussels", "Europe/Brussels"),
        ("warsaw", "Europe/Warsaw"), ("prague", "Europe/Prague"), ("sydney", "Australia/Sydney"), ("melbourne", "Australia/Melbourne"),
        ("singapore", "Asia/Singapore"), ("tokyo", "Asia/Tokyo"), ("bangalore", "Asia/Kolkata"), ("mumbai", "Asia/Kolkata"),
        ("dubai", "Asia/Dubai"), ("são paulo", "America/Sao_Paulo"), ("sao paulo", "America/Sao_Paulo"),
        ("mexico city", "America/Mexico_City"),
        ("united kingdom", "Europe/London"), ("uk", "Europe/London"), ("england", "Europe/London"), ("ireland", "Europe/Dublin"),
        ("germany", "Europe/Berlin"), ("deutschland", "Europe/Berlin"), ("france", "Europe/Paris"), ("netherlands", "Europe/Amsterdam"),
        ("spain", "Europe/Madrid"), ("italy", "Europe/Rome"), ("portugal", "Europe/Lisbon"), ("austria", "Europe/Vienna"),
        ("switzerland", "Europe/Zurich"), ("sweden", "Europe/Stockholm"), ("norway", "Europe/Oslo"), ("denmark", "Europe/Copenhagen"),
        ("belgium", "Europe/Brussels"), ("poland", "Europe/Warsaw"), ("australia", "Australia/Sydney"), ("japan", "Asia/Tokyo"),
        ("india", "Asia/Kolkata"), ("brazil", "America/Sao_Paulo"), ("mexico", "America/Mexico_City"),
    ]

    /// Country calling codes of one zone (+1 spans many: not read).
    static let dialingCodes: [String: String] = [
        "44": "Europe/London", "353": "Europe/Dublin", "351": "Europe/Lisbon", "49": "Europe/Berlin", "33": "Europe/Paris",
        "31": "Europe/Amsterdam", "34": "Europe/Madrid", "39": "Europe/Rome", "43": "Europe/Vienna", "41": "Europe/Zurich",
        "46": "Europe/Stockholm", "47": "Europe/Oslo", "45": "Europe/Copenhagen", "32": "Europe/Brussels", "48": "Europe/Warsaw",
        "420": "Europe/Prague", "65": "Asia/Singapore", "81": "Asia/Tokyo", "91": "Asia/Kolkata", "971": "Asia/Dubai",
    ]
}
