import Foundation

/// Trains the intent classifier from labelled replies, reproducibly (a seeded shuffle, no
/// clock): multinomial logistic regression by AdaGrad with L2, weights too small to matter
/// dropped; then, on the dev split only, the temperature that makes its probabilities
/// calibrated (least log loss) and the confidence threshold under which the reader answers
/// "unclear" (the most accurate reader on dev). The held-out split is never seen here.
public enum IntentTrainer {
    public struct Example: Sendable, Hashable {
        public var text: String
        public var intent: ReplyIntent

        public init(text: String, intent: ReplyIntent) {
            self.text = text
            self.intent = intent
        }
    }

    public struct Options: Sendable {
        public var epochs = 40
        public var learningRate = 0.2
        public var l2 = 1e-5
        public var seed: UInt64 = 20_261_207
        /// Buckets whose weights all stay under this are left out of the model.
        public var pruneBelow: Float = 0.02

        public init() {}
    }

    public static func train(_ examples: [Example], dev: [Example], options: Options = Options()) -> IntentModel {
        let classes = ReplyIntent.allCases
        let count = classes.count
        let classIndex = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        let reader = ReplyReader(parser: ReplyReader.standard.parser, model: nil)
        let data = examples.map { (features: reader.features(of: $0.text), label: classIndex[$0.intent]!) }

        var weights = [Float](repeating: 0, count: IntentFeatures.dimension * count)
        var squares = [Float](repeating: 1e-8, count: IntentFeatures.dimension * count)
        var order = Array(data.indices)
        var random = options.seed
        let rate = Float(options.learningRate), l2 = Float(options.l2)
        for _ in 0..<options.epochs {
            // Fisher-Yates with SplitMix64: the same order on every machine.
            for index in stride(from: order.count - 1, to: 0, by: -1) {
                random = StableHash.mix(random)
                order.swapAt(index, Int(random % UInt64(index + 1)))
            }
            for item in order.map({ data[$0] }) {
                let value = 1 / Float(max(1, item.features.count)).squareRoot()
                var scores = [Double](repeating: 0, count: count)
                for feature in item.features {
                    for c in 0..<count { scores[c] += Double(weights[feature * count + c] * value) }
                }
                let probabilities = IntentModel.softmax(scores)
                for feature in item.features {
                    for c in 0..<count {
                        let slot = feature * count + c
                        let gradient = Float(probabilities[c] - (c == item.label ? 1 : 0)) * value + l2 * weights[slot]
                        squares[slot] += gradient * gradient
                        weights[slot] -= rate * gradient / squares[slot].squareRoot()
                    }
                }
            }
        }

        var rows: [Int: Int] = [:]
        var kept: [Float] = []
        for bucket in 0..<IntentFeatures.dimension {
            let row = weights[(bucket * count)..<((bucket + 1) * count)]
            guard row.contains(where: { abs($0) >= options.pruneBelow }) else { continue }
            rows[bucket] = kept.count / count
            kept += row
        }
        var model = IntentModel(classes: classes, temperature: 1, threshold: 0, rows: rows, weights: kept, provenance: [:])
        model.temperature = temperature(for: model, dev: dev, reader: reader, classIndex: classIndex)
        model.threshold = threshold(for: model, dev: dev)
        model.provenance = [
            "examples": Double(examples.count), "devExamples": Double(dev.count), "buckets": Double(rows.count),
            "trainAccuracy": accuracy(model, examples), "devAccuracy": accuracy(model, dev),
        ]
        return model
    }

    /// The temperature (0.25 to 4) with the least log loss on dev.
    static func temperature(for model: IntentModel, dev: [Example], reader: ReplyReader, classIndex: [ReplyIntent: Int]) -> Double {
        guard !dev.isEmpty else { return 1 }
        let scored = dev.map { (model.scores(reader.features(of: $0.text)), classIndex[$0.intent]!) }
        return stride(from: 0.25, through: 4.0, by: 0.05).min { a, b in
            let loss = { (t: Double) in scored.map { -log(max(1e-12, IntentModel.softmax($0.0.map { $0 / t })[$0.1])) }.reduce(0, +) }
            return loss(a) < loss(b)
        } ?? 1
    }

    /// The confidence threshold (0 to 0.8) at which the whole reader is most accurate on dev; of
    /// equally accurate ones the highest (more readings a person checks, none read worse).
    static func threshold(for model: IntentModel, dev: [Example]) -> Double {
        guard !dev.isEmpty else { return 0.5 }
        var best = (threshold: 0.5, accuracy: -1.0)
        for threshold in stride(from: 0.0, through: 0.8, by: 0.05) {
            var candidate = model
            candidate.threshold = threshold
            let score = accuracy(candidate, dev)
            if score >= best.accuracy - 1e-9 { best = (threshold, max(score, best.accuracy)) }
        }
        return best.threshold
    }

    /// The share of `examples` whose primary intent the reader with `model` reads right.
    public static func accuracy(_ model: IntentModel, _ examples: [Example]) -> Double {
        guard !examples.isEmpty else { return 0 }
        let reader = ReplyReader(parser: ReplyReader.standard.parser, model: model)
        let right = examples.filter { reader.read($0.text, sentAt: ReplyReader.reference).primary == $0.intent }.count
        return Double(right) / Double(examples.count)
    }
}
