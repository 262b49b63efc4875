import Foundation
import Hummingbird
import ReplywrightCore

extension Request {
    /// Reads the body (at most `maxUploadSize`, else 413) and decodes it, turning decoder
    /// errors into a 400 that names the field.
    func decodeJSON<T: Decodable>(_ type: T.Type, context: some RequestContext) async throws -> T {
        try await verifiedJSON(type, context: context, secret: nil)
    }
}

/// Encodes an `Encodable` as a JSON response with a chosen status.
struct JSONResponse<Value: Encodable & Sendable>: ResponseGenerator {
    var status: HTTPResponse.Status = .ok
    var value: Value

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
