import Foundation

/// A real SMTP server on 127.0.0.1 (`scripts/smtp-sink.py`, aiosmtpd from PyPI) that keeps
/// every accepted message as a file, for the delivery tests.
public final class SMTPSink: @unchecked Sendable {
    /// Whether python3 can import aiosmtpd (`.ci/run` installs it; `pip install aiosmtpd`).
    public static let isAvailable = CLIProcess.succeeds(["python3", "-c", "import aiosmtpd"])

    public let port: Int
    public let directory: URL
    private let process: Process

    /// - Parameters:
    ///   - auth: "user:password" required before MAIL.
    ///   - startTLS: certificate and key files; STARTTLS is then offered and required.
    ///   - delayAfterData: the server stores the message, then waits this long before its 250.
    public init(auth: String? = nil, startTLS: (certificate: String, key: String)? = nil, delayAfterData: Double = 0) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("rw-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/smtp-sink.py")
        var arguments = ["python3", script.path, "--dir", directory.path, "--delay-after-data", String(delayAfterData)]
        if let auth { arguments += ["--auth", auth] }
        if let startTLS { arguments += ["--starttls", startTLS.certificate, startTLS.key] }
        let output = directory.appendingPathComponent("server.log")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = process.standardOutput
        try process.run()
        let deadline = ContinuousClock.now + .seconds(20)
        while true {
            let log = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            if let line = log.split(separator: "\n").first(where: { $0.hasPrefix("ready ") }), let port = Int(line.dropFirst(6)) {
                self.port = port
                break
            }
            guard process.isRunning, ContinuousClock.now < deadline else {
                process.terminate()
                throw SMTPSinkError(message: "smtp-sink.py did not start: \(log.suffix(500))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The raw messages received so far, oldest first (envelope first as X-Envelope-* headers).
    public var messages: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".eml") }.sorted().compactMap {
            try? String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8)
        }
    }

    /// Stops the server (SIGKILL: nothing of it needs to survive) and removes its files.
    public func stop() {
        let pid = process.processIdentifier
        if pid > 0, kill(pid, 0) == 0 {
            kill(pid, SIGKILL)
            // Until the port stops answering, so a test that stopped it sees a dead server.
            let deadline = Date().addingTimeInterval(5)
            while Self.accepts(port: port), Date() < deadline { usleep(20_000) }
        }
        try? FileManager.default.removeItem(at: directory)
    }

    static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    deinit { stop() }

    /// A self-signed certificate for 127.0.0.1 (openssl), for the STARTTLS tests: (certificate, key).
    public static func selfSignedCertificate(in directory: URL) throws -> (certificate: String, key: String) {
        let certificate = directory.appendingPathComponent("cert.pem").path, key = directory.appendingPathComponent("key.pem").path
        guard
            CLIProcess.succeeds([
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", certificate,
            ])
        else { throw SMTPSinkError(message: "openssl could not make a test certificate") }
        return (certificate, key)
    }
}

public struct SMTPSinkError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
