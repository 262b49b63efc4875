import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Prometheus
import ReplywrightCore
import ReplywrightServer
import ReplywrightStore
import ReplywrightTesting
import Testing

@Suite("Security headers and rate limits")
struct SecurityAndLimitsTests {
    func withApp(
        limits: RateLimits, _ body: @escaping @Sendable (any TestClientProtocol, SQLStore, Workspace, String) async throws -> Void
    ) async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            let (workspace, key) = try await Fixtures.workspace(store)
            let registry = PrometheusCollectorRegistry()
            let router = ReplywrightHTTP.buildRouter(
                ServerDependencies(
                    store: store, limits: limits, metrics: PrometheusMetricsFactory(registry: registry), prometheus: registry,
                    logger: TestDatabases.logger))
            try await Application(router: router, logger: TestDatabases.logger).test(.router) { client in
                try await body(client, store, workspace, key.secret)
            }
        }
    }

    /// Nobody locks the owner out by guessing: an address that used up its failures waits, the
    /// owner's address does not; guessing from many addresses locks wrong passwords only.
    @Test func loginThrottleCountsFailuresPerAccountAndAddress() {
        let clock = TestClock()
        let throttle = LoginThrottle(limit: RateLimit(count: 3, seconds: 3600), now: { clock.now })
        for _ in 0..<3 { #expect(throttle.failed(email: "Sam@acme.example", address: "203.0.113.9") == nil) }
        #expect(throttle.wait(email: "sam@ACME.example", address: "203.0.113.9") ?? 0 >= 1, "the guessing address waits")
        #expect(throttle.wait(email: "sam@acme.example", address: "198.51.100.7") == nil, "the owner's address does not")
        // Thirty failures from ten addresses lock the account for wrong passwords…
        for address in 0..<10 {
            for _ in 0..<3 { _ = throttle.failed(email: "sam@acme.example", address: "192.0.2.\(address)") }
        }
        #expect(throttle.failed(email: "sam@acme.example", address: "198.51.100.7") != nil, "a wrong password now answers 429")
        // …while the owner's address, with failures left, is still let through to check the right one.
        #expect(throttle.wait(email: "sam@acme.example", address: "198.51.100.7") == nil)
        throttle.succeeded(email: "sam@acme.example", address: "203.0.113.9")
        #expect(throttle.wait(email: "sam@acme.example", address: "203.0.113.9") == nil, "a success starts the address afresh")
        clock.advance(by: .seconds(3600))
        #expect(throttle.failed(email: "sam@acme.example", address: "192.0.2.1") == nil, "an hour later the account has failures again")
    }

    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        try await withApp(limits: .off) { client, _, _, key in
            let responses = [
                try await client.execute(uri: "/health/live", method: .get),
                try await client.execute(uri: "/no/such/page", method: .get),
                try await client.execute(uri: "/v1/leads", method: .get),
                try await client.execute(uri: "/v1/leads", method: .get, headers: bearer(key)),
                try await client.execute(uri: "/v1/webhooks/inbound", method: .post, headers: bearer(key), body: ByteBuffer(string: "{")),
            ]
            #expect(responses.map(\.status.code) == [200, 404, 401, 200, 400])
            for response in responses {
                let csp = response.headers[.contentSecurityPolicy] ?? ""
                #expect(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"))
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
            }
        }
    }

    @Test func eachKeyHasItsOwnBucket() async throws {
        try await withApp(limits: RateLimits(perKey: RateLimit(count: 3, seconds: 3600), perIP: nil, perUser: nil)) { client, store, workspace, key in
            var statuses: [UInt] = []
            var last: TestResponse?
            for _ in 0..<4 {
                let response = try await client.execute(uri: "/v1/leads", method: .get, headers: bearer(key))
                statuses.append(UInt(response.status.code))
                last = response
            }
            #expect(statuses == [200, 200, 200, 429])
            let limited = try #require(last)
            let retryAfter = Int(limited.headers[.retryAfter] ?? "") ?? 0
            #expect((1100...1200).contains(retryAfter), "one token comes back every 1,200 s: \(retryAfter)")
            #expect(limited.headers[HTTPField.Name("RateLimit-Limit")!] == "3" && limited.headers[HTTPField.Name("RateLimit-Remaining")!] == "0")
            #expect(try limited.json(ErrorBody.self).error.code == "rate_limited")

            let other = try await store.issueAPIKey(for: workspace.id, name: "other")
            let fresh = try await client.execute(uri: "/v1/leads", method: .get, headers: bearer(other.secret))
            #expect(fresh.status == .ok && fresh.headers[HTTPField.Name("RateLimit-Remaining")!] == "2")
        }
    }

    @Test func addressesAreLimitedButProbesAreNot() async throws {
        // Two an hour: nothing refills during the test, however slowly it runs (refill is
        // covered by the token bucket's own tests with a hand-driven clock).
        try await withApp(limits: RateLimits(perKey: nil, perIP: RateLimit(count: 2, seconds: 3600), perUser: nil)) { client, _, _, key in
            for _ in 0..<5 { #expect(try await client.execute(uri: "/health/live", method: .get).status == .ok) }
            let statuses = try await (0..<3).asyncMap { _ in try await client.execute(uri: "/v1/leads", method: .get, headers: bearer(key)).status }
            #expect(statuses == [.ok, .ok, .tooManyRequests])
        }
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}

@Suite("CORS allow-list")
struct CORSTests {
    @Test func onlyListedOriginsGetCORSHeaders() async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            let (_, key) = try await Fixtures.workspace(store)
            let registry = PrometheusCollectorRegistry()
            let router = ReplywrightHTTP.buildRouter(
                ServerDependencies(
                    store: store, corsOrigins: ["https://forms.acme.example"], metrics: PrometheusMetricsFactory(registry: registry),
                    prometheus: registry, logger: TestDatabases.logger))
            try await Application(router: router, logger: TestDatabases.logger).test(.router) { client in
                var headers = bearer(key.secret)
                headers[.origin] = "https://forms.acme.example"
                let allowed = try await client.execute(uri: "/v1/leads", method: .get, headers: headers)
                #expect(allowed.headers[.accessControlAllowOrigin] == "https://forms.acme.example" && allowed.headers[.vary] == "Origin")
                headers[.origin] = "https://evil.example"
                let other = try await client.execute(uri: "/v1/leads", method: .get, headers: headers)
                #expect(other.headers[.accessControlAllowOrigin] == nil)
                let preflight = try await client.execute(
                    uri: "/v1/webhooks/inbound", method: .options,
                    headers: [
                        .origin: "https://forms.acme.example", .accessControlRequestMethod: "POST",
                    ])
                #expect(preflight.status == .noContent && preflight.headers[.accessControlAllowHeaders]?.contains("Authorization") == true)
            }
        }
    }
}
