import Foundation
import Hummingbird
import HummingbirdTesting
import ReplywrightCore
import ReplywrightServer
import ReplywrightStore
import ReplywrightTesting
import Testing

/// `/openapi.json` against the real router, both ways: every route registered in the source
/// is in the document, and every documented operation reaches a handler.
@Suite("OpenAPI document")
struct OpenAPIRouteTests {
    struct Operation: Hashable, CustomStringConvertible {
        var method: String
        var path: String
        var description: String { "\(method.uppercased()) \(path)" }
    }

    /// Every route the router holds but the dashboard's HTML pages (not part of the JSON API), `{name}` captures.
    static func registeredOperations(_ store: SQLStore) -> Set<Operation> {
        let api = ["/v1", "/health", "/metrics", "/openapi.json"]
        return Set(
            registeredRoutes(store).filter { route in api.contains { route.path.hasPrefix($0) } }.map { route in
                Operation(method: route.method, path: route.path)
            })
    }

    static func documentedOperations(_ document: JSONValue) -> Set<Operation> {
        guard case .object(let paths)? = document.field("paths") else { return [] }
        var found = Set<Operation>()
        for (path, item) in paths {
            guard case .object(let operations) = item else { continue }
            for method in operations.keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                found.insert(Operation(method: method, path: path))
            }
        }
        return found
    }

    @Test func theDocumentDescribesExactlyTheRoutes() async throws {
        try await withTestApp { client, store, _, key, _ in
            let response = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(response.status == .ok && response.headers[.contentType]?.hasPrefix("application/json") == true)
            let document = try response.json(JSONValue.self)
            #expect(document.field("openapi") == "3.1.0")

            let registered = Self.registeredOperations(store)
            let documented = Self.documentedOperations(document)
            #expect(registered.count > 30, "the router lists the routes")
            #expect(registered.subtracting(documented).isEmpty, "registered but not documented: \(registered.subtracting(documented))")
            #expect(documented.subtracting(registered).isEmpty, "documented but not registered: \(documented.subtracting(registered))")

            // Each documented operation reaches a handler (a made-up id is a 404 from the
            // handler, never the router's "no such route").
            for operation in documented {
                let uri = operation.path.replacing(/\{[A-Za-z]+\}/) { _ in "none" }
                let result = try await client.execute(
                    uri: uri, method: HTTPRequest.Method(operation.method.uppercased())!, headers: bearer(key), body: ByteBuffer(string: "{}"))
                let message = (try? result.json(ErrorBody.self))?.error.message
                #expect(message != "no such route" && result.status != .methodNotAllowed, "\(operation) → \(result.status)")
            }
        }
    }

    /// Each documented operation's auth, as the document states it: no key → 401 unless it is
    /// public; a setter key → 403 exactly where the document lists 403 ("Setter key").
    @Test func everyOperationChecksTheKeyAndItsRole() async throws {
        try await withTestApp { client, store, workspace, _, _ in
            let document = try await client.execute(uri: "/openapi.json", method: .get).json(JSONValue.self)
            let setterKey = try await store.issueAPIKey(for: workspace.id, name: "setter", role: .setter).secret
            guard case .object(let paths)? = document.field("paths") else {
                Issue.record("no paths")
                return
            }
            var adminOnly = 0, checked = 0
            for (path, item) in paths {
                guard case .object(let operations) = item else { continue }
                for (method, operation) in operations where ["get", "post", "put", "patch", "delete"].contains(method) {
                    let uri = path.replacing(/\{[A-Za-z]+\}/) { _ in "none" }
                    let verb = HTTPRequest.Method(method.uppercased())!
                    let isPublic = operation.field("security") == .array([])
                    checked += 1
                    let anonymous = try await client.execute(uri: uri, method: verb, body: ByteBuffer(string: "{}"))
                    if !isPublic { #expect(anonymous.status == .unauthorized, "\(method.uppercased()) \(path) without a key") }
                    guard path.hasPrefix("/v1/") else { continue }
                    let forAdmins = operation.field("responses")?.field("403") != nil
                    adminOnly += forAdmins ? 1 : 0
                    let asSetter = try await client.execute(uri: uri, method: verb, headers: bearer(setterKey), body: ByteBuffer(string: "{}"))
                    #expect((asSetter.status == .forbidden) == forAdmins, "\(method.uppercased()) \(path) with a setter key → \(asSetter.status)")
                }
            }
            #expect(checked > 30 && adminOnly >= 5, "every operation; settings, memory edits, webhook secrets are for admin keys")
        }
    }

    @Test(.enabled(if: Self.validatorAvailable, "python3 cannot import openapi_spec_validator (pip install openapi-spec-validator)"))
    func theDocumentIsValidOpenAPI() async throws {
        try await withTestApp { client, _, _, _, _ in
            let response = try await client.execute(uri: "/openapi.json", method: .get)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("openapi-\(UUID().uuidString).json")
            try Data(response.body.readableBytesView).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let output = try await CLIProcess.run(
                ["python3", "-m", "openapi_spec_validator", file.path],
                program: URL(fileURLWithPath: "/usr/bin/env"))
            #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        }
    }

    static let validatorAvailable = CLIProcess.succeeds(["python3", "-c", "import openapi_spec_validator"])
}
