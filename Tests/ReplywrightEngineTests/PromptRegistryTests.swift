import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore
import ReplywrightTesting
import Testing

@Suite("Prompt registry")
struct PromptRegistryTests {
    @Test(arguments: TestDatabases.engines)
    func overridesWinPerWorkspaceAndKeepTheBuiltInPlaceholders(engine: DatabaseEngine) async throws {
        try await TestDatabases.withStore(engine) { store in
            let (mine, _) = try await Fixtures.workspace(store, name: "Mine")
            let (theirs, _) = try await Fixtures.workspace(store, name: "Theirs")
            let registry = PromptRegistry(store: store)
            let key = BuiltinPrompts.draftStrategyEmail.key

            let builtin = try await registry.resolve(key, for: mine.id)
            #expect(builtin.template == BuiltinPrompts.draftStrategyEmail && builtin.revision == 0)
            let saved = try await registry.saveOverride(
                key: key, system: "Plan short replies for {{workspace_name}}.", user: "{{conversation}}", in: mine.id,
                note: "shorter", by: "admin@mine.example")
            #expect(saved.revision == 1)
            let resolved = try await registry.resolve(key, for: mine.id)
            #expect(resolved.revision == 1 && resolved.template.system == "Plan short replies for {{workspace_name}}.")
            let rendered = resolved.template.render(["workspace_name": "Mine", "conversation": "hi"])
            #expect(rendered.system == "Plan short replies for Mine." && rendered.user == "hi")
            let other = try await registry.resolve(key, for: theirs.id)
            #expect(other.revision == 0, "another workspace keeps the built-in")

            let unknown = try await #require(throws: AppError.self) {
                try await registry.saveOverride(key: key, system: "{{secret_sauce}}", user: "x", in: mine.id, note: nil, by: nil)
            }
            #expect(unknown.code == .invalidRequest && unknown.message.hasPrefix("unknown placeholder(s) {{secret_sauce}}"))
            await #expect(throws: AppError.notFound("prompt template nope")) { _ = try await registry.resolve("nope", for: mine.id) }
        }
    }
}
