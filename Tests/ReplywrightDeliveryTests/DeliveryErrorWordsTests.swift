import Foundation
import ReplywrightCore
import ReplywrightDelivery
import Testing

/// Real network failures (a refused connection, an untrusted certificate, a name that does not
/// resolve) end as a delivery's reason in fixed words with a stable code: nothing a user reads
/// names a library type, an errno or a socket address.
@Suite("Delivery failures in plain words")
struct DeliveryErrorWordsTests {
    static let email = OutboundEmail(
        workspaceID: "ws-1", draftID: "draft-1", leadID: "lead-1", to: "maya@brightline.example", toName: "Maya",
        subject: "Re: Intro", body: "Hi Maya")

    /// A port nothing listens on: bound and closed again.
    static func closedPort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func reason(_ outcome: Delivery.Outcome) -> String? {
        switch outcome {
        case .retry(let reason), .failed(let reason), .unconfirmed(let reason): reason
        case .delivered: nil
        }
    }

    static func expectPlain(_ reason: String?, code: String, _ what: String) {
        guard let reason else {
            Issue.record("\(what): delivered?")
            return
        }
        #expect(reason.hasPrefix(code) || reason.contains(": \(code):") || reason.contains(" \(code): "), "\(what): \(reason)")
        for leak in ["NIO", "IOError", "errno", "127.0.0.1", "Error(", "HTTPClientError", "connectionErrors", "SocketAddress", "[IPv4]"] {
            #expect(!reason.contains(leak), "\(what) leaks \(leak): \(reason)")
        }
    }

    @Test func aRefusedSMTPConnectionReadsPlainly() async throws {
        let port = try Self.closedPort()
        let outcome = await SMTPTransport(
            configuration: try SMTPConfiguration.parse(
                "smtp://127.0.0.1:\(port)?from=team@acme.example&starttls=off")
        ).deliver(Self.email)
        guard case .retry = outcome else {
            Issue.record("\(outcome)")
            return
        }
        Self.expectPlain(Self.reason(outcome), code: "connection_refused", "SMTP, refused")
    }

    @Test func aRefusedOrUnresolvableWebhookReadsPlainly() async throws {
        let port = try Self.closedPort()
        let refused = await try HTTPCallbackTransport(url: "http://127.0.0.1:\(port)/send", secret: "whsec_0123456789abcdef").deliver(Self.email)
        guard case .retry = refused else {
            Issue.record("\(refused)")
            return
        }
        Self.expectPlain(Self.reason(refused), code: "connection_refused", "webhook, refused")
        let unknown = await try HTTPCallbackTransport(
            url: "http://no-such-host.invalid/send", secret: "whsec_0123456789abcdef",
            timeout: .seconds(5)
        ).deliver(Self.email)
        guard case .retry(let words) = unknown else {
            Issue.record("\(unknown)")
            return
        }
        for leak in ["NIO", "errno", "Error(", "HTTPClientError"] { #expect(!words.contains(leak), "unresolvable leaks \(leak): \(words)") }
    }
}
