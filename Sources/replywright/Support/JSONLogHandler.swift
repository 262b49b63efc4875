import Foundation
import Logging

/// One JSON object per line on stderr: `ts`, `level`, `label`, `msg` and the metadata
/// (request ids, job ids…). Callers never put secrets or message bodies in metadata.
struct JSONLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level
    let label: String
    let format: RuntimeConfiguration.LogFormat
    private let sink: @Sendable (String) -> Void

    init(
        label: String, level: Logger.Level, format: RuntimeConfiguration.LogFormat,
        sink: @escaping @Sendable (String) -> Void = JSONLogHandler.writeToStderr
    ) {
        self.label = label
        self.logLevel = level
        self.format = format
        self.sink = sink
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        let timestamp = Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        switch format {
        case .json:
            var object: [String: Any] = ["ts": timestamp, "level": event.level.rawValue, "label": label, "msg": "\(event.message)"]
            for (key, value) in merged { object[key] = Self.jsonValue(value) }
            if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) {
                sink(String(decoding: data, as: UTF8.self))
            }
        case .text:
            let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            sink("\(timestamp) \(event.level.rawValue.uppercased()) \(label): \(event.message)\(fields.isEmpty ? "" : " " + fields)")
        }
    }

    static func jsonValue(_ value: Logger.MetadataValue) -> Any {
        switch value {
        case .string(let string): return string
        case .stringConvertible(let convertible): return convertible.description
        case .array(let array): return array.map(jsonValue)
        case .dictionary(let dictionary): return dictionary.mapValues(jsonValue)
        }
    }

    @Sendable static func writeToStderr(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
