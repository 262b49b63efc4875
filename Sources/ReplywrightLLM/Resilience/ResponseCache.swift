import Foundation
import ReplywrightCore
import Synchronization

/// An opt-in, in-memory cache of responses keyed by the normalised request (model, messages,
/// settings, output format, tools; not the deadline or the caller's context). Bounded by
/// entry count (least recently used goes first) and age.
public final class ResponseCache: Sendable {
    private struct Entry {
        var response: LLMResponse
        var storedAt: Date
        var lastUsed: UInt64
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var tick: UInt64 = 0
    }

    public let capacity: Int
    public let timeToLive: Duration
    private let state = Mutex(State())

    public init(capacity: Int = 1000, timeToLive: Duration = .seconds(3600)) {
        self.capacity = max(1, capacity)
        self.timeToLive = timeToLive
    }

    func lookup(_ key: String, now: Date) -> LLMResponse? {
        state.withLock { state in
            guard var entry = state.entries[key] else { return nil }
            guard now.timeIntervalSince(entry.storedAt) < timeToLive.timeInterval else {
                state.entries[key] = nil
                return nil
            }
            state.tick += 1
            entry.lastUsed = state.tick
            state.entries[key] = entry
            return entry.response
        }
    }

    func store(_ response: LLMResponse, for key: String, now: Date) {
        state.withLock { state in
            state.tick += 1
            state.entries[key] = Entry(response: response, storedAt: now, lastUsed: state.tick)
            if state.entries.count > capacity, let oldest = state.entries.min(by: { $0.value.lastUsed < $1.value.lastUsed })?.key {
                state.entries[oldest] = nil
            }
        }
    }

    public var count: Int { state.withLock { $0.entries.count } }

    /// The normalised request as canonical JSON.
    static func key(for request: LLMRequest) -> String {
        struct Normalised: Encodable {
            var model: String
            var messages: [LLMMessage]
            var effort: String?
            var temperature: Double?
            var maxOutputTokens: Int?
            var schemaName: String?
            var schema: JSONValue?
            var tools: [LLMTool]
            var requiredTool: String?
        }
        var schemaName: String?
        var schema: JSONValue?
        if case .jsonSchema(let value) = request.output {
            schemaName = value.name
            schema = value.schema
        }
        let normalised = Normalised(
            model: request.model.lowercased(),
            messages: request.messages.map { LLMMessage($0.role, $0.content.trimmingCharacters(in: .whitespacesAndNewlines)) },
            effort: request.reasoningEffort?.rawValue, temperature: request.temperature, maxOutputTokens: request.maxOutputTokens,
            schemaName: schemaName, schema: schema, tools: request.tools, requiredTool: request.requiredTool)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(normalised)) ?? Data(), as: UTF8.self)
    }
}
