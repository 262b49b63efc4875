import Foundation

/// Bar charts drawn on the server as inline SVG (no JavaScript, no chart library). Every label
/// is XML-escaped here, since the markup is inserted into the page as is.
enum SVGChart {
    struct Series {
        var name: String
        /// A CSS class for the fill (styled in app.css).
        var style: String
        var values: [Double]
    }

    /// Stacked bars, one per category (e.g. a day), with a few axis labels and a legend: drawn
    /// twice, 720 units wide for a desktop and 320 for a phone (the stylesheet shows one), so the
    /// labels stay about 11 px on either instead of shrinking to half on a phone.
    static func stackedBars(title: String, categories: [String], series: [Series], format: (Double) -> String) -> String {
        stackedBars(title: title, categories: categories, series: series, format: format, width: 720, height: 220, style: "wide")
            + stackedBars(title: title, categories: categories, series: series, format: format, width: 320, height: 220, style: "narrow")
    }

    static func stackedBars(
        title: String, categories: [String], series: [Series], format: (Double) -> String,
        width: Int, height: Int, style: String
    ) -> String {
        let left = 56.0, bottom = 28.0, top = 24.0, right = 8.0
        let plotWidth = Double(width) - left - right, plotHeight = Double(height) - top - bottom
        let totals = categories.indices.map { index in series.reduce(0) { $0 + ($1.values.indices.contains(index) ? $1.values[index] : 0) } }
        let maximum = max(totals.max() ?? 0, 1e-9)
        // Nothing to draw: one zero line, not five gridlines all labelled zero.
        let steps = (totals.max() ?? 0) > 0 ? 4 : 0
        let slot = plotWidth / Double(max(categories.count, 1))
        var parts: [String] = [
            #"<svg xmlns="http://www.w3.org/2000/svg" class="chart \#(style)" viewBox="0 0 \#(width) \#(height)" role="img" aria-label="\#(escape(title))">"#,
            #"<title>\#(escape(title))</title>"#,
        ]
        for step in 0...steps {
            let value = steps == 0 ? 0 : maximum * Double(step) / Double(steps)
            let y = top + plotHeight * (1 - (steps == 0 ? 0 : Double(step) / Double(steps)))
            parts.append(#"<line class="grid" x1="\#(left)" y1="\#(y)" x2="\#(Double(width) - right)" y2="\#(y)"/>"#)
            parts.append(#"<text class="axis" x="\#(left - 6)" y="\#(y + 4)" text-anchor="end">\#(escape(format(value)))</text>"#)
        }
        for (index, category) in categories.enumerated() {
            var base = top + plotHeight
            let x = left + slot * Double(index) + slot * 0.15
            for item in series {
                let value = item.values.indices.contains(index) ? item.values[index] : 0
                guard value > 0 else { continue }
                let barHeight = plotHeight * value / maximum
                base -= barHeight
                parts.append(
                    #"<rect class="\#(item.style)" x="\#(x)" y="\#(base)" width="\#(slot * 0.7)" height="\#(barHeight)"><title>\#(escape("\(category) \(item.name): \(format(value))"))</title></rect>"#
                )
            }
            // Label every few bars (one per 90 units at most) so they never overlap.
            if index % max(1, Int((Double(categories.count) / (plotWidth / 90)).rounded(.up))) == 0 {
                parts.append(
                    #"<text class="axis" x="\#(x + slot * 0.35)" y="\#(Double(height) - 8)" text-anchor="middle">\#(escape(String(category.suffix(5))))</text>"#
                )
            }
        }
        for (index, item) in series.enumerated() {
            let x = left + Double(index) * min(110, (plotWidth + right) / Double(max(series.count, 1)))
            parts.append(
                #"<rect class="\#(item.style)" x="\#(x)" y="4" width="10" height="10"/><text class="legend" x="\#(x + 14)" y="13">\#(escape(item.name))</text>"#
            )
        }
        parts.append("</svg>")
        return parts.joined()
    }

    static func escape(_ text: String) -> String { DashboardHTML.escape(text) }
}

/// HTML built in Swift for the hottest parts of pages; every value goes through `escape`.
enum DashboardHTML {
    /// `&`, `<`, `>`, `"` and `'` as entities; text without them is returned as it is.
    static func escape(_ text: String) -> String {
        guard
            text.utf8.contains(where: {
                $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
                    || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'")
            })
        else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    // Dates and scores appear once or twice per row of every list: formatted here with
    // arithmetic instead of ICU's date formatter and `String(format:)` (together about a tenth of
    // the inbox page's time).

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// "21 Nov 2026 18:42" in `zone` (24-hour clock, to the minute).
    static func dateTime(_ date: Date, in zone: TimeZone) -> String {
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: date)
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let minuteOfDay = (local - days * 86_400) / 60
        // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return "\(day) \(months[month - 1]) \(year) \(twoDigits(minuteOfDay / 60)):\(twoDigits(minuteOfDay % 60))"
    }

    /// "2026-11-21": the day `date` falls on in `zone` (what a date input holds).
    static func day(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return "\(parts.year ?? 1970)-\(twoDigits(parts.month ?? 1))-\(twoDigits(parts.day ?? 1))"
    }

    /// The start of a "YYYY-MM-DD" day in `zone`; `nil` for anything else (years 2000–2100).
    static func parseDay(_ text: String, in zone: TimeZone) -> Date? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (2000...2100).contains(parts[0]), (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2])
        guard let date = calendar.date(from: components), calendar.component(.day, from: date) == parts[2] else { return nil }
        return date
    }

