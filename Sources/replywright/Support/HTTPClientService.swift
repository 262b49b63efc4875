import AsyncHTTPClient
import Logging
import ServiceLifecycle

/// An `HTTPClient` as a `Service`: it runs until the group shuts down, then closes its
/// connections (the ServiceGroup stops the services started after it first).
struct HTTPClientService: Service {
    let client: HTTPClient
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        do {
            try await client.shutdown()
        } catch {
            logger.warning("closing the model provider's HTTP client failed", metadata: ["error": "\(error)"])
        }
    }
}
