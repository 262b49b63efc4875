import Foundation

/// Dates and times as a setter writes them to a lead: "Tuesday 1 December at 3:00 pm EST".
public enum SpokenTime {
    /// "Tuesday 1 December at 3:00 pm EST" in `zone`.
    public static func dateTime(_ date: Date, in zone: TimeZone) -> String {
        "\(format("EEEE d MMMM", date, zone)) at \(time(date, in: zone))"
    }

    /// "3:00 pm EST".
    public static func time(_ date: Date, in zone: TimeZone) -> String {
        "\(format("h:mm", date, zone)) \(format("a", date, zone).lowercased()) \(abbreviation(zone, at: date))"
    }

    /// "Tuesday 1 December 2026, 9:14 am CET": today, for prompts.
    public static func today(_ date: Date, in zone: TimeZone) -> String {
        "\(format("EEEE d MMMM yyyy", date, zone)), \(time(date, in: zone)) (\(zone.identifier))"
    }

    /// "1 Dec 2026 09:14": a message's date in a transcript.
    public static func short(_ date: Date, in zone: TimeZone) -> String {
        format("d MMM yyyy HH:mm", date, zone)
    }

    /// An exact slot as a time, a window as its span ("Thursday 3 December, 9:00 am – 12:00 pm EST").
    public static func describe(_ time: ProposedTime, in zone: TimeZone) -> String {
        switch time.kind {
        case .slot: return dateTime(time.start, in: zone)
        case .window:
            let sameDay = format("yyyyMMdd", time.start, zone) == format("yyyyMMdd", time.end.addingTimeInterval(-1), zone)
            let end = sameDay ? self.time(time.end, in: zone) : dateTime(time.end, in: zone)
            return "\(format("EEEE d MMMM", time.start, zone)), \(format("h:mm", time.start, zone)) "
                + "\(format("a", time.start, zone).lowercased()) – \(end)"
        }
    }

    /// "EST" / "EDT" for the zones leads write in (Foundation on Linux says "GMT-5"), else
    /// what Foundation has ("GMT+5:30").
    static func abbreviation(_ zone: TimeZone, at date: Date) -> String {
        if let names = commonAbbreviations[zone.identifier] { return zone.isDaylightSavingTime(for: date) ? names.1 : names.0 }
        return zone.abbreviation(for: date) ?? zone.identifier
    }

    static let commonAbbreviations: [String: (String, String)] = {
        var table: [String: (String, String)] = [
            "America/New_York": ("EST", "EDT"), "America/Toronto": ("EST", "EDT"), "America/Detroit": ("EST", "EDT"),
            "America/Chicago": ("CST", "CDT"), "America/Denver": ("MST", "MDT"), "America/Phoenix": ("MST", "MST"),
            "America/Los_Angeles": ("PST", "PDT"), "America/Vancouver": ("PST", "PDT"), "Europe/London": ("GMT", "BST"),
            "Europe/Dublin": ("GMT", "IST"), "Europe/Lisbon": ("WET", "WEST"), "UTC": ("UTC", "UTC"), "GMT": ("GMT", "GMT"),
            "Australia/Sydney": ("AEST", "AEDT"), "Asia/Singapore": ("SGT", "SGT"), "Asia/Tokyo": ("JST", "JST"),
        ]
        for city in ["Berlin", "Paris", "Amsterdam", "Madrid", "Rome", "Vienna", "Zurich", "Stockholm", "Oslo", "Copenhagen",
                     "Brussels", "Prague", "Warsaw"] {
            table["Europe/\(city)"] = ("CET", "CEST")
        }
        return table
    }()

    private static func format(_ pattern: String, _ date: Date, _ zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }
}
