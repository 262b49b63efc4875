import Foundation

/// The trained reader: multinomial logistic regression over `IntentFeatures`, with a
/// temperature fitted on the dev split so its probabilities are calibrated, and the confidence
/// below which a reading is not trusted (`threshold`). Trained by `replywright-train-reader`
/// from the labelled corpus and shipped as a resource (`intent-model.json`); `shipped` loads it
/// once per process.
public struct IntentModel: Sendable {
    public var classes: [ReplyIntent]
    public var temperature: Double
    public var threshold: Double
    /// Bucket → row of `weights` (one weight per class).
    var rows: [Int: Int]
    var weights: [Float]
    /// Where it came from, for the record: examples, accuracy on the training and dev splits.
    public var provenance: [String: Double]
    /// A fingerprint of the corpus it was trained on (`IntentModel.fingerprint` of the training
    /// and dev files), so a test notices weights that are older than the corpus.
    public var corpus: String

    init(
        classes: [ReplyIntent], temperature: Double, threshold: Double, rows: [Int: Int], weights: [Float], provenance: [String: Double],
        corpus: String = ""
    ) {
        self.classes = classes
        self.temperature = temperature
        self.threshold = threshold
        self.rows = rows
        self.weights = weights
        self.provenance = provenance
        self.corpus = corpus
    }

    /// The fingerprint of a corpus's files (FNV-1a of their texts, in order).
    public static func fingerprint(_ texts: [String]) -> String {
        String(StableHash.fnv1a(texts.joined(separator: "\u{0}")), radix: 16)
    }

    /// The classes' probabilities for a feature set, calibrated (in `classes` order).
    func probabilities(_ features: [Int]) -> [Double] {
        let scores = self.scores(features)
        return Self.softmax(scores.map { $0 / temperature })
    }

    /// Raw scores (before the temperature).
    func scores(_ features: [Int]) -> [Double] {
        let value = 1 / Double(max(1, features.count)).squareRoot()
        var scores = [Double](repeating: 0, count: classes.count)
        for feature in features {
            guard let row = rows[feature] else { continue }
            for index in classes.indices { scores[index] += Double(weights[row * classes.count + index]) * value }
        }
        return scores
    }

    static func softmax(_ scores: [Double]) -> [Double] {
        let top = scores.max() ?? 0
        let exps = scores.map { Foundation.exp($0 - top) }
        let sum = exps.reduce(0, +)
        return exps.map { $0 / sum }
    }

    /// The model that ships with this build, or `nil` when its file is missing or unreadable (the
    /// rules then read alone). `serve` and `demo` refuse to start without it
    /// (`ReplywrightHTTP.checkAssets`); a missing resource folder stops the process at its first
    /// use with the paths it looked in (SwiftPM's `Bundle.module`).
    public static let shipped: IntentModel? = {
        guard let url = Bundle.module.url(forResource: "intent-model", withExtension: "json"), let data = try? Data(contentsOf: url) else {
            return nil
        }
        return try? decode(data)
    }()
}

extension IntentModel {
    /// The resource's shape: weights as little-endian Int16 at `scale`, buckets as UInt32, both base64.
    struct Stored: Codable {
        var version: Int
        var classes: [String]
        var dimension: Int
        var temperature: Double
        var threshold: Double
        var scale: Double
        var buckets: String
        var weights: String
        var provenance: [String: Double]
        var corpus: String
    }

    public static func decode(_ data: Data) throws -> IntentModel {
        let stored = try JSONDecoder().decode(Stored.self, from: data)
        let classes = stored.classes.compactMap(ReplyIntent.init(rawValue:))
        guard stored.version == 1, classes.count == stored.classes.count, stored.dimension == IntentFeatures.dimension,
            let bucketData = Data(base64Encoded: stored.buckets), let weightData = Data(base64Encoded: stored.weights),
            weightData.count == bucketData.count / 4 * classes.count * 2
        else { throw AppError(.internalError, "intent-model.json does not match this build's features") }
        var rows: [Int: Int] = [:]
        let buckets = bucketData.withUnsafeBytes { raw in
            (0..<(bucketData.count / 4)).map { Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
        for (row, bucket) in buckets.enumerated() { rows[bucket] = row }
        let weights = weightData.withUnsafeBytes { raw in
            (0..<(weightData.count / 2)).map {
                Float(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: Int16.self))) * Float(stored.scale)
            }
        }
        return IntentModel(
            classes: classes, temperature: stored.temperature, threshold: stored.threshold, rows: rows, weights: weights,
            provenance: stored.provenance, corpus: stored.corpus)
    }

    /// The resource's JSON, weights quantised to Int16 (their largest magnitude maps to 32767).
    public func encoded() throws -> Data {
        let order = rows.sorted { $0.key < $1.key }
        let largest = weights.map(abs).max() ?? 1
        let scale = Double(largest) / 32767
        var bucketBytes = Data()
        var weightBytes = Data()
        for (bucket, row) in order {
            withUnsafeBytes(of: UInt32(bucket).littleEndian) { bucketBytes.append(contentsOf: $0) }
            for index in classes.indices {
                let quantised = Int16((Double(weights[row * classes.count + index]) / scale).rounded())
                withUnsafeBytes(of: quantised.littleEndian) { weightBytes.append(contentsOf: $0) }
            }
        }
        let stored = Stored(
            version: 1, classes: classes.map(\.rawValue), dimension: IntentFeatures.dimension, temperature: temperature, threshold: threshold,
            scale: scale, buckets: bucketBytes.base64EncodedString(), weights: weightBytes.base64EncodedString(), provenance: provenance,
            corpus: corpus)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(stored)
    }
}
