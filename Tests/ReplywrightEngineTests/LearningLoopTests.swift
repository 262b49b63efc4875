import Foundation
import Metrics
import ReplywrightCore
import ReplywrightEngine
import ReplywrightLLM
import ReplywrightStore
import ReplywrightTesting
import Testing

/// Synthesis, evals and proposals, with the fake model server speaking the real wire format.
@Suite("Learning loop")
struct LearningLoopTests {
    static let t0 = Date(timeIntervalSince1970: 1_780_000_000)
    static func telemetry(_ store: SQLStore) -> AITelemetry { AITelemetry(recorder: store, metrics: NOOPMetricsHandler.instance) }

    /// 40 leads: setters book 10 of their 20, the approved AI 2 of its 20.
    static func history() -> String {
        var lines: [String] = []
        for index in 0..<40 {
            let email = "lead\(index)@clinic.example"
            let at = t0.addingTimeInterval(Double(index) * 3_600)
            let setter = index % 2 == 0
            let sender = setter ? #""sender": "setter""# : #""sender": "ai", "disposition": "APPROVED""#
            lines.append(
                #"{"type": "message", "id": "in\#(index)", "leadEmail": "\#(email)", "direction": "inbound", "channel": "email", "sender": "lead", "occurredAt": "\#(ISO8601.format(at))", "body": "How much is it?"}"#
            )
            lines.append(
                #"{"type": "message", "id": "out\#(index)", "leadEmail": "\#(email)", "direction": "outbound", "channel": "email", \#(sender), "occurredAt": "\#(ISO8601.format(at.addingTimeInterval(600)))", "body": "It is $349 a month. Tuesday?"}"#
            )
            if (setter && index % 4 == 0) || (!setter && index % 20 == 1) {
                lines.append(
                    #"{"type": "booking", "id": "b\#(index)", "leadEmail": "\#(email)", "status": "booked", "bookedAt": "\#(ISO8601.format(at.addingTimeInterval(86_400)))"}"#
                )
            }
        }
        return lines.joined(separator: "\n")
    }

    struct Lines: AsyncSequence {
        typealias Element = [UInt8]
        let text: String
        struct AsyncIterator: AsyncIteratorProtocol {
            var chunks: [[UInt8]]
            mutating func next() async -> [UInt8]? { chunks.isEmpty ? nil : chunks.removeFirst() }
        }
        // Odd-sized chunks: lines arrive split across them.
        func makeAsyncIterator() -> AsyncIterator {
            let bytes = Array(text.utf8)
            return AsyncIterator(chunks: stride(from: 0, to: bytes.count, by: 97).map { Array(bytes[$0..<Swift.min($0 + 97, bytes.count)]) })
        }
    }

    /// The report's synthesis with the fake model answering `answer`, and the server (its captured requests).
    static func synthesize(_ stored: StoredReport, answering answer: JSONValue, store: SQLStore, workspace: Workspace) async throws
        -> (InsightSynthesis, FakeOpenAIServer)
    {
        let server = FakeOpenAIServer()
        server.enqueue(.reply(String(decoding: try JSONEncoder().encode(answer), as: UTF8.self)))
        let synthesis = try await server.run { endpoint in
            try await InsightsAnalyst(
                store: store, llm: Fixtures.gateway(endpoint, recorder: store, logger: TestDatabases.logger),
                configuration: DraftingConfiguration(model: "gpt-4.1-mini"), telemetry: Self.telemetry(store)
            ).synthesize(stored.id, in: workspace.id)
        }
        return (synthesis, server)
    }

    static func report(_ store: SQLStore, _ workspace: Workspace) async throws -> (StoredReport, MessagePerformanceReport) {
        _ = try await HistoryImporter(store: store, batchSize: 7).run(Lines(text: history()), in: workspace.id)
        let parameters = AttributionParameters(from: t0, to: t0.addingTimeInterval(30 * 86_400), asOf: t0.addingTimeInterval(90 * 86_400))
        return try await MessagePerformanceReports(store: store).create(parameters, createdBy: "test", in: workspace.id)
    }

    @Test func rulesSynthesisStatesTheSignificantDifferenceWithEvidence() async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let (stored, report) = try await Self.report(store, workspace)
            #expect(report.bySender.map(\.booked) == [10, 2], "setters 10 of 20, the AI 2 of 20")
            let analyst = InsightsAnalyst(store: store, llm: nil, configuration: DraftingConfiguration(), telemetry: Self.telemetry(store))
            let synthesis = try await analyst.synthesize(stored.id, in: workspace.id)
            #expect(synthesis.source == .rules)
            let first = try #require(synthesis.findings.first)
            #expect(first.kind == .doesNotWork && first.sender == .aiApproved && first.bookedRate == 0.1)
            #expect(first.claim.contains("10.0 %") && first.claim.contains("50.0 %"), "\(first.claim)")
            #expect(!first.evidence.isEmpty && first.problem(in: report) == nil)
            let reread = try await store.report(stored.id, in: workspace.id)
            #expect(reread.synthesis.flatMap { try? InsightsAnalyst.decode($0) }?.findings == synthesis.findings, "stored with the report")

