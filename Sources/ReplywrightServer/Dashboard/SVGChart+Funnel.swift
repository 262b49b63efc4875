import Foundation

extension SVGChart {
    struct FunnelStep {
        var label: String
        var views: Int
        var dropOff: Double?
    }

    /// A form's funnel: one horizontal bar per step, as long as the sessions that saw it, with
    /// the share that ended there (drop-off) beside it.
    static func funnel(title: String, steps: [FunnelStep], maximum: Int, width: Int = 460) -> String {
        let rowHeight = 26.0, top = 8.0, left = 150.0, right = 110.0
        let height = Int(top + rowHeight * Double(max(steps.count, 1)) + 8)
        let plot = Double(width) - left - right
        var parts: [String] = [
            #"<svg xmlns="http://www.w3.org/2000/svg" class="chart rates" viewBox="0 0 \#(width) \#(height)" role="img" aria-label="\#(escape(title))">"#,
            #"<title>\#(escape(title))</title>"#,
        ]
        for (index, step) in steps.enumerated() {
            let y = top + rowHeight * Double(index)
            parts.append(#"<text class="axis" x="\#(left - 8)" y="\#(y + 14)" text-anchor="end">\#(escape(String(step.label.prefix(24))))</text>"#)
            let length = plot * Double(step.views) / Double(max(maximum, 1))
            let drop = step.dropOff.map { String(format: "%.0f %% dropped", $0 * 100) } ?? "no views"
            parts.append(
                #"<rect class="bar" x="\#(left)" y="\#(y + 3)" width="\#(max(1, length))" height="\#(rowHeight - 10)"><title>\#(escape("\(step.label): \(step.views) sessions, \(drop)"))</title></rect>"#
            )
            parts.append(#"<text class="axis" x="\#(Double(width) - right + 6)" y="\#(y + 14)">\#(step.views) · \#(escape(drop))</text>"#)
        }
        parts.append("</svg>")
        return parts.joined()
    }
}
