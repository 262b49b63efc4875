import Foundation
import Hummingbird
import Logging
import NIOCore
import ReplywrightCore
import Synchronization

/// A local OTLP/HTTP trace receiver (`POST /v1/traces`, protobuf `ExportTraceServiceRequest`)
/// that keeps every span it is sent, read with a small protobuf reader: name, trace id, span id
/// and parent span id are all a test needs to check how spans nest.
public final class OTLPReceiver: Sendable {
    public struct Span: Sendable, Hashable {
        public var name: String
        public var traceID: String
        public var spanID: String
        public var parentSpanID: String
    }

    private let received = Mutex<[Span]>([])
    public var spans: [Span] { received.withLock { $0 } }

    public init() {}

    /// Starts the receiver on 127.0.0.1 (a free port) and runs `body` with its base URL.
    public func run<T: Sendable>(_ body: (String) async throws -> T) async throws -> T {
        let router = Router()
        router.post("/v1/traces") { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 16 << 20)
            let spans = try Self.spans(in: [UInt8](buffer.readableBytesView))
            self.received.withLock { $0 += spans }
            return Response(status: .ok, headers: [.contentType: "application/x-protobuf"], body: .init(byteBuffer: ByteBuffer()))
        }
        return try await withLoopbackServer(router, label: "otlp-receiver") { port in try await body("http://127.0.0.1:\(port)") }
    }

    // MARK: - Protobuf

    /// ExportTraceServiceRequest: 1 resource_spans { 2 scope_spans { 2 spans { 1 trace_id,
    /// 2 span_id, 4 parent_span_id, 5 name } } }.
    static func spans(in bytes: [UInt8]) throws -> [Span] {
        var spans: [Span] = []
        for resource in try fields(bytes) where resource.number == 1 {
            for scope in try fields(resource.bytes) where scope.number == 2 {
                for span in try fields(scope.bytes) where span.number == 2 {
                    var value = Span(name: "", traceID: "", spanID: "", parentSpanID: "")
                    for field in try fields(span.bytes) {
                        switch field.number {
                        case 1: value.traceID = hex(field.bytes)
                        case 2: value.spanID = hex(field.bytes)
                        case 4: value.parentSpanID = hex(field.bytes)
                        case 5: value.name = String(decoding: field.bytes, as: UTF8.self)
                        default: break
                        }
                    }
                    spans.append(value)
                }
            }
        }
        return spans
    }

    /// The length-delimited fields of a message (varint and fixed fields are skipped).
    static func fields(_ bytes: [UInt8]) throws -> [(number: Int, bytes: [UInt8])] {
        var result: [(Int, [UInt8])] = []
        var index = 0
        func varint() throws -> Int {
            var value = 0
            var shift = 0
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                value |= Int(byte & 0x7f) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
                guard shift < 64 else { break }
            }
            throw AppError.invalid("malformed protobuf varint")
        }
        while index < bytes.count {
            let key = try varint()
            switch key & 7 {
            case 0: _ = try varint()
            case 1: index += 8
            case 5: index += 4
            case 2:
                let length = try varint()
                guard length >= 0, index + length <= bytes.count else { throw AppError.invalid("malformed protobuf length") }
                result.append((key >> 3, Array(bytes[index..<index + length])))
                index += length
            default: throw AppError.invalid("unsupported protobuf wire type \(key & 7)")
            }
        }
        return result
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
}