            let answer = try await analyst.ask("Do setters or the AI book more?", about: stored.id, in: workspace.id)
            #expect(answer.findings.first?.sender == .setter && answer.source == .rules)
        }
    }

    @Test func modelFindingsAreValidatedAgainstTheReport() async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let (stored, report) = try await Self.report(store, workspace)
            let evidence = try #require(report.sample.messages.first { $0.sender == .aiApproved && $0.outcome == .notBooked }).id
            func finding(_ rate: Double, _ ids: [String]) -> JSONValue {
                [
                    "kind": "does_not_work", "claim": "Approved AI replies book less.", "table": "bySender", "sender": "ai_approved", "channel": "",
                    "key": "", "booked_rate": .number(rate), "evidence": .array(ids.map { .string($0) }),
                ]
            }
            let answer: JSONValue = ["findings": [finding(0.1, [evidence]), finding(0.4, [evidence]), finding(0.1, ["made-up-id"])]]
            let (synthesis, server) = try await Self.synthesize(stored, answering: answer, store: store, workspace: workspace)
            #expect(synthesis.source == .llm && synthesis.model == "gpt-4.1-mini" && synthesis.temperature == 0.1)
            #expect(synthesis.findings.count == 1 && synthesis.findings[0].evidence == [evidence])
            #expect(synthesis.droppedReasons == ["number_mismatch": 1, "unknown_evidence": 1])
            let request = try #require(server.received.first { $0.path == "/v1/chat/completions" })
            #expect(request.body.field("temperature")?.numberValue == 0.1)
            let text = request.text
            #expect(text.contains("bySender") && text.contains(evidence), "the prompt carries the report and its sample")
            #expect(!text.contains("lead1@clinic.example"), "no lead email reaches the model")
        }
    }

    @Test func aSynthesisWithNothingThatChecksOutFallsBackToTheStatistics() async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            let (workspace, _) = try await Fixtures.workspace(store)
            let (stored, _) = try await Self.report(store, workspace)
            // Every finding cites a number the report does not state.
            let answer: JSONValue = [
                "findings": [
                    [
                        "kind": "works", "claim": "Setters book 90 %.", "table": "bySender", "sender": "setter", "channel": "", "key": "",
                        "booked_rate": 0.9, "evidence": [],
                    ]
                ]
            ]
            let (synthesis, _) = try await Self.synthesize(stored, answering: answer, store: store, workspace: workspace)
            #expect(synthesis.source == .fallback && synthesis.model == nil)
            #expect(synthesis.findings.first?.sender == .aiApproved, "the statistics' own finding, not the model's")
            let rows = try await store.aiInteractions(in: workspace.id, matching: AIInteractionQuery())
            #expect(rows.contains { $0.featureID == "insights.synthesis" && $0.source == .fallback }, "the fallback is recorded")
        }
    }

    /// A workspace with a decided inbound message: the lead asked about pricing long enough ago.
    static func evalWorkspace(_ store: SQLStore) async throws -> Workspace {
        let (workspace, inbound) = try await Fixtures.salesWorkspace(store)
        _ = try await InboundIngestor(store: store).ingest(inbound, in: workspace.id)
        return workspace
    }

    static let later = { @Sendable in Date(timeIntervalSince1970: 1_800_000_000 + 40 * 86_400) }

    @Test func aJudgeThatAlwaysPrefersPositionAYieldsOnlyTies() async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            let workspace = try await Self.evalWorkspace(store)
            _ = try await store.saveInsightsSettings(InsightsSettings(model: "gpt-4.1-mini"), in: workspace.id)
            let server = FakeOpenAIServer()
            let direct = #"{"pass": true, "score": 7, "reason": "fine"}"#
            server.enqueue(
                .reply(direct), .reply(direct), .reply(#"{"winner": "A", "reason": "first"}"#), .reply(#"{"winner": "A", "reason": "first"}"#))
            let run = try await server.run { endpoint in
                let rules = DraftPipeline(
                    store: store, llm: nil, telemetry: Self.telemetry(store), configuration: DraftingConfiguration(), now: Self.later)
                return try await EvalRunner(
                    store: store, pipeline: rules, llm: Fixtures.gateway(endpoint, recorder: store, logger: TestDatabases.logger),
                    configuration: DraftingConfiguration(), now: Self.later
                ).run(
                    DraftTrial(prompt: PromptTemplate(key: "draft.variant.email", version: 0, system: "Be brief.", user: "{{inbound}}")),
                    createdBy: "test", in: workspace.id)
            }
            #expect(run.judge == .llm && run.state == .completed)
            #expect(run.summary.items == 1 && run.summary.winRate.ties == 1 && run.summary.winRate.rate == 0.5)
            #expect(!run.summary.candidateBetter)
            let pairwise = server.received.filter { $0.text.contains("Reply A:") }
            #expect(pairwise.count == 2, "judged in both orders")
            let items = try await store.evalItems(runID: run.id, in: workspace.id)
            #expect(items.first?.votes == [.first, .first] && items.first?.verdict == .tie)
            #expect(
                try await store.drafts(
                    leadID: try #require(try await store.lead(email: "maya@brightline.example", in: workspace.id)).id, in: workspace.id
                ).count == 0,
                "an eval's drafts are never stored")
        }
    }

    @Test func aLostVerdictIsDroppedAndCounted() async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            let workspace = try await Self.evalWorkspace(store)
            _ = try await store.saveInsightsSettings(InsightsSettings(model: "gpt-4.1-mini"), in: workspace.id)
            let server = FakeOpenAIServer()
            server.enqueue(.status(400, message: "bad request"))
            let run = try await server.run { endpoint in
                let rules = DraftPipeline(
                    store: store, llm: nil, telemetry: Self.telemetry(store), configuration: DraftingConfiguration(), now: Self.later)
                return try await EvalRunner(
                    store: store, pipeline: rules, llm: Fixtures.gateway(endpoint, recorder: store, logger: TestDatabases.logger),
                    configuration: DraftingConfiguration(), now: Self.later
                ).run(
                    DraftTrial(prompt: PromptTemplate(key: "draft.variant.email", version: 0, system: "Be brief.", user: "{{inbound}}")),
                    createdBy: "test", in: workspace.id)
            }
            #expect(run.summary.verdictErrors == 1 && run.summary.winRate.judged == 0 && run.summary.winRate.rate == nil)
        }
    }

    @Test func rulesJudgeComparesKnowledgeChangesAndPromptChangesTie() async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            let workspace = try await Self.evalWorkspace(store)
            let rules = DraftPipeline(
                store: store, llm: nil, telemetry: Self.telemetry(store), configuration: DraftingConfiguration(), now: Self.later)
            let runner = EvalRunner(store: store, pipeline: rules, llm: nil, configuration: DraftingConfiguration(), now: Self.later)
            let prompt = try await runner.run(
                DraftTrial(prompt: PromptTemplate(key: "draft.variant.email", version: 0, system: "Be brief.", user: "{{inbound}}")),
                createdBy: "test", in: workspace.id)
            #expect(prompt.judge == .rules && prompt.summary.winRate.ties == 1, "the rules tier renders no prompt: the drafts are the same")
            let assets = try await store.knowledgeAssets(in: workspace.id)
            let integrations = try #require(assets.first { $0.title == "Integrations" })
            let knowledge = try await runner.run(
                DraftTrial(
                    knowledge: .init(
                        assetID: integrations.id.rawValue,
                        input: KnowledgeAssetInput(
                            kind: .faq, title: "Integrations",
                            content: "We integrate natively with HubSpot, Salesforce and Pipedrive; setup takes five minutes."))),
                createdBy: "test", in: workspace.id)
            let item = try #require(try await store.evalItems(runID: knowledge.id, in: workspace.id).first)
            #expect(
                item.candidateText.contains("Pipedrive") && !item.currentText.contains("Pipedrive"), "the candidate's knowledge reached its draft")
            #expect(item.currentScore != nil && item.verdict != nil)
            #expect(try await store.knowledgeAsset(integrations.id, in: workspace.id).content == integrations.content, "an eval changes nothing")
            await #expect(throws: AppError.self) {
                _ = try await runner.run(DraftTrial(), createdBy: "test", in: workspace.id)
            }
        }
    }

    @Test func proposalsNeedAnAdminThenASuperAdminAndCanBeRolledBack() async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            let (workspace, ingested) = try await DraftPromptTests.seeded(store)
            let service = ProposalService(store: store)
            let admin = Proposal.Actor(name: "ada@acme.example", isAdmin: true, isSuperAdmin: false)
            let setter = Proposal.Actor(name: "sam@acme.example", isAdmin: false, isSuperAdmin: false)
            let root = Proposal.Actor(name: "root@acme.example", isAdmin: false, isSuperAdmin: true)
            let override = PromptTemplate(key: "draft.variant.email", version: 0, system: "PROPOSED: write as {{sender_name}}.", user: "{{inbound}}")
            let proposal = try await service.create(
                DraftTrial(prompt: override), rationale: "shorter replies book more", by: admin.name, in: workspace.id)
            #expect(proposal.state == .pending && proposal.target == "draft.variant.email")
            #expect(
                try await PromptRegistry(store: store).resolve("draft.variant.email", for: workspace.id).revision == 0,
                "nothing changes before it is applied")
            await #expect(throws: AppError(.forbidden, "only a workspace admin may approve or reject a proposal")) {
                _ = try await service.move(proposal.id, to: .approved, by: setter, in: workspace.id)
            }
            await #expect(throws: AppError(.conflict, "a proposal must be approved before it is applied")) {
                _ = try await service.move(proposal.id, to: .applied, by: root, in: workspace.id)
            }
            _ = try await service.move(proposal.id, to: .approved, by: admin, in: workspace.id)
            await #expect(throws: AppError(.forbidden, "only a super-admin may apply a proposal")) {
                _ = try await service.move(proposal.id, to: .applied, by: admin, in: workspace.id)
            }
            let applied = try await service.move(proposal.id, to: .applied, by: root, note: "ship it", in: workspace.id)
            #expect(applied.state == .applied && applied.appliedRevision == 1)
            #expect(
                applied.history.map(\.state) == [.pending, .approved, .applied] && applied.history.map(\.by) == [admin.name, admin.name, root.name])
            await #expect(throws: AppError.self) { _ = try await service.move(proposal.id, to: .rejected, by: root, in: workspace.id) }

            // Roll back to the built-in: the next draft sends the built-in text again.
            _ = try await PromptRegistry(store: store).rollback(key: "draft.variant.email", to: 0, in: workspace.id, by: root.name)
            let server = FakeOpenAIServer()
            server.enqueue(.reply(Fixtures.strategy()), .reply(DraftPromptTests.reply), .reply(DraftPromptTests.reply))
            _ = try await server.run { endpoint in
                try await DraftPromptTests.pipeline(store, endpoint).draft(
                    replyingTo: ingested.messageID, in: workspace.id, logger: TestDatabases.logger)
            }
            let variants = server.received.filter { $0.path == "/v1/chat/completions" }.dropFirst().map(DraftPromptTests.prompt)
            #expect(!variants.isEmpty && variants.allSatisfy { !$0.contains("PROPOSED") && $0.contains("Answer every question the lead asked") })
        }
    }

    @Test func knowledgeProposalKeepsTheOriginalAsRevisionOne() async throws {
        try await TestDatabases.withStore(.sqlite) { store in
            let (workspace, _) = try await Fixtures.salesWorkspace(store)
            let pricing = try #require(try await store.knowledgeAssets(in: workspace.id).first { $0.title == "Pricing" })
            let service = ProposalService(store: store)
            let root = Proposal.Actor(name: "root", isAdmin: true, isSuperAdmin: true)
            let change = DraftTrial(
                knowledge: .init(
                    assetID: pricing.id.rawValue,
                    input: KnowledgeAssetInput(
                        kind: .pricing, title: "Pricing", content: "Replywright Pro costs $299 per month for up to 5 seats.")))
            let proposal = try await service.create(change, rationale: "new price", by: "root", in: workspace.id)
            _ = try await service.move(proposal.id, to: .approved, by: root, in: workspace.id)
            let applied = try await service.move(proposal.id, to: .applied, by: root, in: workspace.id)
            #expect(applied.appliedRevision == 2)
            #expect(try await store.knowledgeAsset(pricing.id, in: workspace.id).content.contains("$299"))
            let restored = try await service.rollbackKnowledge(assetID: pricing.id.rawValue, to: 1, by: "root", in: workspace.id)
            #expect(restored.revision == 3 && restored.restoredFrom == 1)
            #expect(try await store.knowledgeAsset(pricing.id, in: workspace.id).content == Fixtures.pricingFact)
            #expect(try await store.knowledgeRevisions(assetID: pricing.id.rawValue, in: workspace.id).map(\.revision) == [3, 2, 1])

            // A proposal that adds an asset: applying creates it and names it; revision 1 deletes it again.
            let added = try await service.create(
                DraftTrial(
                    knowledge: .init(assetID: nil, input: KnowledgeAssetInput(kind: .faq, title: "Languages", content: "We support 14 languages."))),
                rationale: "asked often", by: "root", in: workspace.id)
            #expect(added.target == "new")
            _ = try await service.move(added.id, to: .approved, by: root, in: workspace.id)
            let created = try await service.move(added.id, to: .applied, by: root, in: workspace.id)
            #expect(created.target != "new" && created.appliedRevision == 2)
            #expect(try await store.proposal(added.id, in: workspace.id).target == created.target, "stored")
            #expect(try await store.knowledgeAsset(Identifier(created.target), in: workspace.id).title == "Languages")
            _ = try await service.rollbackKnowledge(assetID: created.target, to: 1, by: "root", in: workspace.id)
            #expect(try await store.knowledgeAssets(in: workspace.id).allSatisfy { $0.title != "Languages" })
        }
    }
}
