import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import ReplywrightCore

/// Hands each email to the sending platform with a signed HTTP POST.
///
/// Body: `{"draftId", "workspaceId", "leadId", "to", "toName", "subject", "body", "messageId"}`.
/// Headers: `Idempotency-Key: <draft id>` (the same on every attempt: the platform must send a
/// key once), `X-Replywright-Timestamp: <unix seconds>` and `X-Replywright-Signature:
/// sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the shared secret>`.
/// 2xx → delivered (a JSON `id` in the answer is kept as the reference); 408, 429 and 5xx →
/// retry; other 4xx → failed; no answer → retry (the idempotency key makes the repeat safe).
public struct HTTPCallbackTransport: OutboundTransport {
    public let name = "http"
    public let url: String
    private let secret: String
    private let client: HTTPClient
    private let timeout: Duration
    private let logger: Logger

    public init(
        url: String, secret: String, client: HTTPClient = .shared, timeout: Duration = .seconds(15),
        logger: Logger = Logger(label: "replywright.delivery")
    ) throws(AppError) {
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
            throw .invalid("send webhook URL '\(url)' is not an http(s) URL")
        }
        guard secret.count >= 16 else { throw .invalid("send webhook secret: at least 16 characters") }
        self.url = url
        self.secret = secret
        self.client = client
        self.timeout = timeout
        self.logger = logger
    }

    struct Body: Encodable {
        var draftId, workspaceId, leadId, to: String
        var toName: String?
        var subject, body, messageId: String
    }

    public func deliver(_ email: OutboundEmail) async -> Delivery.Outcome {
        let body: Data
        do {
            body = try JSONEncoder().encode(
                Body(
                    draftId: email.draftID.rawValue, workspaceId: email.workspaceID.rawValue, leadId: email.leadID.rawValue, to: email.to,
                    toName: email.toName, subject: email.subject, body: email.body, messageId: email.messageID))
        } catch {
            return .failed(NetworkFailure.words(for: error, logger: logger, context: "encoding the message"))
        }
        let timestamp = String(Int(Date().timeIntervalSince1970))
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Idempotency-Key", value: email.draftID.rawValue)
        request.headers.add(name: "X-Replywright-Timestamp", value: timestamp)
        request.headers.add(name: "X-Replywright-Signature", value: "sha256=" + Self.signature(body: body, timestamp: timestamp, secret: secret))
        request.body = .bytes(ByteBuffer(data: body))
        do {
            let response = try await client.execute(request, timeout: .milliseconds(Int64(timeout.timeInterval * 1000)))
            let answer = try await response.body.collect(upTo: 64 * 1024)
            let status = Int(response.status.code)
            switch status {
            case 200..<300:
                let reference = (try? JSONDecoder().decode(JSONValue.self, from: Data(buffer: answer)))?.field("id")?.textValue
                return .delivered(reference: reference)
            case 408, 429, 500...: return .retry("the platform answered \(status)")
            default: return .failed("the platform refused the message (\(status)): \(String(buffer: answer).prefix(200))")
            }
        } catch {
            return .retry("no answer from the platform: " + NetworkFailure.words(for: error, logger: logger, context: "the send webhook"))
        }
    }

    /// Hex HMAC-SHA256 of "<timestamp>.<body>".
    public static func signature(body: Data, timestamp: String, secret: String) -> String {
        var signed = Data(timestamp.utf8)
        signed.append(UInt8(ascii: "."))
        signed.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Data(secret.utf8)))
        return mac.map { String(format: "%02x", $0) }.joined()
    }
}