    /// `value` with `digits` decimals, rounded half away from zero ("0.85", "-1.50").
    static func fixed(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return "–" }
        var scale = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((abs(value) * Double(scale)).rounded())
        let fraction = String(scaled % scale)
        let padded = String(repeating: "0", count: max(0, digits - fraction.count)) + fraction
        return (value < 0 && scaled != 0 ? "-" : "") + String(scaled / scale) + (digits > 0 ? "." + padded : "")
    }

    /// "wants_times" → "wants times" (Foundation's `replacingOccurrences` was a tenth of the inbox).
    static func spaced(_ identifier: String) -> String {
        guard identifier.utf8.contains(UInt8(ascii: "_")) else { return identifier }
        return String(decoding: identifier.utf8.map { $0 == UInt8(ascii: "_") ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
    }

    /// 12345 → "12,345".
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = value < 0 ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }

    /// `<option>`s for a filter's `<select>`, `selected` marked (rendered here: as a Mustache
    /// section the inbox's three filter lists cost more than its fifty rows).
    static func options(_ values: [String], selected: String?) -> String {
        var html = ""
        for value in values {
            html += "<option value=\"\(escape(value))\"\(value == selected ? " selected" : "")>\(escape(spaced(value)))</option>"
        }
        return html
    }

    /// The links of a tab bar, the current one marked for assistive technology and the stylesheet.
    static func tabs(_ tabs: [(label: String, href: String, current: Bool)]) -> String {
        var html = ""
        for tab in tabs {
            html += "<a href=\"\(escape(tab.href))\"\(tab.current ? " aria-current=\"page\"" : "")>\(escape(tab.label))</a>"
        }
        return html
    }

    static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }

    struct InboxRow {
        var id, leadName, leadEmail, snippet, intent, channel, source, score, status, waited: String
        var needsAnswer: Bool
    }

    /// The inbox's rows (cards on a phone: each cell carries its label).
    static func inboxRows(_ rows: [InboxRow]) -> String {
        var html = ""
        html.reserveCapacity(rows.count * 600)
        for row in rows {
            html +=
                "<tr data-href=\"/drafts/\(escape(row.id))\"><td data-label=\"Lead\"><div><a href=\"/drafts/\(escape(row.id))\">\(escape(row.leadName))</a>"
            html += "<div class=\"muted\">\(escape(row.leadEmail))</div><div class=\"snippet\">\(escape(row.snippet))</div></div></td>"
            html += "<td data-label=\"Intent\">\(escape(row.intent))\(row.needsAnswer ? " <span class=\"badge\">needs an answer</span>" : "")</td>"
            html += "<td data-label=\"Channel\">\(escape(row.channel))</td>"
            html += "<td data-label=\"Source\"><span class=\"tag \(escape(row.source))\">\(escape(row.source))</span></td>"
            html += "<td data-label=\"Score\">\(escape(row.score))</td><td data-label=\"Status\">\(escape(row.status))</td>"
            html += "<td data-label=\"Waiting\">\(escape(row.waited))</td></tr>\n"
        }
        return html
    }
}
