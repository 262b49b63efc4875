import Foundation

extension SVGChart {
    /// One bar of a rate chart: the booked rate, its 95 % interval and how many it rests on.
    struct RateBar {
        var label: String
        var rate: Double?
        var interval: [Double]?
        var decided: Int
    }

    /// Horizontal bars of booked rates, 0–100 %, each with its interval as a whisker; rows with
    /// nothing decided are shown empty ("no data") rather than as 0 %.
    static func rateBars(title: String, bars: [RateBar], width: Int = 460) -> String {
        let rowHeight = 26.0, top = 22.0, left = 130.0, right = 64.0
        let height = Int(top + rowHeight * Double(max(bars.count, 1)) + 18)
        let plot = Double(width) - left - right
        var parts: [String] = [
            #"<svg xmlns="http://www.w3.org/2000/svg" class="chart rates" viewBox="0 0 \#(width) \#(height)" role="img" aria-label="\#(escape(title))">"#,
            #"<title>\#(escape(title))</title>"#,
        ]
        for step in 0...4 {
            let x = left + plot * Double(step) / 4
            parts.append(#"<line class="grid" x1="\#(x)" y1="\#(top - 6)" x2="\#(x)" y2="\#(Double(height) - 16)"/>"#)
            parts.append(#"<text class="axis" x="\#(x)" y="\#(Double(height) - 4)" text-anchor="middle">\#(step * 25) %</text>"#)
        }
        for (index, bar) in bars.enumerated() {
            let y = top + rowHeight * Double(index)
            parts.append(#"<text class="axis" x="\#(left - 8)" y="\#(y + 14)" text-anchor="end">\#(escape(String(bar.label.prefix(20))))</text>"#)
            guard let rate = bar.rate else {
                parts.append(#"<text class="axis muted" x="\#(left + 4)" y="\#(y + 14)">no decided messages</text>"#)
                continue
            }
            let tip =
                "\(bar.label): \(percent(rate)) booked of \(bar.decided)"
                + (bar.interval.map { " (95 % interval \(percent($0[0])) to \(percent($0[1])))" } ?? "")
            parts.append(
                #"<rect class="bar" x="\#(left)" y="\#(y + 3)" width="\#(max(1, plot * rate))" height="\#(rowHeight - 10)"><title>\#(escape(tip))</title></rect>"#
            )
            if let interval = bar.interval, interval.count == 2 {
                let (low, high) = (left + plot * interval[0], left + plot * interval[1])
                let mid = y + 3 + (rowHeight - 10) / 2
                parts.append(#"<line class="whisker" x1="\#(low)" y1="\#(mid)" x2="\#(high)" y2="\#(mid)"/>"#)
                parts.append(#"<line class="whisker" x1="\#(low)" y1="\#(mid - 5)" x2="\#(low)" y2="\#(mid + 5)"/>"#)
                parts.append(#"<line class="whisker" x1="\#(high)" y1="\#(mid - 5)" x2="\#(high)" y2="\#(mid + 5)"/>"#)
            }
            parts.append(#"<text class="axis" x="\#(Double(width) - right + 6)" y="\#(y + 14)">\#(escape(percent(rate))) · \#(bar.decided)</text>"#)
        }
        parts.append("</svg>")
        return parts.joined()
    }

    static func percent(_ rate: Double) -> String { String(format: "%.0f %%", rate * 100) }
}
