/// Levenshtein distance (insertions, deletions, substitutions), for "did you mean …?" lines.
public enum EditDistance {
    public static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }

    /// The candidates within `maximum` edits of `text`, nearest first (ties in their order).
    public static func nearest(to text: String, in candidates: [String], maximum: Int, limit: Int = 3) -> [String] {
        candidates.map { ($0, between($0, text)) }.filter { $0.1 <= maximum }
            .enumerated().sorted { ($0.element.1, $0.offset) < ($1.element.1, $1.offset) }
            .prefix(limit).map(\.element.0)
    }
}
