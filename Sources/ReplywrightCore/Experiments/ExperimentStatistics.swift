import Foundation

/// The checks an experiment's results page shows: is the traffic split as configured (SRM), and
/// does a variant complete more often than the first one (Welch's t, GrowthBook's frequentist
/// default), each with a verdict in plain words.
public enum ExperimentStatistics {
    /// Below this many sessions in any variant, neither check says anything.
    public static let minimumSessions = 8
    /// SRM is flagged below this p-value (GrowthBook's default).
    public static let srmThreshold = 0.001

    public struct SampleRatio: Sendable, Equatable, Codable {
        public var chiSquare: Double
        public var pValue: Double
        /// `not_enough_traffic`, `ok` or `mismatch`.
        public var status: String
        public var verdict: String
    }

    /// Pearson's χ² of the observed sessions per variant against the configured weights
    /// (normalised; equal when they do not sum to 0.99–1.01, as the bucketing does).
    public static func sampleRatio(observed: [Int], weights: [Double]) -> SampleRatio {
        let total = Double(observed.reduce(0, +))
        let ranges = GrowthBookHash.bucketRanges(variants: observed.count, coverage: 1, weights: weights)
        var chi = 0.0
        for (count, range) in zip(observed, ranges) {
            let expected = total * (range.upperBound - range.lowerBound)
            guard expected > 0 else { continue }
            chi += pow(Double(count) - expected, 2) / expected
        }
        let p = observed.count > 1 ? SpecialFunctions.chiSquareTail(chi, degrees: observed.count - 1) : 1
        if observed.isEmpty || observed.contains(where: { $0 < minimumSessions }) {
            return SampleRatio(
                chiSquare: chi, pValue: p, status: "not_enough_traffic",
                verdict: "Not enough traffic yet to check the split (at least \(minimumSessions) sessions per variant).")
        }
        if p < srmThreshold {
            return SampleRatio(
                chiSquare: chi, pValue: p, status: "mismatch",
                verdict:
                    "The traffic split does not match the weights (p = \(Self.format(p))): check how visitors reach the form before trusting the results."
            )
        }
        return SampleRatio(chiSquare: chi, pValue: p, status: "ok", verdict: "The traffic split matches the weights.")
    }

    public struct Comparison: Sendable, Equatable, Codable {
        public var t: Double
        public var degreesOfFreedom: Double
        public var pValue: Double
        /// (treatment − baseline) ÷ baseline completion rate.
        public var relativeLift: Double?
        /// Its 95 % interval (delta method, Student's t quantile).
        public var liftInterval: [Double]?
        /// `not_enough_traffic`, `better`, `worse` or `inconclusive`.
        public var status: String
        public var verdict: String
    }

    /// Welch's t on completion (a 0/1 outcome per session) of `treatment` against `baseline`.
    public static func compare(
        baseline: (completions: Int, sessions: Int), treatment: (completions: Int, sessions: Int), name: String = "This variant",
        alpha: Double = 0.05
    ) -> Comparison {
        let n1 = Double(baseline.sessions), n2 = Double(treatment.sessions)
        guard baseline.sessions >= minimumSessions, treatment.sessions >= minimumSessions else {
            return Comparison(
                t: 0, degreesOfFreedom: 0, pValue: 1, relativeLift: nil, liftInterval: nil, status: "not_enough_traffic",
                verdict: "Not enough traffic yet (at least \(minimumSessions) sessions in each variant).")
        }
        let m1 = Double(baseline.completions) / n1, m2 = Double(treatment.completions) / n2
        let v1 = m1 * (1 - m1), v2 = m2 * (1 - m2)
        let s1 = v1 / n1, s2 = v2 / n2
        let se = (s1 + s2).squareRoot()
        guard se > 0 else {
            return Comparison(
                t: 0, degreesOfFreedom: n1 + n2 - 2, pValue: 1, relativeLift: m1 > 0 ? (m2 - m1) / m1 : nil, liftInterval: nil,
                status: "inconclusive", verdict: "Every session ended the same way in both variants: nothing to compare yet.")
        }
        let t = (m2 - m1) / se
        let df = pow(s1 + s2, 2) / (pow(s1, 2) / (n1 - 1) + pow(s2, 2) / (n2 - 1))
        let p = SpecialFunctions.studentTwoSided(t, degrees: df)
        var lift: Double?
        var interval: [Double]?
        if m1 > 0 {
            let relative = (m2 - m1) / m1
            let variance = v2 / (n2 * m1 * m1) + v1 * m2 * m2 / (n1 * pow(m1, 4))
            let half = SpecialFunctions.studentQuantile(twoSidedAlpha: alpha, degrees: df) * variance.squareRoot()
            lift = relative
            interval = [relative - half, relative + half]
        }
        let liftWords = lift.map { " (\(Self.percent($0)) relative)" } ?? ""
        if p < alpha {
            let better = t > 0
            return Comparison(
                t: t, degreesOfFreedom: df, pValue: p, relativeLift: lift, liftInterval: interval, status: better ? "better" : "worse",
                verdict: "\(name) completes \(better ? "more" : "less") often than the baseline\(liftWords), p = \(Self.format(p)).")
        }
        return Comparison(
            t: t, degreesOfFreedom: df, pValue: p, relativeLift: lift, liftInterval: interval, status: "inconclusive",
            verdict: "No clear difference yet\(liftWords), p = \(Self.format(p)): keep it running.")
    }

    /// A p-value in words' width: four decimals, or scientific when tiny.
    public static func format(_ p: Double) -> String {
        p < 0.0001 ? String(format: "%.1e", p) : String(format: "%.4f", p)
    }

    /// A relative change, signed: "+12.3 %".
    public static func percent(_ value: Double) -> String {
        String(format: "%+.1f %%", value * 100)
    }
}
