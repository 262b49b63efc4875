import Foundation
import Logging
import ReplywrightCore
import ReplywrightLLM
import ReplywrightStore

/// Writes a report's synthesis and answers questions about it. The model tier answers in
/// strict JSON at a low temperature and every finding is validated against the report (its row
/// must exist, its number must match, its evidence must be in the sample); the rules tier
/// writes statistics-only findings, so both work without a model.
public struct InsightsAnalyst: Sendable {
    let store: any ReportStore & PromptStore & SettingsStore & InsightsSettingsStore
    let llm: (any LLMProvider)?
    let configuration: DraftingConfiguration
    let prompts: PromptRegistry
    let tiers: TieredDecision
    let now: @Sendable () -> Date

    /// Low: the same report should read the same way twice.
    public static let temperature = 0.1

    public init(
        store: any ReportStore & PromptStore & SettingsStore & InsightsSettingsStore, llm: (any LLMProvider)?, configuration: DraftingConfiguration,
        telemetry: AITelemetry,
        logger: Logger = Logger(label: "replywright.insights"), now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.store = store
        self.llm = llm
        self.configuration = configuration
        self.prompts = PromptRegistry(store: store)
        self.tiers = TieredDecision(telemetry: telemetry, logger: logger, now: now)
        self.now = now
    }

    /// Writes and stores the synthesis of a stored report.
    public func synthesize(_ reportID: Identifier<StoredReport>, in workspaceID: Identifier<Workspace>) async throws -> InsightSynthesis {
        let (_, report) = try await MessagePerformanceReports(store: store).report(reportID, in: workspaceID)
        let synthesis = try await write(report, question: nil, in: workspaceID)
        try await store.saveSynthesis(try Self.json(synthesis), reportID: reportID, in: workspaceID)
        return synthesis
    }

    /// Answers a question from a stored report and its sample only (not stored).
    public func ask(_ question: String, about reportID: Identifier<StoredReport>, in workspaceID: Identifier<Workspace>) async throws
        -> InsightSynthesis
    {
        let question = question.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (3...500).contains(question.count) else { throw AppError.invalid("question: 3 to 500 characters") }
        let (_, report) = try await MessagePerformanceReports(store: store).report(reportID, in: workspaceID)
        return try await write(report, question: question, in: workspaceID)
    }

    private func write(_ report: MessagePerformanceReport, question: String?, in workspaceID: Identifier<Workspace>) async throws
        -> InsightSynthesis
    {
        let key = question == nil ? BuiltinPrompts.insightsSynthesis.key : BuiltinPrompts.insightsAsk.key
        let template = try await prompts.resolve(key, for: workspaceID)
        let context = template.stamp(LLMCallContext(workspaceID: workspaceID, featureID: question == nil ? "insights.synthesis" : "insights.ask"))
        let model = try await InsightsModel.resolve(llm: llm, configuration: configuration, store: store, in: workspaceID)
        let modelTier: (() async throws -> InsightSynthesis?)? = model.map { model in
            { try await self.modelTier(report, question: question, template: template, context: context, model: model) }
        }
        let (synthesis, source) = try await tiers.run(context, model: modelTier) { _ in
            if let question {
                let answer = StatisticalFindings.answer(question, report: report)
                return InsightSynthesis(source: .rules, question: question, answer: answer.answer, findings: answer.findings, createdAt: now())
            }
            return InsightSynthesis(source: .rules, findings: StatisticalFindings.findings(report), createdAt: now())
        }
        var result = synthesis
        result.source = source
        return result
    }

