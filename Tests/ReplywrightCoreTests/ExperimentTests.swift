import Foundation
import Testing

@testable import ReplywrightCore

@Suite("Experiments: GrowthBook hashing, buckets, SRM, Welch")
struct ExperimentTests {
    func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tolerance
    }

    /// From GrowthBook's cross-SDK `packages/sdk-js/test/cases.json` ("hash").
    @Test func hashVectors() {
        let vectors: [(String, String, Int, Double?)] = [
            ("", "a", 1, 0.22), ("b", "a", 1, 0.946), ("seed", "a", 2, 0.0505), ("seed", "b", 2, 0.2696), ("foo", "ab", 2, 0.2575),
            ("89123klj", "8952klfjas09ujkasdf", 2, 0.124), ("90850943850283058242805", "123", 2, 0.7516),
            ("()**(%$##$%#$#", "___)((*\":&", 2, 0.0128), ("abc", "def", 99, nil),
        ]
        for (seed, value, version, expected) in vectors {
            let hash = GrowthBookHash.hash(seed: seed, value: value, version: version)
            if let expected {
                #expect(close(hash, expected), "hash(\(seed), \(value), v\(version)) = \(String(describing: hash)), expected \(expected)")
            } else {
                #expect(hash == nil, "an unknown hash version has no hash")
            }
        }
    }

    @Test func fnvHashesUTF16CodeUnits() {
        // "é" is one UTF-16 unit (two UTF-8 bytes), "😀" two units (four bytes): the values below
        // are FNV-1a over the UTF-16 units; over UTF-8 bytes they would be 0x1e9de8c1 and 0x33a29608.
        #expect(GrowthBookHash.fnv32a("") == 0x811c_9dc5)
        #expect(GrowthBookHash.fnv32a("a") == 0xe40c_292c)
        #expect(GrowthBookHash.fnv32a("é") == 0x6c0b_6c44)
        #expect(GrowthBookHash.fnv32a("😀") == 0xcb31_c4b8)
    }

    @Test func bucketRangeVectors() {
        func same(_ ranges: [ClosedRange<Double>], _ expected: [[Double]]) -> Bool {
            ranges.count == expected.count && zip(ranges, expected).allSatisfy { close($0.lowerBound, $1[0]) && close($0.upperBound, $1[1]) }
        }
        #expect(same(GrowthBookHash.bucketRanges(variants: 2, coverage: 1, weights: nil), [[0, 0.5], [0.5, 1]]))
        #expect(same(GrowthBookHash.bucketRanges(variants: 2, coverage: 0.5, weights: nil), [[0, 0.25], [0.5, 0.75]]))
        #expect(same(GrowthBookHash.bucketRanges(variants: 3, coverage: 0.2, weights: [0.2, 0.3, 0.5]), [[0, 0.04], [0.2, 0.26], [0.5, 0.6]]))
        #expect(
            same(GrowthBookHash.bucketRanges(variants: 2, coverage: 1, weights: [0.4, 0.1]), [[0, 0.5], [0.5, 1]]),
            "weights not summing to 1 become equal")
        #expect(same(GrowthBookHash.bucketRanges(variants: 2, coverage: 1, weights: [0.7, 0.2, 0.1]), [[0, 0.5], [0.5, 1]]), "wrong count: equal")
        #expect(same(GrowthBookHash.bucketRanges(variants: 2, coverage: 7, weights: nil), [[0, 0.5], [0.5, 1]]), "coverage clamped to 1")
    }

    @Test func chooseVariantVectors() {
        #expect(GrowthBookHash.chooseVariant(0.5, ranges: [0...0.5, 0.5...1]) == 1, "the end of a range is excluded")
        #expect(GrowthBookHash.chooseVariant(0.4, ranges: [0...0.25, 0.5...0.75]) == -1, "outside coverage: not in the experiment")
        #expect(GrowthBookHash.chooseVariant(0.1, ranges: [0...0.25, 0.5...0.75]) == 0)
        #expect(GrowthBookHash.chooseVariant(1, ranges: [0...0.5, 0.5...1]) == -1)
    }

    @Test func assignmentIsStableAndFollowsWeights() {
        let experiment = Experiment(
            id: "e", workspaceID: "w", formID: "f", key: "signup_flow", seed: nil, coverage: 1,
            variants: [.init(id: "static", weight: 0.5), .init(id: "adaptive", weight: 0.5)], status: .running, createdAt: Date())
        let first = experiment.assignment(unit: "visitor-1")
        #expect(first == experiment.assignment(unit: "visitor-1"), "same unit, same answer")
        #expect(close(first.hash, GrowthBookHash.hash(seed: "signup_flow", value: "visitor-1")!), "the key is the seed when none is set")
        var counts: [String: Int] = [:]
        for index in 0..<10_000 { counts[experiment.assignment(unit: "u\(index)").variant ?? "none", default: 0] += 1 }
        #expect(counts["none"] == nil)
        #expect(abs((counts["static"] ?? 0) - 5_000) < 250, "\(counts)")
        var seeded = experiment
        seeded.seed = "other"
        seeded.coverage = 0.1
        let outside = (0..<1_000).filter { !seeded.assignment(unit: "u\($0)").inExperiment }.count
        #expect((850...950).contains(outside), "coverage 0.1 leaves about 90 % out: \(outside)")
    }

    @Test func experimentProblems() {
        #expect(
            Experiment.problems(key: "ok_key", coverage: 1, variants: [.init(id: "static", weight: 0.5), .init(id: "adaptive", weight: 0.5)]).isEmpty)
        let bad = Experiment.problems(key: "Bad Key", coverage: 2, variants: [.init(id: "a", weight: 1)])
        #expect(bad.contains { $0.hasPrefix("key:") } && bad.contains { $0.hasPrefix("coverage:") } && bad.contains { $0.hasPrefix("variants:") })
    }

    @Test func sampleRatioVectors() {
        let a = ExperimentStatistics.sampleRatio(observed: [5000, 5200], weights: [0.5, 0.5])
        #expect(close(a.chiSquare, 3.9216, 1e-4) && close(a.pValue, 0.04767, 1e-5) && a.status == "ok")
        let b = ExperimentStatistics.sampleRatio(observed: [4800, 5200], weights: [0.5, 0.5])
        #expect(close(b.chiSquare, 16.0, 1e-9) && close(b.pValue, 6.334e-05, 1e-8) && b.status == "mismatch")
        let c = ExperimentStatistics.sampleRatio(observed: [3000, 3000, 3300], weights: [1, 1, 1])
        #expect(close(c.chiSquare, 19.355, 1e-3) && close(c.pValue, 6.268e-05, 1e-8) && c.status == "mismatch", "weights not summing to 1: equal")
        let small = ExperimentStatistics.sampleRatio(observed: [7, 1], weights: [0.5, 0.5])
        #expect(small.status == "not_enough_traffic" && small.verdict.contains("Not enough traffic"))
        let weighted = ExperimentStatistics.sampleRatio(observed: [2000, 8000], weights: [0.2, 0.8])
        #expect(close(weighted.chiSquare, 0) && weighted.status == "ok")
    }

    @Test func welchVectors() {
        let result = ExperimentStatistics.compare(baseline: (100, 1000), treatment: (120, 1000))
        #expect(close(result.t, 1.430, 5e-4) && close(result.pValue, 0.1529, 5e-4), "t \(result.t), p \(result.pValue)")
        #expect(close(result.relativeLift, 0.2, 1e-9) && result.status == "inconclusive" && result.verdict.contains("No clear difference"))
        let interval = try! #require(result.liftInterval)
        #expect(interval[0] < 0 && interval[1] > 0.4, "the interval holds 0 when p > 0.05: \(interval)")
        let clear = ExperimentStatistics.compare(baseline: (100, 1000), treatment: (200, 1000), name: "adaptive")
        #expect(clear.status == "better" && clear.pValue < 0.001 && clear.verdict.hasPrefix("adaptive completes more often"))
        #expect(ExperimentStatistics.compare(baseline: (1, 5), treatment: (4, 5)).status == "not_enough_traffic")
    }

    @Test func studentTailMatchesKnownValues() {
        // t = 2.228 at 10 degrees of freedom is the two-sided 5 % point.
        #expect(close(SpecialFunctions.studentTwoSided(2.228138852, degrees: 10), 0.05, 1e-6))
        #expect(close(SpecialFunctions.studentQuantile(twoSidedAlpha: 0.05, degrees: 10), 2.228138852, 1e-6))
        #expect(close(SpecialFunctions.chiSquareTail(3.841458821, degrees: 1), 0.05, 1e-8))
    }
}
