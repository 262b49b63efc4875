/// A 64-bit SimHash over word 3-shingles: near-identical texts differ in few bits, unrelated
/// texts in about 32.
public struct SimHash: Sendable, Hashable, Codable {
    public var bits: UInt64

    public init(bits: UInt64) {
        self.bits = bits
    }

    public init(_ text: String) {
        var votes = [Int](repeating: 0, count: 64)
        for shingle in TextShingles.shingles(text) {
            let hash = StableHash.mix(StableHash.fnv1a(shingle))
            for bit in 0..<64 {
                votes[bit] += (hash >> UInt64(bit)) & 1 == 1 ? 1 : -1
            }
        }
        var bits: UInt64 = 0
        for bit in 0..<64 where votes[bit] > 0 { bits |= 1 << UInt64(bit) }
        self.bits = bits
    }

    /// Bits that differ: 0 for identical shingle sets, around 32 for unrelated texts.
    public func distance(to other: SimHash) -> Int {
        (bits ^ other.bits).nonzeroBitCount
    }
}

/// A MinHash signature over word 3-shingles; the share of equal slots estimates the Jaccard
/// similarity of the two shingle sets.
public struct MinHashSignature: Sendable, Hashable, Codable {
    public static let size = 64
    public var slots: [UInt64]

    public init(slots: [UInt64]) {
        self.slots = slots
    }

    public init(_ text: String) {
        var slots = [UInt64](repeating: .max, count: Self.size)
        for shingle in TextShingles.shingles(text) {
            let base = StableHash.fnv1a(shingle)
            for index in 0..<Self.size {
                let value = StableHash.mix(base ^ (UInt64(index) &* 0x9e37_79b9_7f4a_7c15))
                if value < slots[index] { slots[index] = value }
            }
        }
        self.slots = slots
    }

    /// Estimated Jaccard similarity in 0...1.
    public func similarity(to other: MinHashSignature) -> Double {
        guard slots.count == other.slots.count, !slots.isEmpty else { return 0 }
        let equal = zip(slots, other.slots).filter { $0 == $1 && $0 != .max }.count
        return Double(equal) / Double(slots.count)
    }
}
