import Foundation

extension MessagePerformanceReport {
    /// Every table of the report as one CSV (RFC 4180): `table` names the breakdown.
    public func csv() -> String {
        var lines = ["table,sender,channel,key,messages,booked,not_booked,pending,unattributed,booked_rate,ci_low,ci_high"]
        let tables: [(String, [Row])] = [
            ("total", [totals]), ("sender_channel", segments), ("within_channel", withinChannel), ("sender", bySender),
            ("channel", byChannel), ("archetype", byArchetype), ("length", byLength), ("intent", byIntent),
            ("reply_speed", byReplySpeed), ("week", weekly),
        ]
        for (table, rows) in tables {
            for row in rows {
                let fields: [String] = [
                    table, row.sender?.rawValue ?? "", row.channel?.rawValue ?? "", row.key ?? "", String(row.messages), String(row.booked),
                    String(row.notBooked), String(row.pending), String(row.unattributed), row.bookedRate.map { String($0) } ?? "",
                    row.interval.map { String($0[0]) } ?? "", row.interval.map { String($0[1]) } ?? "",
                ]
                lines.append(fields.map(Self.csvField).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Quotes a field that needs it; a leading `=`, `+`, `-` or `@` is prefixed with `'` so a
    /// spreadsheet does not run it as a formula.
    static func csvField(_ value: String) -> String {
        var text = value
        if let first = text.first, "=+-@".contains(first), Double(text) == nil { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
