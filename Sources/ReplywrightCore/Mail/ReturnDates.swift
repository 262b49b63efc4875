import Foundation

/// Dates as away notices write them, in the languages `AutomatedMailDetector` reads: "until
/// 14 December", "bis zum 14. Dezember", "jusqu'au 14 décembre", "hasta el 14 de diciembre",
/// "tot 14 december", "até 14 de dezembro", "fino al 14 dicembre", "12月14日", and numeric
/// forms (14.12.2026, 14/12, 2026-12-14: day first, as these languages write it). Explicit years
/// are honoured; a date without one is the next such day. Pure.
public enum ReturnDates {
    static let monthNames: [(String, Int)] = [
        ("january|januar|janvier|enero|januari|janeiro|gennaio|jan|jän|janv|ene|gen", 1),
        ("february|februar|février|fevrier|febrero|februari|fevereiro|febbraio|feb|févr|fév|fev|fevr", 2),
        ("march|märz|maerz|mars|marzo|maart|março|marco|mar|mär|mrt", 3),
        ("april|avril|abril|aprile|apr|avr|abr", 4),
        ("may|mai|mayo|mei|maio|maggio|mag", 5),
        ("june|juni|juin|junio|junho|giugno|jun|giu", 6),
        ("july|juli|juillet|julio|julho|luglio|jul|juil|lug", 7),
        ("august|août|aout|agosto|augustus|aug|ago|aoû", 8),
        ("september|septembre|septiembre|setembro|settembre|sept|sep|set", 9),
        ("october|oktober|octobre|octubre|outubro|ottobre|oct|okt|out|ott", 10),
        ("november|novembre|noviembre|novembro|nov", 11),
        ("december|dezember|décembre|decembre|diciembre|dezembro|dicembre|dec|dez|déc|dic", 12),
    ]

    /// Every date written in `text`, resolved in `zone` against `sentAt` (start of that day).
    public static func dates(in text: String, sentAt: Date, zone: TimeZone) -> [Date] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let now = calendar.dateComponents([.year, .month, .day], from: sentAt)
        guard let thisYear = now.year, let thisMonth = now.month, let today = now.day else { return [] }
        let lowered = text.lowercased()
        var found: [Date] = []
        func add(day: Int, month: Int, year: Int?) {
            guard (1...12).contains(month), (1...31).contains(day) else { return }
            var resolvedYear = year.map { $0 < 100 ? 2000 + $0 : $0 } ?? thisYear
            if year == nil, (month, day) < (thisMonth, today) { resolvedYear += 1 }
            let components = DateComponents(year: resolvedYear, month: month, day: day)
            guard let date = calendar.date(from: components), calendar.component(.day, from: date) == day else { return }
            found.append(date)
        }
        let names = monthNames.map(\.0).joined(separator: "|")
        // "14 December 2026", "14. Dezember", "14 de diciembre de 2026", "le 14 décembre".
        for match in lowered.matches(
            of: CachedRegex.simple(#"\b(\d{1,2})(?:st|nd|rd|th|er|\.|º)?\s*(?:de\s+)?("# + names + #")\.?(?:\s+(?:de\s+)?(\d{4}))?\b"#))
        {
            if let day = Int(match.output[1].substring ?? ""), let month = month(match.output[2].substring) {
                add(day: day, month: month, year: match.output[3].substring.flatMap { Int($0) })
            }
        }
        // "December 14, 2026", "Dec 14th".
        for match in lowered.matches(of: CachedRegex.simple(#"\b("# + names + #")\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?"#)) {
            if let day = Int(match.output[2].substring ?? ""), let month = month(match.output[1].substring) {
                add(day: day, month: month, year: match.output[3].substring.flatMap { Int($0) })
            }
        }
        // ISO dates, then day-first numeric dates: 14.12.2026, 14/12/26, 14.12.
        for match in lowered.matches(of: CachedRegex.simple(#"\b(\d{4})-(\d{2})-(\d{2})\b"#)) {
            if let year = Int(match.output[1].substring ?? ""), let month = Int(match.output[2].substring ?? ""),
                let day = Int(match.output[3].substring ?? "")
            {
                add(day: day, month: month, year: year)
            }
        }
        for match in lowered.matches(of: CachedRegex.simple(#"(?:^|[^\d.:/-])(\d{1,2})[./](\d{1,2})(?:[./](\d{2}|\d{4}))?(?![\d:/])"#)) {
            if let day = Int(match.output[1].substring ?? ""), let month = Int(match.output[2].substring ?? "") {
                add(day: day, month: month, year: match.output[3].substring.flatMap { Int($0) })
            }
        }
        // Chinese and Japanese: 12月14日, 2026年12月14日.
        for match in text.matches(of: CachedRegex.simple(#"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]"#)) {
            if let month = Int(match.output[2].substring ?? ""), let day = Int(match.output[3].substring ?? "") {
                add(day: day, month: month, year: match.output[1].substring.flatMap { Int($0) })
            }
        }
        return found
    }

    /// An away notice's return date: the latest date it names from yesterday on, within a year
    /// ("away from 10 to 14 December" is back on the 14th).
    public static func returnDate(in text: String, sentAt: Date, zone: TimeZone) -> Date? {
        dates(in: text, sentAt: sentAt, zone: zone).filter {
            $0 >= sentAt.addingTimeInterval(-86_400) && $0 <= sentAt.addingTimeInterval(366 * 86_400)
        }.max()
    }

    private static func month(_ name: Substring?) -> Int? {
        guard let name = name.map(String.init) else { return nil }
        return monthNames.first { $0.0.split(separator: "|").contains { $0 == name } }?.1
    }
}
