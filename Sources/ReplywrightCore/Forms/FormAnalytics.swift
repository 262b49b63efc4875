import Foundation

/// A form's funnel by variant, built from its counters: views, starts, completions, completion
/// rate, time to complete, fields shown per completion, and per step its views, the sessions that
/// ended there, drop-off (ended there ÷ viewed it) and average time; plus views and completions
/// by day. Counters are summed here; nothing rescans sessions.
public struct FormAnalytics: Sendable, Equatable, Codable {
    public struct Step: Sendable, Equatable, Codable {
        public var id: String
        public var title: String
        public var views: Int
        public var exits: Int
        public var dropOff: Double?
        public var averageSeconds: Double?
    }

    public struct Day: Sendable, Equatable, Codable {
        public var day: String
        public var views: Int
        public var completions: Int
    }

    public struct Variant: Sendable, Equatable, Codable {
        /// `none` for sessions outside any experiment.
        public var variant: String
        public var views: Int
        public var starts: Int
        public var completions: Int
        public var completionRate: Double?
        public var averageSecondsToComplete: Double?
        public var fieldsShownPerCompletion: Double?
        public var steps: [Step]
        public var days: [Day]
    }

    public var formId: String
    public var variants: [Variant]

    public static func build(formID: String, definition: FormDefinition, counters: [FormCounter], experimentID: String? = nil) -> FormAnalytics {
        let chosen = experimentID.map { id in counters.filter { $0.experimentID == id } } ?? counters
        let byVariant = Dictionary(grouping: chosen, by: \.variant)
        let variants = byVariant.keys.sorted().map { name -> Variant in
            let rows = byVariant[name] ?? []
            func total(_ metric: FormCounter.Metric, step: String = "") -> Double {
                rows.lazy.filter { $0.metric == metric && $0.step == step }.reduce(0) { $0 + $1.value }
            }
            let views = Int(total(.views)), completions = Int(total(.completions))
            let steps = definition.steps.map { step -> Step in
                let viewed = Int(total(.stepViews, step: step.id)), exits = Int(total(.stepExits, step: step.id))
                let leaves = total(.stepLeaves, step: step.id)
                return Step(
                    id: step.id, title: step.title, views: viewed, exits: exits, dropOff: viewed > 0 ? Double(exits) / Double(viewed) : nil,
                    averageSeconds: leaves > 0 ? total(.stepSeconds, step: step.id) / leaves : nil)
            }
            let days = Dictionary(grouping: rows.filter { $0.step.isEmpty }, by: \.day).keys.sorted().map { day in
                let dayRows = rows.filter { $0.day == day && $0.step.isEmpty }
                return Day(
                    day: day, views: Int(dayRows.filter { $0.metric == .views }.reduce(0) { $0 + $1.value }),
                    completions: Int(dayRows.filter { $0.metric == .completions }.reduce(0) { $0 + $1.value }))
            }
            return Variant(
                variant: name, views: views, starts: Int(total(.starts)), completions: completions,
                completionRate: views > 0 ? Double(completions) / Double(views) : nil,
                averageSecondsToComplete: completions > 0 ? total(.completionSeconds) / Double(completions) : nil,
                fieldsShownPerCompletion: completions > 0 ? total(.completedFieldsShown) / Double(completions) : nil, steps: steps, days: days)
        }
        return FormAnalytics(formId: formID, variants: variants)
    }

    /// One row per variant and step (and a form-wide row per variant), for spreadsheets.
    public func csv() -> String {
        var lines = ["variant,step,title,views,starts,completions,completion_rate,exits,drop_off,average_seconds"]
        func cell(_ text: String) -> String {
            // Quote every text cell, double its quotes, and defuse spreadsheet formulas.
            var text = text
            if let first = text.first, "=+-@".contains(first) { text = "'" + text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        func number(_ value: Double?) -> String { value.map { String(format: "%.4f", $0) } ?? "" }
        for variant in variants {
            lines.append(
                "\(cell(variant.variant)),,,\(variant.views),\(variant.starts),\(variant.completions),\(number(variant.completionRate)),,,\(number(variant.averageSecondsToComplete))"
            )
            for step in variant.steps {
                lines.append(
                    "\(cell(variant.variant)),\(cell(step.id)),\(cell(step.title)),\(step.views),,,,\(step.exits),\(number(step.dropOff)),\(number(step.averageSeconds))"
                )
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
