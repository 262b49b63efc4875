import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import ReplywrightCore
import ReplywrightDelivery
import ReplywrightTesting
import Synchronization
import Testing

@Suite("HTTP callback delivery")
struct HTTPCallbackTransportTests {
    struct Received: Sendable {
        var body: String
        var signature: String?
        var timestamp: String?
        var idempotencyKey: String?
    }

    /// A real HTTP server on 127.0.0.1 answering each POST with the next scripted status.
    static func withPlatform<T: Sendable>(
        statuses: [HTTPResponse.Status], _ body: (String, @Sendable () -> [Received]) async throws -> T
    ) async throws -> T {
        let state = Mutex<(received: [Received], statuses: [HTTPResponse.Status])>(([], statuses))
        let router = Router()
        router.post("/send") { request, _ -> Response in
            let text = String(buffer: try await request.body.collect(upTo: 1 << 20))
            let status = state.withLock { state in
                state.received.append(
                    Received(
                        body: text, signature: request.headers[HTTPField.Name("X-Replywright-Signature")!],
                        timestamp: request.headers[HTTPField.Name("X-Replywright-Timestamp")!],
                        idempotencyKey: request.headers[HTTPField.Name("Idempotency-Key")!]))
                return state.statuses.isEmpty ? .ok : state.statuses.removeFirst()
            }
            return Response(
                status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"id": "pl-42"}"#)))
        }
        return try await withLoopbackServer(router, label: "platform") { port in
            try await body("http://127.0.0.1:\(port)/send", { state.withLock { $0.received } })
        }
    }

    static let email = OutboundEmail(
        workspaceID: "ws-1", draftID: "draft-1", leadID: "lead-1", to: "maya@brightline.example", toName: "Maya",
        subject: "Re: Intro", body: "Hi Maya,\n\nTuesday works.")
    static let secret = "whsec_0123456789abcdef"

    @Test func postsASignedIdempotentMessage() async throws {
        try await Self.withPlatform(statuses: [.ok]) { url, received in
            let outcome = await try HTTPCallbackTransport(url: url, secret: Self.secret).deliver(Self.email)
            #expect(outcome == .delivered(reference: "pl-42"))
            let request = try #require(received().first)
            #expect(request.idempotencyKey == "draft-1")
            let timestamp = try #require(request.timestamp)
            let mac = HMAC<SHA256>.authenticationCode(
                for: Data("\(timestamp).\(request.body)".utf8), using: SymmetricKey(data: Data(Self.secret.utf8)))
            #expect(request.signature == "sha256=" + mac.map { String(format: "%02x", $0) }.joined(), "the platform can verify it")
            let json = try JSONDecoder().decode(JSONValue.self, from: Data(request.body.utf8))
            #expect(json.field("to") == "maya@brightline.example" && json.field("messageId") == "<draft-1@replywright>")
            #expect(json.field("body") == .string(Self.email.body))
        }
    }

    @Test(arguments: [
        (HTTPResponse.Status.internalServerError, "retry"), (.tooManyRequests, "retry"), (.badRequest, "failed"), (.unauthorized, "failed"),
    ])
    func statusesDecideWhatHappensNext(status: HTTPResponse.Status, expected: String) async throws {
        try await Self.withPlatform(statuses: [status]) { url, _ in
            let outcome = await try HTTPCallbackTransport(url: url, secret: Self.secret).deliver(Self.email)
            switch (outcome, expected) {
            case (.retry, "retry"), (.failed, "failed"): break
            default: Issue.record("\(status) → \(outcome), expected \(expected)")
            }
        }
    }

    @Test func configurationIsChecked() {
        #expect(throws: AppError.self) { try HTTPCallbackTransport(url: "ftp://x", secret: Self.secret) }
        #expect(throws: AppError.self) { try HTTPCallbackTransport(url: "https://platform.example/send", secret: "short") }
    }
}
