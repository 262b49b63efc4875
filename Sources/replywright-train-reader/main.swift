import Foundation
import ReplywrightCore

/// Trains the reply reader's classifier: `swift run -c release replywright-train-reader`.
///
/// Reads the labelled corpus (`Tests/ReplywrightCoreTests/Fixtures/replies.jsonl`, the training
/// split) and the dev split (`replies-dev.jsonl`, for the temperature and the confidence
/// threshold), trains `IntentModel` (`IntentTrainer`: seeded, so the same corpus gives the same
/// weights) and writes `Sources/ReplywrightCore/Drafting/Reading/intent-model.json`. The held-out
/// split is not read: its accuracy is the test's and `replywright-bench quality`'s to report.
/// Options: `--root PATH` (the repository, default the current directory), `--epochs N`,
/// `--rate X`, `--l2 X`, `--prune X`, `--dry-run` (print the numbers, write nothing).
struct Labelled: Decodable {
    var text: String
    var intent: String
}

func value(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

func load(_ url: URL) throws -> [IntentTrainer.Example] {
    try String(contentsOf: url, encoding: .utf8).split(separator: "\n").enumerated().map { number, line in
        let item = try JSONDecoder().decode(Labelled.self, from: Data(line.utf8))
        guard let intent = ReplyIntent(rawValue: item.intent) else {
            throw AppError.invalid("\(url.lastPathComponent):\(number + 1): unknown intent '\(item.intent)'")
        }
        return IntentTrainer.Example(text: item.text, intent: intent)
    }
}

let root = URL(fileURLWithPath: value("--root") ?? FileManager.default.currentDirectoryPath)
let fixtures = root.appendingPathComponent("Tests/ReplywrightCoreTests/Fixtures")
let output = root.appendingPathComponent("Sources/ReplywrightCore/Drafting/Reading/intent-model.json")
do {
    let train = try load(fixtures.appendingPathComponent("replies.jsonl"))
    let dev = try load(fixtures.appendingPathComponent("replies-dev.jsonl"))
    var options = IntentTrainer.Options()
    if let epochs = value("--epochs").flatMap(Int.init) { options.epochs = epochs }
    if let rate = value("--rate").flatMap(Double.init) { options.learningRate = rate }
    if let l2 = value("--l2").flatMap(Double.init) { options.l2 = l2 }
    if let prune = value("--prune").flatMap(Float.init) { options.pruneBelow = prune }
    if let folds = value("--cv").flatMap(Int.init) {
        // k-fold cross-validation over the training split: for choosing options without the held-out split.
        var right = 0.0
        var pairs: [String: Int] = [:]
        for fold in 0..<folds {
            let part = train.enumerated().filter { $0.offset % folds == fold }.map(\.element)
            let rest = train.enumerated().filter { $0.offset % folds != fold }.map(\.element)
            let model = IntentTrainer.train(rest, dev: dev, options: options)
            right += IntentTrainer.accuracy(model, part) * Double(part.count)
            let reader = ReplyReader(parser: ReplyReader.standard.parser, model: model)
            for item in part {
                let read = reader.read(item.text, sentAt: ReplyReader.reference).primary
                if read != item.intent { pairs["\(item.intent.rawValue) → \(read.rawValue)", default: 0] += 1 }
                if read != item.intent, CommandLine.arguments.contains("--errors") {
                    print("  cv: \(item.intent.rawValue) → \(read.rawValue): \(item.text)")
                }
            }
        }
        for (pair, count) in pairs.sorted(by: { $0.value > $1.value }).prefix(12) { print("  \(count) × \(pair)") }
        print(String(format: "%d-fold cross-validation on the training split: %.1f %%", folds, right / Double(train.count) * 100))
        exit(0)
    }
    let started = Date()
    var model = IntentTrainer.train(train, dev: dev, options: options)
    model.corpus = IntentModel.fingerprint(
        try ["replies.jsonl", "replies-dev.jsonl"].map { try String(contentsOf: fixtures.appendingPathComponent($0), encoding: .utf8) })
    let data = try model.encoded()
    // What the shipped (quantised) weights read, not the trainer's floats.
    let shipped = try IntentModel.decode(data)
    print(
        String(
            format: "trained on %d replies in %.1f s: %d buckets, temperature %.2f, threshold %.2f", train.count, Date().timeIntervalSince(started),
            Int(model.provenance["buckets"] ?? 0), model.temperature, model.threshold))
    print(
        String(
            format: "accuracy: train %.1f %%, dev %.1f %% (%d replies)", IntentTrainer.accuracy(shipped, train) * 100,
            IntentTrainer.accuracy(shipped, dev) * 100, dev.count))
    if CommandLine.arguments.contains("--timing") {
        for (name, reader) in [
            ("rules alone", ReplyReader(parser: ReplyReader.standard.parser, model: nil)),
            ("rules and model", ReplyReader(parser: ReplyReader.standard.parser, model: shipped)),
        ] {
            let clock = ContinuousClock()
            let elapsed = clock.measure { for item in train { _ = reader.read(item.text, sentAt: ReplyReader.reference) } }
            print("\(name): \(elapsed / train.count) a reading")
        }
        let clock = ContinuousClock()
        let split = clock.measure { for item in train { _ = ReplySplitter.split(item.text) } }
        let detect = clock.measure {
            for item in train {
                _ = AutomatedMailDetector.read(
                    headers: MailHeaders(), subject: "Re: intro", body: item.text, sentAt: ReplyReader.reference, zone: TimeZone(identifier: "UTC")!)
            }
        }
        print("splitter: \(split / train.count), detector: \(detect / train.count) a message")
    }
    let rulesOnly = ReplyReader(parser: ReplyReader.standard.parser, model: nil)
    let rulesRight = dev.filter { rulesOnly.read($0.text, sentAt: ReplyReader.reference).primary == $0.intent }.count
    print(String(format: "the rules alone on dev: %.1f %%", Double(rulesRight) / Double(max(1, dev.count)) * 100))
    if CommandLine.arguments.contains("--thresholds") {
        for threshold in stride(from: 0.0, through: 0.8, by: 0.1) {
            var candidate = shipped
            candidate.threshold = threshold
            let reader = ReplyReader(parser: ReplyReader.standard.parser, model: candidate)
            let readings = dev.map { (reader.read($0.text, sentAt: ReplyReader.reference), $0.intent) }
            let unsure = readings.filter { $0.0.confidence < threshold && $0.0.primary == .unclear }.count
            let right = readings.filter { $0.0.primary == $0.1 }.count
            print(
                String(
                    format: "  threshold %.1f: dev %.1f %%, %d sent to a person as unclear", threshold, Double(right) / Double(dev.count) * 100,
                    unsure))
        }
    }
    if CommandLine.arguments.contains("--errors") {
        let reader = ReplyReader(parser: ReplyReader.standard.parser, model: shipped)
        for item in dev {
            let reading = reader.read(item.text, sentAt: ReplyReader.reference)
            if reading.primary != item.intent {
                print(String(format: "  dev: %@ → %@ (%.2f): %@", item.intent.rawValue, reading.primary.rawValue, reading.confidence, item.text))
            }
        }
    }
    if CommandLine.arguments.contains("--dry-run") {
        print("dry run: \(output.path) not written (\(data.count) bytes)")
    } else {
        try data.write(to: output)
        print("wrote \(output.path) (\(data.count) bytes)")
    }
} catch let error as AppError {
    FileHandle.standardError.write(Data("replywright-train-reader: \(error.message)\n".utf8))
    exit(1)
}
