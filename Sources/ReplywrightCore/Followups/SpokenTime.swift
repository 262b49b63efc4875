import Foundation

/// Dates and times as a setter writes them to a lead: "Tuesday 1 December at 3:00 pm EST".
/// Built from calendar components (a `DateFormatter` per call was a tenth of a draft's time).
public enum SpokenTime {
    /// "Tuesday 1 December at 3:00 pm EST" in `zone`; with `also` another zone's clock when it
    /// shows another time ("Tuesday 1 December at 2:00 pm CST (3:00 pm EST)"): the lead's zone
    /// first, the sender's after it.
    public static func dateTime(_ date: Date, in zone: TimeZone, also other: TimeZone? = nil) -> String {
        "\(day(date, zone)) at \(time(date, in: zone))" + conversion(date, from: zone, to: other)
    }

    /// " (3:00 pm EST)" when `other` reads `date` differently from `zone`; else "".
    static func conversion(_ date: Date, from zone: TimeZone, to other: TimeZone?) -> String {
        guard let other, other.secondsFromGMT(for: date) != zone.secondsFromGMT(for: date) else { return "" }
        return " (\(time(date, in: other)))"
    }

    /// The text without the conversions `dateTime(_:in:also:)` adds: the gates read the time a
    /// draft offers once, in the lead's zone.
    public static func withoutConversions(_ text: String) -> String {
        text.replacing(CachedRegex.simple(#" \(\d{1,2}:\d{2} (?:am|pm) [A-Za-z+:0-9-]{2,9}\)"#), with: "")
    }

    /// "3:00 pm EST".
    public static func time(_ date: Date, in zone: TimeZone) -> String {
        "\(clock(Parts(date, zone))) \(abbreviation(zone, at: date))"
    }

    /// "Tuesday 1 December 2026, 9:14 am EST (America/New_York)": today, for prompts.
    public static func today(_ date: Date, in zone: TimeZone) -> String {
        let parts = Parts(date, zone)
        return "\(day(date, zone)) \(parts.year), \(clock(parts)) \(abbreviation(zone, at: date)) (\(zone.identifier))"
    }

    /// "March": the month of a date, for "I'll reach out again in March".
    public static func month(_ date: Date, in zone: TimeZone) -> String {
        let parts = Parts(date, zone)
        return months[parts.month - 1]
    }

    /// "1 Dec 2026 09:14": a message's date in a transcript.
    public static func short(_ date: Date, in zone: TimeZone) -> String {
        let parts = Parts(date, zone)
        return "\(parts.day) \(months[parts.month - 1].prefix(3)) \(parts.year) \(twoDigits(parts.hour)):\(twoDigits(parts.minute))"
    }

    /// An exact slot as a time, a window as its span ("Thursday 3 December, 9:00 am – 12:00 pm EST").
    public static func describe(_ time: ProposedTime, in zone: TimeZone, also other: TimeZone? = nil) -> String {
        switch time.kind {
        case .slot: return dateTime(time.start, in: zone, also: other)
        case .window:
            let start = Parts(time.start, zone)
            let last = Parts(time.end.addingTimeInterval(-1), zone)
            let sameDay = (start.year, start.month, start.day) == (last.year, last.month, last.day)
            let end = sameDay ? self.time(time.end, in: zone) : dateTime(time.end, in: zone)
            return "\(day(time.start, zone)), \(clock(start)) – \(end)"
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
        for city in [
            "Berlin", "Paris", "Amsterdam", "Madrid", "Rome", "Vienna", "Zurich", "Stockholm", "Oslo", "Copenhagen",
            "Brussels", "Prague", "Warsaw",
        ] {
            table["Europe/\(city)"] = ("CET", "CEST")
        }
        return table
    }()

    static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]

    /// The wall-clock fields of an instant in a zone.
    struct Parts {
        var year, month, day, weekday, hour, minute: Int

        init(_ date: Date, _ zone: TimeZone) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let components = calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute], from: date)
            year = components.year ?? 1970
            month = components.month ?? 1
            day = components.day ?? 1
            weekday = components.weekday ?? 1
            hour = components.hour ?? 0
            minute = components.minute ?? 0
        }
    }

    /// "Tuesday 1 December".
    private static func day(_ date: Date, _ zone: TimeZone) -> String {
        let parts = Parts(date, zone)
        return "\(weekdays[parts.weekday - 1]) \(parts.day) \(months[parts.month - 1])"
    }

    /// "3:00 pm", "12:30 am".
    private static func clock(_ parts: Parts) -> String {
        let hour = parts.hour % 12 == 0 ? 12 : parts.hour % 12
        return "\(hour):\(twoDigits(parts.minute)) \(parts.hour < 12 ? "am" : "pm")"
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
}
