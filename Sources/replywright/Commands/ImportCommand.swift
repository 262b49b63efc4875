import ArgumentParser
import Foundation
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

/// `replywright import FILE`: imports a workspace's history (NDJSON, `docs/import.md`) straight
/// into the database, with a progress bar on stderr and the run as JSON on stdout.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import leads, messages and booking events (NDJSON) into a workspace.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The NDJSON file (one object a line; see docs/import.md).") var file: String
    @Option(help: "Workspace id.") var workspace: String
    @Flag(help: "No progress bar.") var quiet = false

    func run() async throws {
        try await reportingErrors {
            guard let handle = FileHandle(forReadingAtPath: file) else { throw AppError.invalid("cannot read \(file)") }
            defer { try? handle.close() }
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            let runtime = try await CommandRuntime.make(global)
            let showProgress = !quiet
            let run = try await DatabaseConnector.withStore(runtime.configuration.database, logger: runtime.logger) { store in
                let importer = HistoryImporter(store: store, logger: runtime.logger)
                return try await importer.run(FileChunks(handle: handle), in: Identifier(workspace)) { run in
                    guard showProgress else { return }
                    ProgressBar.draw(run, totalBytes: size)
                    if run.state != .running { FileHandle.standardError.write(Data("\n".utf8)) }
                }
            }
            let data = try CanonicalJSON.encoder.encode(run)
            writeStdout(String(decoding: data, as: UTF8.self))
            if run.errors > 0 { printError("\(run.errors) line(s) not imported; see errorLines") }
        }
    }
}

/// A file read in 64 KB chunks, for the importer.
struct FileChunks: AsyncSequence {
    typealias Element = [UInt8]
    let handle: FileHandle

    struct AsyncIterator: AsyncIteratorProtocol {
        let handle: FileHandle
        mutating func next() async throws -> [UInt8]? {
            guard let data = try handle.read(upToCount: 65_536), !data.isEmpty else { return nil }
            return [UInt8](data)
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(handle: handle) }
}

/// One line on stderr, redrawn in place: `[#####     ]  48 %  51,200 lines  2 errors`.
enum ProgressBar {
    static func draw(_ run: ImportRun, totalBytes: Int) {
        let fraction = totalBytes > 0 ? min(1, Double(run.bytes) / Double(totalBytes)) : 0
        let filled = Int(fraction * 30)
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: 30 - filled)
        let line = "\r[\(bar)] \(String(format: "%3d", Int(fraction * 100))) %  \(run.lines) lines  \(run.messages) messages  \(run.errors) errors"
        FileHandle.standardError.write(Data(line.utf8))
    }
}
