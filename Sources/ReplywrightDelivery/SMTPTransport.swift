import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import ReplywrightCore

/// Where and how to send mail: `smtp://user:pass@host:587?from=team@example.com` (STARTTLS
/// when the server offers it; `starttls=required` insists, `starttls=off` never), or
/// `smtps://…:465` (TLS from the first byte). `ca=/path/ca.pem` trusts an extra certificate
/// authority (a company relay with its own CA).
public struct SMTPConfiguration: Sendable, Hashable {
    public enum Security: String, Sendable, Hashable {
        /// Plain text only (local relays).
        case none
        /// Upgrade when offered.
        case startTLSIfOffered
        /// Upgrade or refuse to send.
        case startTLS
        /// TLS from the start.
        case tls
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    public var from: String
    /// The name this client gives in EHLO.
    public var heloName: String
    public var trustRootsFile: String?
    /// Per step (connect, each reply).
    public var timeout: Duration

    public init(
        host: String, port: Int, security: Security, username: String? = nil, password: String? = nil, from: String,
        heloName: String = "replywright.local", trustRootsFile: String? = nil, timeout: Duration = .seconds(30)
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.from = from
        self.heloName = heloName
        self.trustRootsFile = trustRootsFile
        self.timeout = timeout
    }

    /// Parses an `smtp://` or `smtps://` URL; errors say what is wrong (never echoing the password).
    public static func parse(_ text: String) throws(AppError) -> SMTPConfiguration {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            ["smtp", "smtps"].contains(scheme), let host = components.host, !host.isEmpty
        else { throw .invalid("SMTP URL must look like smtp://user:pass@host:587?from=team@example.com") }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name.lowercased(), $0.value ?? "") }) { $1 }
        guard let from = query["from"], EmailAddress.isValid(from) else {
            throw .invalid("SMTP URL needs ?from=<sender address> (the address mail is sent from)")
        }
        let security: Security
        if scheme == "smtps" {
            security = .tls
        } else {
            switch query["starttls"]?.lowercased() ?? "auto" {
            case "auto", "": security = .startTLSIfOffered
            case "required", "true", "yes": security = .startTLS
            case "off", "false", "no": security = .none
            case let other: throw .invalid("SMTP URL: starttls=\(other) is not one of auto, required, off")
            }
        }
        return SMTPConfiguration(
            host: host, port: components.port ?? (scheme == "smtps" ? 465 : 587), security: security,
            username: components.user?.removingPercentEncoding, password: components.password?.removingPercentEncoding,
            from: from, heloName: query["helo"] ?? "replywright.local", trustRootsFile: query["ca"])
    }
}

/// Sends mail over SMTP (RFC 5321): EHLO, STARTTLS, AUTH PLAIN or LOGIN, MAIL, RCPT, DATA.
///
/// Everything up to the end of DATA is certainly not a sent message, so failures there are
/// `retry` (4xx, network) or `failed` (5xx). After the final "." is written, only the server's
/// 250 says it was accepted; a 4xx/5xx says it was not; silence or a dropped connection means
/// nobody knows (`unconfirmed`).
public struct SMTPTransport: OutboundTransport {
    public let name = "smtp"
    public let configuration: SMTPConfiguration
    private let group: any EventLoopGroup
    private let logger: Logger

