import Foundation
import ReplywrightCore

/// The database itself: which engine, and a round trip for readiness checks.
public protocol StoreConnection: Sendable {
    var engine: DatabaseEngine { get }
    /// A cheap round trip, for readiness checks.
    func ping() async throws
}

/// Everything the product stores, with transactions across it.
/// Consumers take the narrowest composition of the per-concept protocols they use (`any
/// LeadStore & MessageStore`); `any DataStore` is for code that needs `transaction` across concepts.
public protocol DataStore: TenancyStore, SessionStore, LeadStore, MessageStore, JobQueue, LeaseStore, AIInteractionStore, PromptStore,
    DraftStore, KnowledgeStore, MemoryStore, PolicyStore, WebhookSecretStore, DecisionStore, BookingStore, DeliveryStore, SettingsStore,
    FollowUpStore, ImportStore, ReportStore, InsightsSettingsStore, EvalStore, ProposalStore, FormStore, FormSessionStore, ExperimentStore,
    SlotHoldStore,
    StoreConnection
{
    /// Runs `body` atomically: all of its writes commit together or none do.
    func transaction<T: Sendable>(_ body: (any DataStore) async throws -> T) async throws -> T
}
