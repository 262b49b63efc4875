import Foundation
import Logging
import ReplywrightCore
import ReplywrightStore

/// The weekly insights work (opt-in per workspace, slot Monday 06:00 UTC) and what the cron
/// endpoints run on demand: each call does at most `limit` workspaces and says what is left, so
/// a call never runs long. Idempotent per slot: a workspace's weekly report is written once.
public struct InsightsSchedule: Sendable {
    let store: any ReportStore & ProposalStore & InsightsSettingsStore
    public let analyst: InsightsAnalyst
    public let evals: EvalRunner
    let now: @Sendable () -> Date
    let logger: Logger

    public static let createdBy = "schedule"
    /// `REPLYWRIGHT_INSIGHTS_CRON_LIMIT`'s default: workspaces per call.
    public static let defaultLimit = 5

    public init(
        store: any ReportStore & ProposalStore & InsightsSettingsStore, analyst: InsightsAnalyst, evals: EvalRunner,
        logger: Logger = Logger(label: "replywright.insights"),
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.store = store
        self.analyst = analyst
        self.evals = evals
        self.now = now
        self.logger = logger
    }

    /// The schedule a drafting pipeline's model and configuration give.
    public init(
        store: any ReportStore & ProposalStore & InsightsSettingsStore & EvalStore & KnowledgeStore & PromptStore & SettingsStore,
        pipeline: DraftPipeline
    ) {
        self.init(
            store: store,
            analyst: InsightsAnalyst(store: store, llm: pipeline.llm, configuration: pipeline.configuration, telemetry: pipeline.telemetry),
            evals: EvalRunner(store: store, pipeline: pipeline, llm: pipeline.llm, configuration: pipeline.configuration))
    }

    /// What one call did.
    public struct Outcome: Sendable, Codable, Equatable {
        public struct Done: Sendable, Codable, Equatable {
            public var workspaceId: String
            public var reportId: String?
            public var evalRunId: String?
            public var error: String?
        }

        public var slot: Date
        public var done: [Done]
        /// Workspaces still due after this call.
        public var remaining: Int
    }

    /// The weekly report (and its synthesis) for opted-in workspaces that lack this slot's.
    public func runReports(limit: Int) async throws -> Outcome {
        let slot = WeeklySlot.latest(atOrBefore: now())
        let parameters = WeeklySlot.parameters(for: slot)
        let hash = MessagePerformanceReports.hash(parameters)
        var due: [Identifier<Workspace>] = []
        for workspaceID in try await store.weeklyInsightsWorkspaces() {
            let recent = try await store.reports(in: workspaceID, limit: 20)
            if !recent.contains(where: { $0.parametersHash == hash && $0.createdBy == Self.createdBy }) { due.append(workspaceID) }
        }
        var done: [Outcome.Done] = []
        for workspaceID in due.prefix(max(0, limit)) {
            do {
                let (stored, _) = try await MessagePerformanceReports(store: store).create(parameters, createdBy: Self.createdBy, in: workspaceID)
                _ = try await analyst.synthesize(stored.id, in: workspaceID)
                done.append(.init(workspaceId: workspaceID.rawValue, reportId: stored.id.rawValue))
            } catch {
                logger.error("weekly report failed", metadata: ["workspace": "\(workspaceID.rawValue)", "error_code": "\(EvalRunner.code(error))"])
                done.append(.init(workspaceId: workspaceID.rawValue, error: EvalRunner.code(error)))
            }
        }
        return Outcome(slot: slot, done: done, remaining: max(0, due.count - done.count))
    }

    /// Evals for pending proposals that have none yet (an admin's own proposals), across
    /// opted-in workspaces, at most `limit` per call.
    public func runEvals(limit: Int) async throws -> Outcome {
        let slot = WeeklySlot.latest(atOrBefore: now())
        var due: [(Identifier<Workspace>, Proposal)] = []
        for workspaceID in try await store.weeklyInsightsWorkspaces() {
            for proposal in try await store.proposals(in: workspaceID, state: .pending, limit: 50) where proposal.evalRunID == nil {
                due.append((workspaceID, proposal))
            }
        }
        var done: [Outcome.Done] = []
        for (workspaceID, proposal) in due.prefix(max(0, limit)) {
            do {
                let trial = try proposal.trial()
                let run = try await evals.run(trial, createdBy: Self.createdBy, in: workspaceID)
                var linked = proposal
                linked.evalRunID = run.id
                try await store.saveProposal(linked, from: .pending)
                done.append(.init(workspaceId: workspaceID.rawValue, evalRunId: run.id.rawValue))
            } catch {
                done.append(.init(workspaceId: workspaceID.rawValue, error: EvalRunner.code(error)))
            }
        }
        return Outcome(slot: slot, done: done, remaining: max(0, due.count - done.count))
    }
}