    public init(
        configuration: SMTPConfiguration, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "replywright.delivery")
    ) {
        self.configuration = configuration
        self.group = group
        self.logger = logger
    }

    public func deliver(_ email: OutboundEmail) async -> Delivery.Outcome {
        let message = Self.render(email, from: configuration.from, date: Date())
        var handedOver = false
        do {
            let channel = try await SMTPSession.connect(configuration, group: group)
            return try await channel.executeThenClose { inbound, outbound in
                let session = SMTPSession(channel: channel.channel, inbound: inbound, outbound: outbound, timeout: configuration.timeout)
                try await converse(session, email: email, message: message, handedOver: &handedOver)
                let accepted = try await session.expect(250, "message")
                try? await session.write("QUIT\r\n")
                return .delivered(reference: email.messageID + (accepted.last.map { " (\($0))" } ?? ""))
            }
        } catch let failure as SMTPFailure {
            switch failure {
            case .transient(let reason): return .retry(reason)
            case .permanent(let reason): return .failed(reason)
            case .network(let reason, let underlying):
                if let underlying {
                    logger.warning("the SMTP connection failed", metadata: ["error": "\(String(describing: underlying).prefix(500))"])
                }
                return handedOver ? .unconfirmed("connection lost after the message was handed over: \(reason)") : .retry(reason)
            }
        } catch {
            let words = NetworkFailure.words(for: error, logger: logger, context: "the SMTP conversation")
            return handedOver ? .unconfirmed("no answer after the message was handed over: \(words)") : .retry(words)
        }
    }

    /// Everything up to and including the end of DATA; `handedOver` turns true once the final
    /// "." is written (from then on a lost connection means "unknown", not "not sent").
    private func converse(_ session: SMTPSession, email: OutboundEmail, message: String, handedOver: inout Bool) async throws {
        try await session.expect(220, "greeting")
        var capabilities = try await session.command("EHLO \(configuration.heloName)", expect: 250)
        let offersTLS = capabilities.contains { $0.uppercased().hasPrefix("STARTTLS") }
        let upgrade: Bool
        switch configuration.security {
        case .startTLS:
            guard offersTLS else { throw SMTPFailure.permanent("the server does not offer STARTTLS and the configuration requires it") }
            upgrade = true
        case .startTLSIfOffered: upgrade = offersTLS
        case .none, .tls: upgrade = false
        }
        if upgrade {
            _ = try await session.command("STARTTLS", expect: 220)
            try await session.upgradeToTLS(configuration)
            capabilities = try await session.command("EHLO \(configuration.heloName)", expect: 250)
        }
        if let username = configuration.username {
            let auth = capabilities.first { $0.uppercased().hasPrefix("AUTH") }?.uppercased() ?? ""
            let password = configuration.password ?? ""
            if auth.contains("PLAIN") || !auth.contains("LOGIN") {
                let token = Data("\0\(username)\0\(password)".utf8).base64EncodedString()
                _ = try await session.command("AUTH PLAIN \(token)", expect: 235, secret: true)
            } else {
                _ = try await session.command("AUTH LOGIN", expect: 334)
                _ = try await session.command(Data(username.utf8).base64EncodedString(), expect: 334, secret: true)
                _ = try await session.command(Data(password.utf8).base64EncodedString(), expect: 235, secret: true)
            }
        }
        _ = try await session.command("MAIL FROM:<\(configuration.from)>", expect: 250)
        _ = try await session.command("RCPT TO:<\(email.to)>", expect: 250, 251)
        _ = try await session.command("DATA", expect: 354)
        try await session.write(Self.dotStuffed(message) + "\r\n.\r\n")
        handedOver = true
    }

    // MARK: - Message

    /// RFC 5322 headers (CR/LF stripped from every value) and a base64 UTF-8 text body.
    static func render(_ email: OutboundEmail, from: String, date: Date) -> String {
        func clean(_ value: String) -> String { value.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ") }
        func encoded(_ value: String) -> String {
            value.allSatisfy { $0.isASCII } ? clean(value) : "=?utf-8?B?\(Data(clean(value).utf8).base64EncodedString())?="
        }
        let to = email.toName.map { "\(encoded($0)) <\(clean(email.to))>" } ?? "<\(clean(email.to))>"
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let body = Data(email.body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)
            .base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return [
            "From: <\(clean(from))>", "To: \(to)", "Subject: \(encoded(email.subject))", "Date: \(formatter.string(from: date))",
            "Message-ID: \(email.messageID)", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64", "", body,
        ].joined(separator: "\r\n")
    }

    /// A line starting with "." gets another (RFC 5321 §4.5.2).
    static func dotStuffed(_ message: String) -> String {
        message.components(separatedBy: "\r\n").map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n")
    }
}

enum SMTPFailure: Error {
    /// 4xx: try again later.
    case transient(String)
    /// 5xx or a configuration the server refuses: do not retry.
    case permanent(String)
    /// The connection failed or timed out (`underlying`, if any, is for the log only).
    case network(String, underlying: (any Error)? = nil)
}

/// One SMTP conversation: lines in, lines out, replies parsed. Used by one task at a time.
final class SMTPSession {
    private let channel: any NIOCore.Channel
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private let lines: AsyncLines
    private let timeout: Duration

