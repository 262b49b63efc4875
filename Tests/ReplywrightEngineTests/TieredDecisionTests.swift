import Foundation
import Metrics
import ReplywrightCore
import ReplywrightLLM
import ReplywrightTesting
import Synchronization
import Testing

@testable import ReplywrightEngine

/// The one "model tier, else rules tier" skeleton every AI decision goes through.
@Suite("Tiered decisions")
struct TieredDecisionTests {
    let recorder = MemoryInteractionRecorder()
    let logs = CapturedLogs()
    var tiers: TieredDecision {
        TieredDecision(
            telemetry: AITelemetry(recorder: recorder, metrics: NOOPMetricsHandler.instance), logger: logs.logger(),
            now: { Date(timeIntervalSince1970: 1_000) })
    }
    let context = LLMCallContext(workspaceID: Identifier("ws-1"), featureID: "test.feature", draftID: "d-1")

    @Test func withoutAModelTheRulesAnswerAndAreRecorded() async throws {
        var failureSeen: String?? = .none
        let (value, source) = try await tiers.run(context, model: nil as (() async throws -> [Int]?)?, stats: { ["count": Double($0.count)] }) {
            failureSeen = .some($0)
            return [1, 2, 3]
        }
        #expect(value == [1, 2, 3] && source == .rules)
        #expect(failureSeen == .some(nil), "no model was tried: the rules get no failure")
        let row = try #require(recorder.interactions.first)
        #expect(recorder.interactions.count == 1)
        #expect(row.featureID == "test.feature" && row.source == .rules && row.errorCode == nil && row.draftID == "d-1")
        #expect(row.metadata == ["count": 3] && row.attempts == 0)
        #expect(logs.all.isEmpty, "nothing failed: nothing to warn about")
    }

    @Test func theModelsAnswerStandsAndAddsNoRow() async throws {
        let (value, source) = try await tiers.run(context, model: { "from the model" }) { _ in "from the rules" }
        #expect(value == "from the model" && source == .llm)
        #expect(recorder.interactions.isEmpty, "the gateway records model calls, not this")
    }

    @Test func aFailedOrUnusableModelFallsBackWithItsReason() async throws {
        var given: String?
        let (value, source) = try await tiers.run(
            context,
            model: { () async throws -> String? in
                throw LLMError(.rateLimited, "slow down")
            }
        ) { failure in
            given = failure
            return "rules"
        }
        #expect(value == "rules" && source == .fallback)
        #expect(given == LLMError.code(of: LLMError(.rateLimited, "slow down")), "the rules side knows why (the gate fails closed with it)")
        #expect(recorder.interactions.last?.source == .fallback && recorder.interactions.last?.errorCode == given)
        #expect(logs.all.count == 1 && logs.all[0].contains("rules tier answers") && logs.all[0].contains("error_code=\(given ?? "")"))

        let (_, unusable) = try await tiers.run(context, model: { () async throws -> String? in nil }) { _ in "rules" }
        #expect(unusable == .fallback && recorder.interactions.last?.errorCode == "unusable_answer")
    }

    @Test func aCancelledTaskDoesNotFallBack() async throws {
        let tiers = self.tiers
        let context = self.context
        let ranRules = Atomic(false)
        let task = Task {
            try await tiers.run(
                context,
                model: { () async throws -> String? in
                    try await Task.sleep(for: .seconds(30))
                    return "late"
                }
            ) { _ in
                ranRules.store(true, ordering: .relaxed)
                return "rules"
            }
        }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(!ranRules.load(ordering: .relaxed) && recorder.interactions.isEmpty)
    }
}
