import Foundation

/// Runs the built `replywright` executable as a child process, for end-to-end tests.
public struct CLIProcess {
    /// `REPLYWRIGHT_BINARY`, else the debug build next to this package.
    public static var binaryURL: URL {
        if let path = ProcessInfo.processInfo.environment["REPLYWRIGHT_BINARY"] { return URL(fileURLWithPath: path) }
        return packageRoot.appendingPathComponent(".build/debug/replywright")
    }

    /// A script under `scripts/`, by name.
    public static func script(_ name: String) -> String { packageRoot.appendingPathComponent("scripts/\(name)").path }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Whether a tool runs and exits 0 (`/usr/bin/env` finds it on PATH), e.g. to check that
    /// python3 can import a module before tests that need it.
    public static func succeeds(_ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        // Polling, not waitUntilExit(): that can spin forever on Linux off the main thread.
        while process.isRunning { usleep(10_000) }
        return process.terminationStatus == 0
    }

    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs to completion (killed after `timeout`). `program`: another executable than replywright.
    public static func run(
        _ arguments: [String], program: URL = binaryURL, environment: [String: String] = [:], timeout: Duration = .seconds(120)
    ) async throws -> Output {
        let process = try start(arguments, program: program, environment: environment)
        let deadline = ContinuousClock.now + timeout
        while process.process.isRunning {
            if ContinuousClock.now > deadline { process.process.terminate() }
            try await Task.sleep(for: .milliseconds(20))
        }
        return process.finish()
    }

    /// Starts in the background; call `finish()` after it exits. With `input`, its stdin is a
    /// pipe that `Running.send(_:)` writes lines to (helpers driven by commands).
    public static func start(
        _ arguments: [String], program: URL = binaryURL, environment: [String: String] = [:], input: Bool = false
    ) throws -> Running {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["REPLYWRIGHT_LOG_FORMAT"] = "json"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let stdoutFile = FileManager.default.temporaryDirectory.appendingPathComponent("rw-cli-\(UUID().uuidString).out")
        let stderrFile = FileManager.default.temporaryDirectory.appendingPathComponent("rw-cli-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: stdoutFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: stdoutFile)
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        let pipe = input ? Pipe() : nil
        if let pipe { process.standardInput = pipe }
        try process.run()
        return Running(process: process, stdoutFile: stdoutFile, stderrFile: stderrFile, input: pipe)
    }

    public final class Running: @unchecked Sendable {
        public let process: Process
        let stdoutFile: URL
        let stderrFile: URL
        let input: Pipe?

        init(process: Process, stdoutFile: URL, stderrFile: URL, input: Pipe?) {
            self.process = process
            self.stdoutFile = stdoutFile
            self.stderrFile = stderrFile
            self.input = input
        }

        /// Writes one line to the process's stdin (started with `input: true`).
        public func send(_ line: String) { input?.fileHandleForWriting.write(Data((line + "\n").utf8)) }

        /// Closes stdin, stops the process (SIGTERM) and removes its output files.
        public func stop() {
            try? input?.fileHandleForWriting.close()
            process.terminate()
            try? FileManager.default.removeItem(at: stdoutFile)
            try? FileManager.default.removeItem(at: stderrFile)
        }

        public var stdoutSoFar: String { (try? String(contentsOf: stdoutFile, encoding: .utf8)) ?? "" }
        public var stderrSoFar: String { (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "" }

        /// Sends SIGKILL: no cleanup, no graceful shutdown, like a crashed machine.
        public func kill() { Foundation.kill(process.processIdentifier, SIGKILL) }

        public func interrupt() { process.interrupt() }

        public func finish() -> Output {
            process.waitUntilExit()
            defer {
                try? FileManager.default.removeItem(at: stdoutFile)
                try? FileManager.default.removeItem(at: stderrFile)
            }
            return Output(status: process.terminationStatus, stdout: stdoutSoFar, stderr: stderrSoFar)
        }
    }
}
