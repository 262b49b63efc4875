import Foundation
import ReplywrightCore
import ReplywrightLLM
import Testing

@Suite("Model capabilities and coercion")
struct CapabilityCoercionTests {
    let catalog = ModelCatalog.standard

    func request(_ model: String, effort: ReasoningEffort? = nil, temperature: Double? = nil, maxTokens: Int? = nil) -> LLMRequest {
        LLMRequest(
            model: model, messages: [.user("hi")], reasoningEffort: effort, temperature: temperature,
            maxOutputTokens: maxTokens, context: LLMCallContext(featureID: "test"))
    }

    @Test func reasoningModelsLoseTemperatureAndSayWhy() {
        let (coerced, coercions) = catalog.capabilities(for: "gpt-5.2").coerce(request("gpt-5.2", temperature: 0.9))
        #expect(coerced.temperature == nil)
        #expect(coercions.map(\.setting) == [.temperature])
        #expect(coercions[0].reason.contains("does not accept a temperature"))
        #expect(coerced.reasoningEffort == .medium, "the model's default effort is filled in")
    }

    @Test func extraHighOnlyWhereTheModelHasIt() {
        let (on52, none) = catalog.capabilities(for: "gpt-5.2").coerce(request("gpt-5.2", effort: .extraHigh))
        #expect(on52.reasoningEffort == .extraHigh && none.isEmpty)
        let (on51, coercions) = catalog.capabilities(for: "gpt-5.1").coerce(request("gpt-5.1", effort: .extraHigh))
        #expect(on51.reasoningEffort == .high, "lowered to the nearest effort gpt-5.1 offers")
        #expect(coercions.first?.description == "reasoning_effort extra_high → high: gpt-5.1 does not offer extra_high")
    }

    @Test func chatModelsKeepTemperatureAndDropEffort() {
        let (coerced, coercions) = catalog.capabilities(for: "gpt-4.1-mini").coerce(request("gpt-4.1-mini", effort: .high, temperature: 1.1))
        #expect(coerced.temperature == 1.1 && coerced.reasoningEffort == nil)
        #expect(coercions.map(\.setting) == [.reasoningEffort])
    }

    @Test func invalidValuesFallBackToDefaults() {
        let capabilities = catalog.capabilities(for: "gpt-4o")
        for bad in [-0.5, 2.5, Double.nan, .infinity] {
            let (coerced, coercions) = capabilities.coerce(request("gpt-4o", temperature: bad))
            #expect(coerced.temperature == nil && coercions.count == 1, "temperature \(bad)")
        }
        let (capped, coercions) = capabilities.coerce(request("gpt-4o", maxTokens: 1_000_000))
        #expect(capped.maxOutputTokens == 16_384 && coercions.map(\.setting) == [.maxOutputTokens])
        #expect(ModelCapabilities.effort(fromSetting: "EXTRA_HIGH") == .extraHigh)
        for stored in [nil, "", "maximum", "null"] as [String?] {
            #expect(ModelCapabilities.effort(fromSetting: stored) == nil, "\(String(describing: stored)) means the default")
        }
    }

    @Test func datedModelIdsUseTheirFamilyAndUnknownModelsAreChatModels() {
        #expect(catalog.capabilities(for: "gpt-5.2-2026-01-15").reasoningEfforts.contains(.extraHigh))
        #expect(catalog.capabilities(for: "gpt-5-mini-2025-08-07") == catalog.capabilities(for: "gpt-5-mini"))
        let local = catalog.capabilities(for: "SmolLM2-135M-Instruct")
        #expect(local.acceptsTemperature && local.reasoningEfforts.isEmpty && local.price == .free)
    }

    @Test func costCountsCachedInputAtItsOwnRate() {
        let price = ModelPrice(input: 2, cachedInput: 0.5, output: 8)
        let usage = LLMUsage(inputTokens: 1_000_000, cachedInputTokens: 400_000, outputTokens: 250_000, reasoningTokens: 100_000)
        // 600k uncached × $2 + 400k cached × $0.50 + 250k output (reasoning included) × $8
        #expect(abs(price.cost(of: usage) - (1.2 + 0.2 + 2.0)) < 1e-9)
        #expect(ModelPrice.free.cost(of: usage) == 0)
    }

    @Test func modelsWithoutStructuredOutputsGetTheSchemaInThePrompt() {
        var plain = ModelCatalog.unknownModel
        plain.structuredOutputs = false
        let schema = JSONSchema(name: "a", schema: ["type": "object"])
        var request = request("old-model")
        request.output = .jsonSchema(schema)
        let (coerced, coercions) = plain.coerce(request)
        #expect(coerced.output == .text && coercions.map(\.setting) == [.structuredOutput])
        #expect(coerced.messages.first?.role == .system && coerced.messages.first?.content.contains(#"{"type":"object"}"#) == true)
        #expect(catalog.capabilities(for: "gpt-5.2").coerce(request).request.output == .jsonSchema(schema), "supported: unchanged")
    }
}
