/// The workspace's recent drafts and sent messages as fingerprints, for the uniqueness score.
///
/// Holds 8 bytes of SimHash plus a 64-slot MinHash and a skeleton signature per text. The
/// nearest SimHash is a linear scan of packed `UInt64`s (popcount), about a tenth of a
/// millisecond at 100,000 texts; MinHash candidates come from LSH buckets (16 bands of 4
/// slots), so only texts sharing a band are compared.
public struct NearDuplicateIndex: Sendable {
    public struct Match: Sendable, Equatable {
        /// Smallest SimHash distance to any indexed text (64 when empty).
        public var nearestDistance: Int
        /// Highest estimated Jaccard similarity among LSH candidates (0 when none).
        public var maxJaccard: Double
        /// Indexed texts with exactly this skeleton.
        public var sameSkeleton: Int

        public init(nearestDistance: Int, maxJaccard: Double, sameSkeleton: Int) {
            self.nearestDistance = nearestDistance
            self.maxJaccard = maxJaccard
            self.sameSkeleton = sameSkeleton
        }
    }

    static let bands = 16
    static let rowsPerBand = MinHashSignature.size / bands

    private var simHashes: [UInt64] = []
    private var signatures: [MinHashSignature] = []
    private var buckets: [UInt64: [Int32]] = [:]
    private var skeletons: [UInt64: Int] = [:]

    public init() {}

    public var count: Int { simHashes.count }

    public mutating func insert(_ text: String) {
        insert(simHash: SimHash(text), signature: MinHashSignature(text), skeleton: StructureSkeleton(text).signature)
    }

    public mutating func insert(simHash: SimHash, signature: MinHashSignature, skeleton: UInt64) {
        let position = Int32(simHashes.count)
        simHashes.append(simHash.bits)
        signatures.append(signature)
        for key in Self.bandKeys(signature) { buckets[key, default: []].append(position) }
        skeletons[skeleton, default: 0] += 1
    }

    public func match(_ text: String) -> Match {
        match(simHash: SimHash(text), signature: MinHashSignature(text), skeleton: StructureSkeleton(text).signature)
    }

    public func match(simHash: SimHash, signature: MinHashSignature, skeleton: UInt64) -> Match {
        var nearest = 64
        for bits in simHashes {
            let distance = (bits ^ simHash.bits).nonzeroBitCount
            if distance < nearest { nearest = distance }
        }
        return Match(nearestDistance: nearest, maxJaccard: bestCandidate(signature)?.jaccard ?? 0, sameSkeleton: skeletons[skeleton] ?? 0)
    }

    /// The indexed text (by insertion order) most similar to `signature` among those sharing an
    /// LSH band with it, with its estimated Jaccard similarity; `nil` when none shares a band.
    public func bestCandidate(_ signature: MinHashSignature) -> (position: Int, jaccard: Double)? {
        var best: (position: Int, jaccard: Double)?
        var seen = Set<Int32>()
        for key in Self.bandKeys(signature) {
            for position in buckets[key] ?? [] where seen.insert(position).inserted {
                let similarity = signatures[Int(position)].similarity(to: signature)
                if similarity > (best?.jaccard ?? -1) { best = (Int(position), similarity) }
            }
        }
        return best
    }

    /// One key per band: the band number mixed with its slots.
    static func bandKeys(_ signature: MinHashSignature) -> [UInt64] {
        guard signature.slots.count == MinHashSignature.size else { return [] }
        return (0..<bands).compactMap { band in
            let rows = signature.slots[(band * rowsPerBand)..<((band + 1) * rowsPerBand)]
            // An empty text has no shingles: every slot is .max; it matches nothing.
            guard rows.contains(where: { $0 != .max }) else { return nil }
            return rows.reduce(StableHash.mix(UInt64(band))) { StableHash.mix($0 ^ $1) }
        }
    }
}
