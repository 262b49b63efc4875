import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Metrics
import Prometheus
import ReplywrightCore
import ReplywrightServer
import ReplywrightStore
import ReplywrightTesting

/// Runs `body` against the real router on a fresh database with one workspace and key.
func withTestApp(
    _ engine: DatabaseEngine = .sqlite,
    _ body: @escaping @Sendable (any TestClientProtocol, SQLStore, Workspace, String, PrometheusCollectorRegistry) async throws -> Void
) async throws {
    try await TestDatabases.withStore(engine) { store in
        let (workspace, key) = try await Fixtures.workspace(store)
        let registry = PrometheusCollectorRegistry()
        let router = ReplywrightHTTP.buildRouter(
            ServerDependencies(
                store: store, metrics: PrometheusMetricsFactory(registry: registry), prometheus: registry,
                logger: TestDatabases.logger))
        let app = Application(router: router, logger: TestDatabases.logger)
        try await app.test(.router) { client in
            try await body(client, store, workspace, key.secret, registry)
        }
    }
}

/// Every route the application registers, as `(method, path)` with `:name` captures, read from
/// Hummingbird's own route table (`Router.routes`).
func registeredRoutes(_ store: SQLStore) -> [(method: String, path: String)] {
    let registry = PrometheusCollectorRegistry()
    let router = ReplywrightHTTP.buildRouter(
        ServerDependencies(
            store: store, metrics: PrometheusMetricsFactory(registry: registry), prometheus: registry, logger: TestDatabases.logger))
    return router.routes.map { (method: $0.method.rawValue.lowercased(), path: $0.path.description) }
}

func bearer(_ key: String) -> HTTPFields { [.authorization: "Bearer \(key)", .contentType: "application/json"] }

/// The `{"error": {"code", "message"}}` body.
struct ErrorBody: Decodable {
    struct Inner: Decodable {
        var code: String
        var message: String
    }
    var error: Inner
}

extension TestResponse {
    func json<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(body.readableBytesView))
    }

    var text: String { String(buffer: body) }
}

func inboundJSON(email: String = "maya@brightline.example", id: String = "ext-1", channel: String = "email", body: String = "Tuesday works") -> String
{
    """
    {"lead": {"email": "\(email)", "firstName": "Maya", "customVariables": {"city": "Austin"}},
     "message": {"id": "\(id)", "channel": "\(channel)", "subject": "Re: intro", "body": "\(body)", "receivedAt": "2026-11-20T10:00:00Z"}}
    """
}
