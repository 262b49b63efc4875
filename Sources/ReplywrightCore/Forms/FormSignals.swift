import Foundation

/// What a session's field events say about the visitor, derived on the server.
///
/// - **Hesitation**: a field focused for more than 5 s before its first input (or paste), or
///   still without input 5 s after the focus.
/// - **Corrections**: deletions on a field after it had input.
/// - **Time on step**: now − when the step was shown (without JavaScript, from submissions).
/// - **Engagement** (0–1), over the sliding window (the last 60 s, at most 50 events):
///   `0.6 · min(1, inputs ÷ 10) + 0.4 · min(1, fields touched ÷ fields on the step)`.
/// - **Abandonment risk** (0–1): `0.5 · min(1, idle ÷ 60 s) + 0.25 · min(1, hesitations ÷ 3)
///   + 0.25 · min(1, corrections ÷ 5)`, idle counted from the last event (or the step's start).
public struct FormSignals: Sendable, Equatable, Codable {
    public var hesitations: Int
    public var corrections: Int
    public var timeOnStepSeconds: Double
    public var idleSeconds: Double
    public var engagement: Double
    public var abandonmentRisk: Double

    public static let hesitationSeconds = 5.0
    public static let windowSeconds = 60.0
    public static let windowEvents = 50

    /// Signals for the current step from its events (any order), the step's start and field count.
    public static func derive(events: [FormEvent], stepStartedAt: Date, fieldsOnStep: Int, now: Date) -> FormSignals {
        let events = events.sorted { $0.at < $1.at }
        var firstFocus: [String: Date] = [:]
        var firstInput: [String: Date] = [:]
        var corrections = 0
        for event in events {
            guard let field = event.field else { continue }
            switch event.kind {
            case .focus: if firstFocus[field] == nil { firstFocus[field] = event.at }
            case .input, .paste: if firstInput[field] == nil { firstInput[field] = event.at }
            case .delete: if firstInput[field] != nil { corrections += 1 }
            case .blur, .error: break
            }
        }
        let hesitations = firstFocus.filter { field, focus in
            (firstInput[field] ?? now).timeIntervalSince(focus) > hesitationSeconds
        }.count
        let window = events.filter { now.timeIntervalSince($0.at) <= windowSeconds }.suffix(windowEvents)
        let inputs = window.filter { $0.kind == .input || $0.kind == .paste }.count
        let touched = Set(window.compactMap(\.field)).count
        let engagement = 0.6 * min(1, Double(inputs) / 10) + 0.4 * min(1, Double(touched) / Double(max(fieldsOnStep, 1)))
        let idle = max(0, now.timeIntervalSince(events.last?.at ?? stepStartedAt))
        let risk = 0.5 * min(1, idle / 60) + 0.25 * min(1, Double(hesitations) / 3) + 0.25 * min(1, Double(corrections) / 5)
        return FormSignals(
            hesitations: hesitations, corrections: corrections, timeOnStepSeconds: max(0, now.timeIntervalSince(stepStartedAt)),
            idleSeconds: idle, engagement: engagement, abandonmentRisk: risk)
    }
}
