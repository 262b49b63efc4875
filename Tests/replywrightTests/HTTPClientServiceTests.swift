import AsyncHTTPClient
import Logging
import ReplywrightLLM
import ServiceLifecycle
import Testing

@testable import replywright

@Suite("The model provider's HTTP client as a Service")
struct HTTPClientServiceTests {
    /// The ServiceGroup owns the client: it serves until the group shuts down, then it is closed
    /// (a request after that fails as "already shut down", not on a leaked connection pool).
    @Test func theGroupShutsTheClientDown() async throws {
        let client = HTTPClient.forLLM()
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: HTTPClientService(client: client, logger: Logger(label: "test")))], gracefulShutdownSignals: [],
                logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await Task.sleep(for: .milliseconds(50))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        let error = await #expect(throws: HTTPClientError.self) {
            _ = try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:9/"), timeout: .seconds(1))
        }
        #expect(error == .alreadyShutdown)
    }
}
