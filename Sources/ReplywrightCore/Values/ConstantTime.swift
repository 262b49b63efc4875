/// Comparing secrets (CSRF and form-session tokens, webhook signatures, the cron secret) so the
/// time taken says nothing about how much of a guess was right.
public enum ConstantTime {
    /// Compares every byte whatever the first difference (and whatever the lengths).
    public static func equal(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for index in 0..<max(x.count, y.count) {
            difference |= (index < x.count ? x[index] : 0) ^ (index < y.count ? y[index] : 0)
        }
        return difference == 0
    }
}
