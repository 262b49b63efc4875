import Foundation

/// GrowthBook's deterministic hashing, byte for byte as its SDKs do it, so an assignment made
/// here matches one made by any GrowthBook SDK for the same seed and unit (and is the same on
/// every node, engine and restart: nothing but the two strings goes in).
public enum GrowthBookHash {
    /// FNV-1a, 32 bits, over the string's UTF-16 code units (as JavaScript's `charCodeAt`).
    public static func fnv32a(_ text: String) -> UInt32 {
        var hash: UInt32 = 0x811c_9dc5
        for unit in text.utf16 {
            hash ^= UInt32(unit)
            hash = hash &* 16_777_619
        }
        return hash
    }

    /// A number in [0, 1) for `value` under `seed`; `nil` for an unknown version.
    /// Version 1: `fnv32a(value + seed) % 1000 / 1000`; version 2 (the default, better spread):
    /// `fnv32a(String(fnv32a(seed + value))) % 10000 / 10000`.
    public static func hash(seed: String, value: String, version: Int = 2) -> Double? {
        switch version {
        case 1: return Double(fnv32a(value + seed) % 1000) / 1000
        case 2: return Double(fnv32a(String(fnv32a(seed + value))) % 10000) / 10000
        default: return nil
        }
    }

    /// Each variant's `[start, end)` slice of [0, 1]: variants sit side by side in proportion
    /// to their weights, each covering `coverage` of its slot (so raising coverage later keeps
    /// everyone already in a variant where they were). Weights of the wrong count, or not
    /// summing to 0.99–1.01, are replaced by equal weights, as GrowthBook does.
    public static func bucketRanges(variants: Int, coverage: Double, weights: [Double]?) -> [ClosedRange<Double>] {
        guard variants > 0 else { return [] }
        let coverage = min(max(coverage, 0), 1)
        let equal = Array(repeating: 1 / Double(variants), count: variants)
        var chosen = weights ?? equal
        if chosen.count != variants { chosen = equal }
        let total = chosen.reduce(0, +)
        if total < 0.99 || total > 1.01 { chosen = equal }
        var cumulative = 0.0
        return chosen.map { weight in
            let start = cumulative
            cumulative += weight
            return start...(start + coverage * weight)
        }
    }

    /// The variant whose range holds `n` (end excluded), or −1: not in the experiment.
    public static func chooseVariant(_ n: Double, ranges: [ClosedRange<Double>]) -> Int {
        ranges.firstIndex { n >= $0.lowerBound && n < $0.upperBound } ?? -1
    }
}
