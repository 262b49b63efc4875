/// Hashes that are the same in every process and on every machine (Swift's `Hasher` is
/// seeded per process), for fingerprints that are stored and compared later.
public enum StableHash {
    /// FNV-1a, 64-bit.
    public static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// SplitMix64's finaliser: spreads the bits of `value` (and derives independent hashes
    /// from one by mixing in a seed).
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// Words and shingles of a text, the shared input of the similarity measures.
public enum TextShingles {
    /// Lower-cased words (letters, digits, inner apostrophes).
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber || (character == "'" && !current.isEmpty) {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current.hasSuffix("'") ? String(current.dropLast()) : current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Word n-grams (3 by default); texts shorter than `size` give one shingle of all words.
    public static func shingles(_ text: String, size: Int = 3) -> [String] {
        let words = words(text)
        guard words.count >= size else { return words.isEmpty ? [] : [words.joined(separator: " ")] }
        return (0...(words.count - size)).map { words[$0..<($0 + size)].joined(separator: " ") }
    }
}
