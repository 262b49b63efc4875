import Foundation

/// Splits a `text/event-stream` body into the `data:` payloads of its events.
/// Handles events split across network chunks, CRLF line ends, comments and multi-line data.
struct ServerSentEventParser {
    private var pending = ""
    private var data: [String] = []

    /// Feeds bytes; returns the payloads of the events completed by them.
    mutating func feed(_ chunk: String) -> [String] {
        pending += chunk
        var events: [String] = []
        while let newline = pending.firstIndex(where: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let line = String(pending[..<newline])
            pending = String(pending[pending.index(after: newline)...])
            if line.isEmpty {
                if !data.isEmpty { events.append(data.joined(separator: "\n")) }
                data = []
            } else if line.hasPrefix("data:") {
                var value = line.dropFirst(5)
                if value.first == " " { value = value.dropFirst() }
                data.append(String(value))
            }
            // `event:`, `id:`, `retry:` and `:` comments carry nothing the clients need.
        }
        return events
    }

    /// The last event if the stream ended without a blank line.
    mutating func finish() -> [String] {
        let events = feed("\n\n")
        pending = ""
        return events
    }
}
