import Synchronization

/// Regular expressions compiled once per pattern and process: the rules tier reads every
/// message with the same few dozen patterns, and compiling them was most of its cost.
enum CachedRegex {
    /// `Regex` is a value whose compiled program is immutable once built (the standard library
    /// builds it under its own lock), so sharing one across tasks is safe; the type just does
    /// not say so yet.
    private struct Shared: @unchecked Sendable {
        let regex: Regex<AnyRegexOutput>
    }

    private static let cache = Mutex<[String: Shared]>([:])

    /// `pattern` with `\b` meaning what it means in other engines (a letter/digit boundary, so
    /// "3pm" is one word), compiled on first use. Patterns are constants of this module.
    static func simple(_ pattern: String) -> Regex<AnyRegexOutput> {
        if let cached = cache.withLock({ $0[pattern] }) { return cached.regex }
        let compiled = Shared(regex: try! Regex(pattern).wordBoundaryKind(.simple))
        cache.withLock { $0[pattern] = compiled }
        return compiled.regex
    }
}
