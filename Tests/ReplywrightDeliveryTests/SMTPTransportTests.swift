import Foundation
import ReplywrightCore
import ReplywrightDelivery
import ReplywrightTesting
import Testing

/// Against a real SMTP server on 127.0.0.1 (aiosmtpd, started per test; `.ci/run` installs it).
@Suite("SMTP delivery", .enabled(if: SMTPSink.isAvailable, "python3 cannot import aiosmtpd (pip install aiosmtpd)"))
struct SMTPTransportTests {
    static let email = OutboundEmail(
        workspaceID: "ws-1", draftID: "draft-1", leadID: "lead-1", to: "maya@brightline.example", toName: "Maya Økafor",
        subject: "Re: Intro — next steps", body: "Hi Maya,\n\nTuesday at 3pm works.\n.\n.hidden line stays\n\nBest,\nSam")

    /// Header value from a raw message (first match), and the decoded base64 body.
    static func parse(_ raw: String) -> (headers: [String: String], body: String) {
        let parts = raw.components(separatedBy: "\r\n\r\n")
        var headers: [String: String] = [:]
        for line in parts[0].components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[String(line[..<colon]).lowercased()] =
                headers[String(line[..<colon]).lowercased()]
                ?? line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let encoded = parts.dropFirst().joined(separator: "\r\n\r\n").replacingOccurrences(of: "\r\n", with: "")
        let body = Data(base64Encoded: encoded).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return (headers, body)
    }

    @Test func deliversWithAuthAndTheMessageArrivesIntact() async throws {
        let sink = try await SMTPSink(auth: "sender:s3cret")
        defer { sink.stop() }
        let transport = SMTPTransport(
            configuration: try SMTPConfiguration.parse(
                "smtp://sender:s3cret@127.0.0.1:\(sink.port)?from=team@acme.example&starttls=off"))
        let outcome = await transport.deliver(Self.email)
        guard case .delivered(let reference) = outcome else {
            Issue.record("\(outcome)")
            return
        }
        #expect(reference == "<draft-1@replywright> (OK stored 0001)")
        let messages = sink.messages
        #expect(messages.count == 1)
        let (headers, body) = Self.parse(try #require(messages.first))
        #expect(headers["x-envelope-from"] == "team@acme.example" && headers["x-envelope-to"] == "maya@brightline.example")
        #expect(headers["message-id"] == "<draft-1@replywright>")
        #expect(headers["to"] == "=?utf-8?B?\(Data("Maya Økafor".utf8).base64EncodedString())?= <maya@brightline.example>")
        #expect(headers["subject"] == "=?utf-8?B?\(Data("Re: Intro — next steps".utf8).base64EncodedString())?=")
        #expect(body == Self.email.body.replacingOccurrences(of: "\n", with: "\r\n"), "lines starting with a dot survive")
    }

    @Test func startTLSUpgradesBeforeAuthenticating() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rw-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let certificate = try SMTPSink.selfSignedCertificate(in: directory)
        let sink = try await SMTPSink(auth: "sender:s3cret", startTLS: certificate)
        defer { sink.stop() }
        let url = "smtp://sender:s3cret@127.0.0.1:\(sink.port)?from=team@acme.example&starttls=required&ca=\(certificate.certificate)"
        let outcome = await SMTPTransport(configuration: try SMTPConfiguration.parse(url)).deliver(Self.email)
        guard case .delivered = outcome else {
            Issue.record("\(outcome)")
            return
        }
        #expect(sink.messages.count == 1)

        // Without the CA the certificate is not trusted: nothing is sent, and it may be retried.
        let untrusted = "smtp://sender:s3cret@127.0.0.1:\(sink.port)?from=team@acme.example&starttls=required"
        let refused = await SMTPTransport(configuration: try SMTPConfiguration.parse(untrusted)).deliver(Self.email)
        guard case .retry = refused else {
            Issue.record("\(refused)")
            return
        }
        #expect(sink.messages.count == 1)
    }

    @Test func failuresSayWhetherToRetry() async throws {
        let sink = try await SMTPSink(auth: "sender:s3cret")
        defer { sink.stop() }
        let wrongPassword = await SMTPTransport(
            configuration: try SMTPConfiguration.parse(
                "smtp://sender:nope@127.0.0.1:\(sink.port)?from=team@acme.example&starttls=off")
        ).deliver(Self.email)
        guard case .failed(let reason) = wrongPassword else {
            Issue.record("\(wrongPassword)")
            return
        }
        #expect(reason.contains("535") && !reason.contains("nope"), "the server's refusal, never the password")

        let requiresTLS = await SMTPTransport(
            configuration: try SMTPConfiguration.parse(
                "smtp://sender:s3cret@127.0.0.1:\(sink.port)?from=team@acme.example&starttls=required")
        ).deliver(Self.email)
        guard case .failed(let tlsReason) = requiresTLS else {
            Issue.record("\(requiresTLS)")
            return
        }
        #expect(tlsReason.contains("STARTTLS"))

        sink.stop()
        let down = await SMTPTransport(
            configuration: try SMTPConfiguration.parse(
                "smtp://127.0.0.1:\(sink.port)?from=team@acme.example")
        ).deliver(Self.email)
        guard case .retry = down else {
            Issue.record("\(down)")
            return
        }
    }

    @Test func noAnswerAfterTheMessageIsUnconfirmed() async throws {
        let sink = try await SMTPSink(delayAfterData: 8)
        defer { sink.stop() }
        var configuration = try SMTPConfiguration.parse("smtp://127.0.0.1:\(sink.port)?from=team@acme.example")
        // The timeout applies to every step: long enough that a loaded machine still gets
        // through the greeting and the envelope (at 1 s it did not, once in a full parallel
        // run), short of the sink's silence after DATA.
        configuration.timeout = .seconds(3)
        let outcome = await SMTPTransport(configuration: configuration).deliver(Self.email)
        guard case .unconfirmed = outcome else {
            Issue.record("\(outcome)")
            return
        }
        #expect(sink.messages.count == 1, "the server has it, but the client cannot know")
    }

    @Test(arguments: [
        ("http://host?from=a@b.example", "SMTP URL must look like"),
        ("smtp://host", "needs ?from="),
        ("smtp://host?from=a@b.example&starttls=maybe", "starttls=maybe"),
    ])
    func badURLsAreExplained(url: String, message: String) {
        #expect(throws: AppError.self) { try SMTPConfiguration.parse(url) }
        do { _ = try SMTPConfiguration.parse(url) } catch { #expect(error.message.contains(message)) }
    }
}
