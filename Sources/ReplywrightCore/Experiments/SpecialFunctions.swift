import Foundation

/// The distribution functions the experiment statistics need (χ² and Student's t tails), from
/// the regularized incomplete gamma and beta functions (series and continued fractions as in
/// Numerical Recipes, §6.2 and §6.4), accurate to about 1e-12.
enum SpecialFunctions {
    /// Q(a, x) = Γ(a, x) / Γ(a), the upper regularized incomplete gamma function.
    static func upperGamma(_ a: Double, _ x: Double) -> Double {
        guard x > 0, a > 0 else { return 1 }
        if x < a + 1 {
            var sum = 1 / a
            var term = sum
            var n = a
            for _ in 0..<1_000 {
                n += 1
                term *= x / n
                sum += term
                if abs(term) < abs(sum) * 1e-15 { break }
            }
            return max(0, 1 - sum * exp(-x + a * log(x) - lgamma(a)))
        }
        // Lentz's continued fraction.
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1...1_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return exp(-x + a * log(x) - lgamma(a)) * h
    }

    /// P(χ² ≥ x) with `degrees` degrees of freedom.
    static func chiSquareTail(_ x: Double, degrees: Int) -> Double {
        upperGamma(Double(degrees) / 2, x / 2)
    }

    /// I_x(a, b), the regularized incomplete beta function.
    static func incompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        guard x > 0 else { return 0 }
        guard x < 1 else { return 1 }
        let logBeta: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let front = exp(logBeta + logPowers)
        // The continued fraction converges fast on this side; use the symmetry otherwise.
        if x < (a + 1) / (a + b + 2) { return front * betaFraction(x, a, b) / a }
        return 1 - front * betaFraction(1 - x, b, a) / b
    }

    private static func betaFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...1_000 {
            let m = Double(m)
            var aa = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return h
    }

    /// P(|T| ≥ |t|) for Student's t with `degrees` degrees of freedom.
    static func studentTwoSided(_ t: Double, degrees: Double) -> Double {
        guard t.isFinite else { return 0 }
        return incompleteBeta(degrees / (degrees + t * t), degrees / 2, 0.5)
    }

    /// The t with P(|T| ≥ t) = `alpha` (bisection: monotone, and 60 halvings are plenty).
    static func studentQuantile(twoSidedAlpha alpha: Double, degrees: Double) -> Double {
        var low = 0.0
        var high = 1_000.0
        for _ in 0..<100 {
            let middle = (low + high) / 2
            if studentTwoSided(middle, degrees: degrees) > alpha { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }
}
