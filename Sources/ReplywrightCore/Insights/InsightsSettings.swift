import Foundation

/// A workspace's insights settings: the weekly report (opt-in, Monday 06:00 UTC) and the model
/// and effort the synthesis, the judge and the question box use (coerced like drafting's; by
/// default drafting's model).
public struct InsightsSettings: Sendable, Hashable, Codable {
    public var weekly: Bool
    public var model: String?
    public var effort: String?

    public init(weekly: Bool = false, model: String? = nil, effort: String? = nil) {
        self.weekly = weekly
        self.model = model
        self.effort = effort
    }

    public func validated() throws(AppError) -> InsightsSettings {
        var copy = self
        copy.model = model?.trimmingCharacters(in: .whitespaces)
        if copy.model?.isEmpty == true { copy.model = nil }
        if let model = copy.model, model.count > 100 || model.contains(where: \.isWhitespace) {
            throw .invalid("insights model: a model name without spaces, at most 100 characters")
        }
        if let effort, !["low", "medium", "high", "extra_high"].contains(effort) {
            throw .invalid("insights effort: low, medium, high or extra_high")
        }
        return copy
    }
}

/// The weekly slot: Monday 06:00 UTC.
public enum WeeklySlot {
    /// The latest slot at or before `now`.
    public static func latest(atOrBefore now: Date) -> Date {
        // Week 0 starts Monday 1970-01-05 00:00 UTC; the slot is six hours in.
        let slot0 = ReportCell.weekEpoch + 6 * 3_600
        let weeks = ((now.timeIntervalSince1970 - slot0) / 604_800).rounded(.down)
        return Date(timeIntervalSince1970: slot0 + weeks * 604_800)
    }

    /// The weekly report's cohort: the four weeks of messages that have matured by the slot
    /// (sent 49 to 21 days before it), known as of the slot.
    public static func parameters(for slot: Date) -> AttributionParameters {
        let matured = TimeInterval(AttributionParameters.defaultAttributionDays + AttributionParameters.defaultMaturityDays) * 86_400
        let to = slot.addingTimeInterval(-matured)
        return AttributionParameters(from: to.addingTimeInterval(-28 * 86_400), to: to, asOf: slot)
    }
}