    init(
        channel: any NIOCore.Channel, inbound: NIOAsyncChannelInboundStream<ByteBuffer>, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>,
        timeout: Duration
    ) {
        self.channel = channel
        self.outbound = outbound
        self.lines = AsyncLines(inbound)
        self.timeout = timeout
    }

    static func connect(_ configuration: SMTPConfiguration, group: any EventLoopGroup) async throws -> NIOAsyncChannel<ByteBuffer, ByteBuffer> {
        let tls = configuration.security == .tls ? try tlsContext(configuration) : nil
        let hostname = serverHostname(configuration)
        do {
            return try await ClientBootstrap(group: group)
                .connectTimeout(.seconds(Int64(configuration.timeout.components.seconds)))
                .connect(host: configuration.host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let tls {
                            try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: hostname))
                        }
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            let (code, sentence) = NetworkFailure.classify(error)
            throw SMTPFailure.network("\(code): cannot connect to the mail server: \(sentence)", underlying: error)
        }
    }

    static func tlsContext(_ configuration: SMTPConfiguration) throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let file = configuration.trustRootsFile {
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(file))
        }
        return try NIOSSLContext(configuration: tls)
    }

    /// SNI and hostname checks need a name; an IP address is checked against the certificate's IP entries.
    static func serverHostname(_ configuration: SMTPConfiguration) -> String? {
        configuration.host.allSatisfy { $0.isNumber || $0 == "." || $0 == ":" } ? nil : configuration.host
    }

    /// STARTTLS accepted: TLS goes in front of everything, before another byte is sent.
    func upgradeToTLS(_ configuration: SMTPConfiguration) async throws {
        let context = try Self.tlsContext(configuration)
        let hostname = Self.serverHostname(configuration)
        let channel = channel
        try await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: hostname), position: .first)
        }.get()
    }

    func write(_ text: String) async throws {
        do {
            try await outbound.write(ByteBuffer(string: text))
        } catch {
            let (code, sentence) = NetworkFailure.classify(error)
            throw SMTPFailure.network("\(code): the mail server stopped listening: \(sentence)", underlying: error)
        }
    }

    /// Sends one command and reads its reply; `secret` keeps the command out of errors.
    func command(_ line: String, expect codes: Int..., secret: Bool = false) async throws -> [String] {
        try await write(line + "\r\n")
        let shown = secret ? String(line.prefix(while: { $0 != " " })) + " …" : line
        return try await expect(codes, shown)
    }

    @discardableResult
    func expect(_ code: Int, _ step: String) async throws -> [String] { try await expect([code], step) }

    /// Reads a (possibly multi-line) reply; its text lines without the codes.
    func expect(_ codes: [Int], _ step: String) async throws -> [String] {
        var texts: [String] = []
        while true {
            // No reply in time: the connection is closed, which ends the read below.
            let channel = channel
            let timer = channel.eventLoop.scheduleTask(in: .milliseconds(Int64(timeout.timeInterval * 1000))) { channel.close(promise: nil) }
            defer { timer.cancel() }
            guard let line = try await lines.next() else {
                throw SMTPFailure.network("no reply to \(step) (closed or timed out after \(timeout))")
            }
            guard line.count >= 3, let code = Int(line.prefix(3)) else { throw SMTPFailure.network("unreadable reply to \(step): \(line)") }
            texts.append(String(line.dropFirst(4)))
            if line.count > 3, line[line.index(line.startIndex, offsetBy: 3)] == "-" { continue }
            if codes.contains(code) { return texts }
            let reason = "\(step): \(line)"
            throw code >= 500 ? SMTPFailure.permanent(reason) : code >= 400 ? SMTPFailure.transient(reason) : SMTPFailure.network(reason)
        }
    }
}

/// CRLF-terminated lines from the channel's byte stream, one consumer at a time.
final class AsyncLines {
    private var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private var pending = ByteBuffer()

    init(_ stream: NIOAsyncChannelInboundStream<ByteBuffer>) {
        iterator = stream.makeAsyncIterator()
    }

    func next() async throws -> String? {
        while true {
            if let newline = pending.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
                let length = newline - pending.readerIndex + 1
                // "\r\n" is one Character in Swift: trim newlines rather than drop characters.
                return (pending.readString(length: length) ?? "").trimmingCharacters(in: .newlines)
            }
            guard var chunk = try await iterator.next() else { return nil }
            pending.writeBuffer(&chunk)
        }
    }
}
