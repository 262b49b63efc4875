import Hummingbird
import Logging
import ReplywrightCore

/// Runs `router` on 127.0.0.1 (a free port) for the length of `body`, which gets the port;
/// the in-process fakes (model provider, OTLP receiver, a sending platform in tests) are built on it.
public func withLoopbackServer<T: Sendable>(
    _ router: Router<BasicRequestContext>, label: String, _ body: (_ port: Int) async throws -> T
) async throws -> T {
    var logger = Logger(label: label)
    logger.logLevel = .critical
    let (portStream, portContinuation) = AsyncStream<Int>.makeStream()
    let app = Application(
        router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in
            portContinuation.yield(channel.localAddress?.port ?? 0)
            portContinuation.finish()
        }, logger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await app.runService(gracefulShutdownSignals: []) }
        defer { group.cancelAll() }
        var ports = portStream.makeAsyncIterator()
        guard let port = await ports.next() else { throw AppError(.internalError, "\(label) did not start") }
        return try await body(port)
    }
}
