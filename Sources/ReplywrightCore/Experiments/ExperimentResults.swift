import Foundation

/// An experiment's results: per variant its sessions (exposures), completions, completion rate,
/// time to complete and fields shown per completion; the SRM check on the exposures; and each
/// variant compared with the first (the baseline) by Welch's t, with verdicts in plain words.
public struct ExperimentResults: Sendable, Equatable, Codable {
    public struct Variant: Sendable, Equatable, Codable {
        public var id: String
        public var weight: Double
        public var sessions: Int
        public var completions: Int
        public var completionRate: Double?
        public var averageSecondsToComplete: Double?
        public var fieldsShownPerCompletion: Double?
        /// Against the baseline; `nil` for the baseline itself.
        public var comparison: ExperimentStatistics.Comparison?
    }

    public var experiment: Experiment
    public var variants: [Variant]
    public var sampleRatio: ExperimentStatistics.SampleRatio

    public static func build(_ experiment: Experiment, exposures: [String: Int], counters: [FormCounter]) -> ExperimentResults {
        let mine = counters.filter { $0.experimentID == experiment.id.rawValue && $0.step.isEmpty }
        func total(_ variant: String, _ metric: FormCounter.Metric) -> Double {
            mine.lazy.filter { $0.variant == variant && $0.metric == metric }.reduce(0) { $0 + $1.value }
        }
        var variants = experiment.variants.map { variant -> Variant in
            let sessions = exposures[variant.id] ?? 0
            let completions = Int(total(variant.id, .completions))
            return Variant(
                id: variant.id, weight: variant.weight, sessions: sessions, completions: completions,
                completionRate: sessions > 0 ? Double(completions) / Double(sessions) : nil,
                averageSecondsToComplete: completions > 0 ? total(variant.id, .completionSeconds) / Double(completions) : nil,
                fieldsShownPerCompletion: completions > 0 ? total(variant.id, .completedFieldsShown) / Double(completions) : nil,
                comparison: nil)
        }
        if let baseline = variants.first {
            for index in variants.indices.dropFirst() {
                let variant = variants[index]
                variants[index].comparison = ExperimentStatistics.compare(
                    baseline: (min(baseline.completions, baseline.sessions), baseline.sessions),
                    treatment: (min(variant.completions, variant.sessions), variant.sessions), name: variant.id)
            }
        }
        let ratio = ExperimentStatistics.sampleRatio(observed: variants.map(\.sessions), weights: experiment.variants.map(\.weight))
        return ExperimentResults(experiment: experiment, variants: variants, sampleRatio: ratio)
    }
}