    private func modelTier(
        _ report: MessagePerformanceReport, question: String?, template: PromptRegistry.Resolved, context: LLMCallContext, model: InsightsModel
    ) async throws -> InsightSynthesis? {
        var tables = report
        tables.sample = .init(messages: [], limitPerGroup: report.sample.limitPerGroup, dropped: report.sample.dropped)
        let sample = report.sample.messages.map {
            "\($0.id) | \($0.sender.rawValue) | \($0.channel.rawValue) | \($0.outcome.rawValue) | \($0.snippet.replacingOccurrences(of: "\n", with: " "))"
        }
        let values = [
            "report": String(decoding: try tables.canonicalJSON(), as: UTF8.self),
            "sample": sample.isEmpty ? "(no sample messages)" : sample.joined(separator: "\n"),
            "question": question ?? "",
        ]
        let answer = try await model.llm.generateStructured(
            LLMRequest(
                model: model.name, messages: template.messages(values), reasoningEffort: model.effort, temperature: Self.temperature,
                maxOutputTokens: model.outputBudget(answerTokens: 1_500), deadline: now().addingTimeInterval(60), context: context),
            schema: Self.schema(answering: question != nil))
        var findings: [InsightFinding] = []
        var dropped: [String: Int] = [:]
        for item in answer.value.field("findings")?.arrayValue ?? [] {
            guard let finding = Self.finding(item) else {
                dropped["malformed", default: 0] += 1
                continue
            }
            if let problem = finding.problem(in: report) { dropped[problem.rawValue, default: 0] += 1 } else { findings.append(finding) }
        }
        // A synthesis with nothing that survived validation says nothing: the rules tier answers.
        if findings.isEmpty, question == nil { return nil }
        return InsightSynthesis(
            source: .llm, model: model.name, temperature: Self.temperature, promptKey: template.template.key, promptRevision: template.revision,
            question: question, answer: answer.value.field("answer")?.textValue, findings: findings,
            dropped: dropped.values.reduce(0, +), droppedReasons: dropped, createdAt: now())
    }

    /// Sorted keys, ISO 8601 dates: how a synthesis is stored.
    public static func json(_ synthesis: InsightSynthesis) throws -> String {
        String(decoding: try CanonicalJSON.encoder.encode(synthesis), as: UTF8.self)
    }

    public static func decode(_ text: String) throws -> InsightSynthesis {
        try CanonicalJSON.decoder.decode(InsightSynthesis.self, from: Data(text.utf8))
    }

    static func finding(_ item: JSONValue) -> InsightFinding? {
        guard let kind = item.field("kind")?.textValue.flatMap(InsightFinding.Kind.init(rawValue:)),
            let claim = item.field("claim")?.textValue,
            let table = item.field("table")?.textValue.flatMap(InsightFinding.Table.init(rawValue:)),
            let rate = item.field("booked_rate")?.numberValue
        else { return nil }
        let text = { (name: String) in item.field(name)?.textValue.flatMap { $0.isEmpty ? nil : $0 } }
        return InsightFinding(
            kind: kind, claim: claim, table: table, sender: text("sender").flatMap(SenderSegment.init(rawValue:)),
            channel: text("channel").flatMap(Channel.init(rawValue:)), key: text("key"), bookedRate: rate,
            evidence: (item.field("evidence")?.arrayValue ?? []).compactMap(\.textValue))
    }

    static func schema(answering: Bool) -> JSONSchema {
        let finding: JSONValue = [
            "type": "object", "additionalProperties": false,
            "required": ["kind", "claim", "table", "sender", "channel", "key", "booked_rate", "evidence"],
            "properties": [
                "kind": ["type": "string", "enum": .array(InsightFinding.Kind.allCases.map { .string($0.rawValue) })],
                "claim": ["type": "string", "description": "One sentence a sales manager can act on, with the numbers it rests on."],
                "table": ["type": "string", "enum": .array(InsightFinding.Table.allCases.map { .string($0.rawValue) })],
                "sender": ["type": "string", "description": "The row's sender exactly as in the report, or empty."],
                "channel": ["type": "string", "description": "The row's channel exactly as in the report, or empty."],
                "key": ["type": "string", "description": "The row's key exactly as in the report, or empty."],
                "booked_rate": ["type": "number", "description": "The row's bookedRate exactly as in the report."],
                "evidence": ["type": "array", "maxItems": 5, "items": ["type": "string"], "description": "Ids of sample messages."],
            ],
        ]
        var properties: [String: JSONValue] = ["findings": ["type": "array", "maxItems": 8, "items": finding]]
        var required: [JSONValue] = ["findings"]
        if answering {
            properties["answer"] = ["type": "string", "description": "The answer in two or three sentences."]
            required.insert("answer", at: 0)
        }
        return JSONSchema(
            name: answering ? "insights_answer" : "insights_synthesis",
            schema: ["type": "object", "additionalProperties": false, "required": .array(required), "properties": .object(properties)])
    }
}
