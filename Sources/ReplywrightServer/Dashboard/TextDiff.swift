/// A line diff (longest common subsequence) for showing what a proposal changes.
enum TextDiff {
    enum Kind: String { case same, added, removed }

    struct Line {
        var kind: Kind
        var text: String
    }

    /// Lines of `old` and `new`, in order, each kept, removed or added. Inputs past 2,000 lines
    /// each are compared as wholes (removed, then added) to bound the work.
    static func lines(_ old: String, _ new: String) -> [Line] {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard a.count <= 2_000, b.count <= 2_000 else {
            return a.map { Line(kind: .removed, text: $0) } + b.map { Line(kind: .added, text: $0) }
        }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var result: [Line] = []
        var (i, j) = (0, 0)
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                result.append(Line(kind: .same, text: a[i]))
                i += 1
                j += 1
            } else if j < b.count, i == a.count || table[i][j + 1] >= table[i + 1][j] {
                result.append(Line(kind: .added, text: b[j]))
                j += 1
            } else {
                result.append(Line(kind: .removed, text: a[i]))
                i += 1
            }
        }
        return result
    }
}
