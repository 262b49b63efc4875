import Foundation

/// Confidence intervals for a booked rate and for the difference of two rates.
///
/// Wilson's score interval (good at small counts and at 0 % / 100 %, unlike the normal
/// approximation) and Newcombe's hybrid score interval for a difference of proportions
/// (method 10 in Newcombe 1998), both at 95 % unless told otherwise.
public enum ProportionInterval {
    /// The two-sided 95 % normal quantile.
    public static let z95 = 1.959963984540054

    /// Wilson score interval for `successes` of `trials`; `nil` when there are no trials.
    /// `successes` may be fractional (a tie counted as half a win).
    public static func wilson(successes: Double, trials: Int, z: Double = z95) -> ClosedRange<Double>? {
        guard trials > 0 else { return nil }
        let n = Double(trials)
        let p = min(max(successes / n, 0), 1)
        let z2 = z * z
        let denominator = 1 + z2 / n
        let centre = (p + z2 / (2 * n)) / denominator
        let half = z / denominator * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        return max(0, centre - half)...min(1, centre + half)
    }

    public static func wilson(successes: Int, trials: Int, z: Double = z95) -> ClosedRange<Double>? {
        wilson(successes: Double(successes), trials: trials, z: z)
    }

    /// Newcombe's interval for `p1 − p2` (rate 1 = `successes1 / trials1`); `nil` if either
    /// side has no trials. An interval that excludes 0 is a significant difference.
    public static func newcombe(successes1: Int, trials1: Int, successes2: Int, trials2: Int, z: Double = z95)
        -> ClosedRange<Double>?
    {
        guard let w1 = wilson(successes: successes1, trials: trials1, z: z),
            let w2 = wilson(successes: successes2, trials: trials2, z: z)
        else { return nil }
        let p1 = Double(successes1) / Double(trials1)
        let p2 = Double(successes2) / Double(trials2)
        let difference = p1 - p2
        let lower = difference - ((p1 - w1.lowerBound) * (p1 - w1.lowerBound) + (w2.upperBound - p2) * (w2.upperBound - p2)).squareRoot()
        let upper = difference + ((w1.upperBound - p1) * (w1.upperBound - p1) + (p2 - w2.lowerBound) * (p2 - w2.lowerBound)).squareRoot()
        return lower...upper
    }
}
