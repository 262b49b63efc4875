import ReplywrightCore
import Testing

@Suite("Near-duplicate fingerprints")
struct SimilarityTests {
    static let base = "Thanks for getting back to me, Maya. Tuesday at 3pm works well for a quick call about the rollout in Austin."
    static let nearCopy = "Thanks for getting back to me, Maya. Tuesday at 3pm works well for a quick call about the rollout in Denver."
    static let unrelated = "Our pricing starts at the team plan; I can send over the comparison sheet and a short case study today."

    @Test func simHashSeparatesNearCopiesFromUnrelatedText() {
        let near = SimHash(Self.base).distance(to: SimHash(Self.nearCopy))
        let far = SimHash(Self.base).distance(to: SimHash(Self.unrelated))
        #expect(SimHash(Self.base).distance(to: SimHash(Self.base)) == 0)
        #expect(near <= 12, "one word changed: \(near) bits")
        #expect(far >= 20, "unrelated: \(far) bits")
        #expect(SimHash("Hello, WORLD!  again and again") == SimHash("hello world again and again"), "case and punctuation do not count")
    }

    @Test func fingerprintsAreStableAcrossProcesses() {
        // Stored fingerprints are compared with ones computed later, by other processes:
        // these values must never change.
        #expect(StableHash.fnv1a("a") == 0xaf63_dc4c_8601_ec8c, "the published FNV-1a 64 test vector")
        #expect(StableHash.fnv1a("replywright") == 0xb54b_73e9_b753_cd12)
        #expect(
            SimHash("the quick brown fox jumps over the lazy dog").bits == 0x481b_3ed4_9e3f_c8c9,
            "pinned: a changed hash would orphan stored fingerprints")
    }

    @Test func minHashEstimatesJaccard() {
        let same = MinHashSignature(Self.base).similarity(to: MinHashSignature(Self.base))
        let near = MinHashSignature(Self.base).similarity(to: MinHashSignature(Self.nearCopy))
        let far = MinHashSignature(Self.base).similarity(to: MinHashSignature(Self.unrelated))
        #expect(same == 1)
        // 19 of 21 shingles shared: Jaccard 19/23 ≈ 0.83.
        #expect(near > 0.6 && near < 1)
        #expect(far < 0.1)
        #expect(MinHashSignature("").similarity(to: MinHashSignature("")) == 0, "empty texts are not duplicates")
    }

    @Test func skeletonsCaptureShapeNotWords() {
        let a = "Hi Maya,\n\nTuesday works. I'll send an invite.\n\nDoes 3pm suit you?\n\nBest,\nSam"
        let b = "Hello Tom,\n\nFriday is fine. I will book it.\n\nWould 10am be good?\n\nThanks,\nAna"
        let c = "Tuesday works — invite coming. Does 3pm suit you?"
        #expect(StructureSkeleton(a) == StructureSkeleton(b))
        #expect(StructureSkeleton(a).description == "G|2.1?|-|S")
        #expect(StructureSkeleton(a).signature != StructureSkeleton(c).signature)
        #expect(StructureSkeleton("Options:\n- Tuesday 3pm\n- Wednesday 10am").hasList)
    }

    @Test func indexFindsTheNearestPriorText() {
        var index = NearDuplicateIndex()
        #expect(index.match(Self.base) == .init(nearestDistance: 64, maxJaccard: 0, sameSkeleton: 0))
        index.insert(Self.unrelated)
        index.insert(Self.nearCopy)
        let match = index.match(Self.base)
        #expect(match.nearestDistance == SimHash(Self.base).distance(to: SimHash(Self.nearCopy)))
        #expect(match.maxJaccard == MinHashSignature(Self.base).similarity(to: MinHashSignature(Self.nearCopy)))
        #expect(match.sameSkeleton == 1, "the near copy has the same shape; the unrelated text is one sentence, not two")
        #expect(index.count == 2)
        let best = index.bestCandidate(MinHashSignature(Self.base))
        #expect(best?.position == 1 && best?.jaccard == match.maxJaccard, "the near copy, inserted second, is the best candidate")
        #expect(NearDuplicateIndex().bestCandidate(MinHashSignature(Self.base)) == nil, "an empty index has none")
    }
}

@Suite("Archetypes")
struct ArchetypeTests {
    let catalog = ArchetypeCatalog.standard

    @Test func catalogHasTenOrMoreDistinctStructures() {
        #expect(catalog.count >= 10)
        #expect(Set(catalog.map(\.id)).count == catalog.count)
        let shapes = Set(catalog.map { "\($0.opening)|\($0.paragraphs)|\($0.callToAction)|\($0.length)|\($0.close)|\($0.usesList)" })
        #expect(shapes.count == catalog.count, "no two archetypes share a structure")
    }

    @Test func selectionIsDeterministicAndVariesWithTheAttempt() {
        let first = ArchetypeSelector.select(count: 3, seed: ("lead-1", "msg-1", 0), allowed: catalog, recentForLead: [], usage: [:])
        let again = ArchetypeSelector.select(count: 3, seed: ("lead-1", "msg-1", 0), allowed: catalog, recentForLead: [], usage: [:])
        #expect(first == again && first.count == 3 && Set(first.map(\.id)).count == 3)
        let regenerated = (1...5).map {
            ArchetypeSelector.select(count: 3, seed: ("lead-1", "msg-1", $0), allowed: catalog, recentForLead: [], usage: [:]).map(\.id)
        }
        #expect(Set(regenerated + [first.map(\.id)]).count > 1, "regenerations pick other archetypes")
    }

    @Test func avoidsTheLeadsLastThreeAndPrefersTheLeastUsed() {
        let recent = ["straight-answer", "one-liner", "hook-first", "warm-story"]
        for attempt in 0..<20 {
            let picked = ArchetypeSelector.select(count: 3, seed: ("lead-9", "m", attempt), allowed: catalog, recentForLead: recent, usage: [:])
            #expect(picked.allSatisfy { !recent.prefix(3).contains($0.id) })
        }
        var usage = Dictionary(uniqueKeysWithValues: catalog.map { ($0.id, 10) })
        usage["no-frills"] = 2
        usage["options-list"] = 3
        let picked = ArchetypeSelector.select(count: 2, seed: ("x", "y", 0), allowed: catalog, recentForLead: [], usage: usage)
        #expect(picked.map(\.id) == ["no-frills", "options-list"])
        let short = ArchetypeSelector.select(
            count: 3, seed: ("x", "y", 0), allowed: Array(catalog.prefix(2)),
            recentForLead: [catalog[0].id], usage: [:])
        #expect(short.map(\.id) == [catalog[1].id, catalog[0].id], "a short allow-list still fills, the recent one last")
    }

    @Test func balancedUsageSpreadsAcrossTheCatalog() {
        var usage: [String: Int] = [:]
        for lead in 0..<120 {
            let winner = ArchetypeSelector.select(
                count: 1, seed: ("lead-\(lead)", "same inbound", 0), allowed: catalog,
                recentForLead: [], usage: usage)[0]
            usage[winner.id, default: 0] += 1
        }
        #expect(usage.values.max()! - usage.values.min()! <= 1, "\(usage)")
    }
}
