import Foundation

/// One analytics counter of a form, added to as sessions move (never recomputed from sessions).
public struct FormCounter: Sendable, Equatable, Codable {
    public enum Metric: String, Sendable, Codable, CaseIterable {
        /// Form-wide (`step` empty): sessions created (the page was opened), sessions that
        /// started (a field event or a submission), completions, the seconds they took, and the
        /// fields shown to them.
        case views, starts, completions, completionSeconds = "completion_seconds", completedFieldsShown = "completed_fields_shown"
        /// Per step: sessions shown the step, sessions that ended on it, and the seconds spent on
        /// it by those that left it (moved on, finished or ended there), and how many those were.
        case stepViews = "step_views", stepExits = "step_exits", stepSeconds = "step_seconds", stepLeaves = "step_leaves"
    }

    public var experimentID: String
    public var variant: String
    /// `yyyy-MM-dd`, UTC.
    public var day: String
    public var step: String
    public var metric: Metric
    public var value: Double

    public init(experimentID: String = "", variant: String, day: String, step: String = "", metric: Metric, value: Double = 1) {
        self.experimentID = experimentID
        self.variant = variant
        self.day = day
        self.step = step
        self.metric = metric
        self.value = value
    }

    /// The counters' variant for a session outside any experiment.
    public static let noVariant = "none"

    public static func day(_ date: Date) -> String {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
