/// Deterministic token estimates for budgets: about 4 characters or 0.75 words per token,
/// whichever is more, rounded up. No tokenizer needed, the same on every machine, and on the
/// safe side for English prose.
public enum TokenEstimate {
    public static func of(_ text: String) -> Int {
        guard !text.isEmpty else { return 0 }
        let characters = (text.count + 3) / 4
        let words = (text.split(whereSeparator: \.isWhitespace).count * 4 + 2) / 3
        return max(characters, words)
    }

    /// The longest prefix of `text`, cut at a word boundary, whose estimate fits `budget`.
    public static func truncate(_ text: String, toBudget budget: Int) -> (text: String, truncated: Bool) {
        guard of(text) > budget else { return (text, false) }
        guard budget > 0 else { return ("", !text.isEmpty) }
        // Binary search on word count: estimates grow with every added word.
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        var low = 0
        var high = words.count
        while low < high {
            let middle = (low + high + 1) / 2
            if of(words[..<middle].joined(separator: " ") + " …") <= budget { low = middle } else { high = middle - 1 }
        }
        return (low == 0 ? "" : words[..<low].joined(separator: " ") + " …", true)
    }
}
