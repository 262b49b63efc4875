import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import ReplywrightCore

/// Webhook signatures, checked when the workspace has set a signing secret
/// (`POST /v1/settings/webhook-secret`). Three schemes, so scheduling tools can sign their own way:
/// - Replywright: `X-Replywright-Timestamp: <unix seconds>` and `X-Replywright-Signature:
///   sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`, the timestamp within 5 minutes;
/// - Calendly-style: `Calendly-Webhook-Signature: t=<unix seconds>,v1=<hex HMAC of "<t>.<body>">`;
/// - Cal.com-style: `X-Cal-Signature-256: <hex HMAC of the body>`.
/// Anything else, a bad MAC or a stale timestamp → 401.
enum WebhookSignature {
    /// A new signing secret for a workspace's webhooks (shown once).
    static func newSecret() -> String { "whsec_" + PasswordGenerator.generate(length: 40) }

    static let tolerance: TimeInterval = 300

    static func verify(_ body: Data, headers: HTTPFields, secret: String, now: Date) throws(AppError) {
        let key = SymmetricKey(data: Data(secret.utf8))
        func mac(_ signed: Data) -> String {
            HMAC<SHA256>.authenticationCode(for: signed, using: key).map { String(format: "%02x", $0) }.joined()
        }
        func stamped(_ timestamp: String) throws(AppError) -> Data {
            guard let seconds = TimeInterval(timestamp), abs(now.timeIntervalSince1970 - seconds) <= tolerance else {
                throw AppError(.unauthorized, "webhook signature timestamp is missing, malformed or older than 5 minutes")
            }
            return Data((timestamp + ".").utf8) + body
        }
        if let signature = headers[HTTPField.Name("X-Replywright-Signature")!] {
            let timestamp = headers[HTTPField.Name("X-Replywright-Timestamp")!] ?? ""
            let expected = "sha256=" + mac(try stamped(timestamp))
            guard ConstantTime.equal(signature.lowercased(), expected) else { throw invalid }
            return
        }
        if let header = headers[HTTPField.Name("Calendly-Webhook-Signature")!] {
            let parts = Dictionary(
                header.split(separator: ",").compactMap { part -> (String, String)? in
                    let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    return pair.count == 2 ? (pair[0], pair[1]) : nil
                }
            ) { $1 }
            guard let timestamp = parts["t"], let signature = parts["v1"] else { throw invalid }
            guard ConstantTime.equal(signature.lowercased(), mac(try stamped(timestamp))) else { throw invalid }
            return
        }
        if let signature = headers[HTTPField.Name("X-Cal-Signature-256")!] {
            guard ConstantTime.equal(signature.lowercased(), mac(body)) else { throw invalid }
            return
        }
        throw AppError(.unauthorized, "this workspace requires signed webhooks: send X-Replywright-Signature (see the README)")
    }

    static let invalid = AppError(.unauthorized, "webhook signature does not verify")

}

extension Request {
    /// The raw body (at most `maxUploadSize`), its signature checked when the workspace set a
    /// webhook secret, then decoded; decoding errors are 400s naming the field.
    func verifiedJSON<T: Decodable>(_ type: T.Type, context: some RequestContext, secret: String?) async throws -> T {
        let buffer = try await body.collect(upTo: context.maxUploadSize)
        let data = Data(buffer.readableBytesView)
        if let secret { try WebhookSignature.verify(data, headers: headers, secret: secret, now: Date()) }
        guard !data.isEmpty else { throw AppError.invalid("request body is empty; expected a JSON object") }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw AppError.invalid(DecodingErrorDescription.describe(error))
        }
    }
}
