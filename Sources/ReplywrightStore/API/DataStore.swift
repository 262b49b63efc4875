import Foundation
import ReplywrightCore

/// Workspaces, users, memberships and API keys.
public protocol TenancyStore: Sendable {
    func createWorkspace(name: String) async throws -> Workspace
    /// Throws `not_found` for an unknown id.
    func workspace(_ id: Identifier<Workspace>) async throws -> Workspace
    func workspaces() async throws -> [Workspace]
    /// Throws `conflict` if the email is taken.
    func createUser(email: String, passwordHash: String) async throws -> User
    func user(email: String) async throws -> UserCredentials?
    /// How the user signs drafts; `not_found` for an unknown user.
    func senderProfile(of userID: Identifier<User>) async throws -> SenderProfile
    /// Validates and saves; `not_found` for an unknown user.
    func saveSenderProfile(_ profile: SenderProfile, of userID: Identifier<User>) async throws -> SenderProfile
    /// Throws `not_found` for an unknown user.
    func updatePasswordHash(userID: Identifier<User>, passwordHash: String) async throws
    /// Adds or changes a membership; throws `not_found` for an unknown workspace or user.
    func setMembership(_ membership: Membership) async throws
    /// The workspaces a user is a member of, with their role in each, by workspace name.
    func workspaceRoles(of userID: Identifier<User>) async throws -> [(workspace: Workspace, role: WorkspaceRole)]
    /// A workspace's members with their roles, by email; `offset` pages on.
    func members(of workspaceID: Identifier<Workspace>, limit: Int, offset: Int) async throws -> [(user: User, role: WorkspaceRole)]
    /// One member of a workspace with their role; `nil` when the user is not a member there.
    func member(_ userID: Identifier<User>, of workspaceID: Identifier<Workspace>) async throws -> (user: User, role: WorkspaceRole)?
    /// Every admin of a workspace (no paging: the last-admin rule must see them all).
    func adminIDs(of workspaceID: Identifier<Workspace>) async throws -> Set<Identifier<User>>
    /// Removes a user from a workspace and ends their sessions there; `not_found` if not a member.
    func removeMembership(userID: Identifier<User>, from workspaceID: Identifier<Workspace>) async throws
    /// Creates a key; the returned secret is the only copy that will ever exist.
    func issueAPIKey(for workspaceID: Identifier<Workspace>, name: String, role: WorkspaceRole) async throws -> IssuedAPIKey
    /// The key's record if the secret matches an unrevoked key, else `nil`.
    func authenticateAPIKey(secret: String) async throws -> APIKey?
    /// The workspace's keys, newest first (revoked ones too; never the secrets).
    func apiKeys(in workspaceID: Identifier<Workspace>) async throws -> [APIKey]
    /// Revokes a key of the workspace; `not_found` otherwise.
    func revokeAPIKey(_ id: Identifier<APIKey>, in workspaceID: Identifier<Workspace>) async throws

    /// A dashboard session for a user looking at a workspace; `not_found` for an unknown user.
    func createSession(userID: Identifier<User>, workspaceID: Identifier<Workspace>, ttl: Duration) async throws -> IssuedSession
    /// The live session for a cookie token (`nil` when unknown or expired) with its user's
    /// workspaces and roles (as `workspaceRoles(of:)`), in one read.
    func sessionWithWorkspaces(token: String, at now: Date)
        async throws -> (session: Session, workspaces: [(workspace: Workspace, role: WorkspaceRole)])?
    func setSessionWorkspace(token: String, workspaceID: Identifier<Workspace>) async throws
    func deleteSession(token: String) async throws
    /// Ends every session of the user but the one with `token` (after a password change); returns how many.
    func deleteOtherSessions(of userID: Identifier<User>, keeping token: String) async throws -> Int
    func purgeExpiredSessions(before cutoff: Date) async throws -> Int
}

extension DraftStore {
    public func review(_ id: Identifier<Draft>, in workspaceID: Identifier<Workspace>, action: Draft.ReviewAction, by sender: MessageSender)
        async throws -> Draft
    {
        try await review(id, in: workspaceID, action: action, by: sender, user: nil)
    }

    /// Drafts waiting for a human (pending, approved or edited), newest first; `offset` pages on.
    public func pendingDrafts(in workspaceID: Identifier<Workspace>, limit: Int, offset: Int = 0) async throws -> [DraftSummary] {
        try await draftSummaries(in: workspaceID, statuses: Draft.Status.waitingForReview, leadID: nil, limit: limit, offset: offset)
    }
}

extension TenancyStore {
    /// An admin key (the role every key had before roles existed).
    public func issueAPIKey(for workspaceID: Identifier<Workspace>, name: String) async throws -> IssuedAPIKey {
        try await issueAPIKey(for: workspaceID, name: name, role: .admin)
    }
}

/// A user with their password hash, for sign-in.
public struct UserCredentials: Sendable, Equatable {
    public var user: User
    public var passwordHash: String
}

/// Leads, always inside one workspace.
public protocol LeadStore: Sendable {
    /// Creates the lead or updates the known fields of the lead with the same email.
    func upsertLead(_ profile: LeadProfile, in workspaceID: Identifier<Workspace>) async throws -> Lead
    /// Throws `not_found` when the lead does not exist in this workspace.
    func lead(_ id: Identifier<Lead>, in workspaceID: Identifier<Workspace>) async throws -> Lead
    /// Most recently active first.
    func leads(in workspaceID: Identifier<Workspace>, limit: Int, offset: Int) async throws -> [Lead]
    /// Leads whose name, email or company contains `search` (any case; all when empty), most
    /// recently active first, with how many match in all.
    func leads(in workspaceID: Identifier<Workspace>, matching search: String, limit: Int, offset: Int)
        async throws -> (leads: [Lead], total: Int)
    /// The leads of this workspace among `ids` (others are left out), in one query.
    func leads(_ ids: [Identifier<Lead>], in workspaceID: Identifier<Workspace>) async throws -> [Lead]
}

/// Messages, always inside one workspace.
public protocol MessageStore: Sendable {
    /// Stores a message for a lead of this workspace. Idempotent on `externalID`: a second
    /// insert with the same external id returns the first message and `inserted == false`.
    func insertMessage(_ message: NewMessage, leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>)
        async throws -> (message: Message, inserted: Bool)
    func message(_ id: Identifier<Message>, in workspaceID: Identifier<Workspace>) async throws -> Message
    /// The conversation, oldest first; `not_found` when the lead is not in this workspace.
    func messages(leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>) async throws -> [Message]
}

/// The durable job queue.
public protocol JobQueue: Sendable {
    /// Enqueues a job; with an idempotency key already used, returns that job instead.
    func enqueue(_ job: NewJob) async throws -> (job: JobRecord, created: Bool)
    /// Leases up to `limit` ready jobs (queued and due) to `workerID` for `leaseDuration`, oldest
    /// first. Concurrent claimers never get the same job. Jobs whose lease expired come back
    /// through `recoverExpiredLeases()`.
    func claim(queue: String, limit: Int, workerID: String, leaseDuration: Duration) async throws -> [ClaimedJob]
    /// Extends a lease; `false` means the lease was lost and the work must stop.
    func heartbeat(_ lease: JobLease, leaseDuration: Duration) async throws -> Bool
    /// Records success for several jobs in one statement; returns the ids completed. A job
    /// missing from the result had lost its lease (another worker owns it).
    func complete(_ leases: [JobLease]) async throws -> Set<Identifier<JobRecord>>
    /// Records a failure: back to `queued` at `retryAt`, or `dead` when `retryAt` is nil.
    /// Returns the new state, or `nil` when the lease was lost.
    func fail(_ lease: JobLease, error: String, retryAt: Date?) async throws -> JobState?
    /// Running jobs whose lease expired (their worker died or hung): back to `queued` when
    /// attempts are left, else to the dead letters. Workers call it when idle and periodically.
    func recoverExpiredLeases() async throws -> ExpiredLeaseRecovery
    func job(_ id: Identifier<JobRecord>) async throws -> JobRecord?
    /// Tenant-scoped lookup: `not_found` unless the job belongs to the workspace.
    func job(_ id: Identifier<JobRecord>, in workspaceID: Identifier<Workspace>) async throws -> JobRecord
    func queueStats() async throws -> QueueStats
    /// Deletes succeeded jobs completed before `cutoff`, at most `limit`; returns how many.
    func purgeSucceededJobs(completedBefore cutoff: Date, limit: Int) async throws -> Int
}

extension JobQueue {
    /// Records success; `false` means the lease was lost (another worker owns the job).
    public func complete(_ lease: JobLease) async throws -> Bool {
        try await complete([lease]).contains(lease.jobID)
    }
}

/// AI telemetry rows (`AIInteractionRecorder`) and their queries.
public protocol AIInteractionStore: AIInteractionRecorder {
    /// Newest first, only this workspace's rows.
    func aiInteractions(in workspaceID: Identifier<Workspace>, matching query: AIInteractionQuery) async throws -> [AIInteraction]
    /// The numbers of the workspace's rows in `[since, until]`, newest first, at most `limit`,
    /// for the usage report (narrow rows: no metadata, no ids).
    func aiUsage(in workspaceID: Identifier<Workspace>, since: Date, until: Date, limit: Int) async throws -> [AIUsageRow]
}

/// Workspace overrides of prompt templates, as numbered revisions.
public protocol PromptStore: Sendable {
    /// Stores `template` as the next revision of its key for the workspace; `restoredFrom`
    /// marks a rollback to that revision (0 = the built-in template).
    func addPromptRevision(
        _ template: PromptTemplate, in workspaceID: Identifier<Workspace>, note: String?, createdBy: String?, restoredFrom: Int?
    ) async throws -> PromptRevision
    /// Newest first.
    func promptRevisions(key: String, in workspaceID: Identifier<Workspace>) async throws -> [PromptRevision]
    /// The newest revision of every key the workspace overrides, in one read.
    func activePromptRevisions(in workspaceID: Identifier<Workspace>) async throws -> [String: PromptRevision]
}

extension PromptStore {
    public func addPromptRevision(
        _ template: PromptTemplate, in workspaceID: Identifier<Workspace>, note: String?, createdBy: String?
    ) async throws -> PromptRevision {
        try await addPromptRevision(template, in: workspaceID, note: note, createdBy: createdBy, restoredFrom: nil)
    }
}

/// Drafts, always inside one workspace.
public protocol DraftStore: Sendable {
    /// Stores a draft. With a trigger message that already has a draft, stores nothing and
    /// returns the existing one with `inserted == false`: one trigger, one draft.
    func insertDraft(_ draft: Draft) async throws -> (draft: Draft, inserted: Bool)
    func draft(_ id: Identifier<Draft>, in workspaceID: Identifier<Workspace>) async throws -> Draft
    /// Applies a review action atomically; sending also stores the outbound message (sender
    /// `sender`, linked to the draft, and to `user` when a dashboard user sent it). `conflict`
    /// when the action does not fit the state.
    func review(
        _ id: Identifier<Draft>, in workspaceID: Identifier<Workspace>, action: Draft.ReviewAction, by sender: MessageSender,
        user: Identifier<User>?
    ) async throws -> Draft
    /// Stores new scores for a draft whose text a setter changed (only while it waits for review:
    /// `conflict` otherwise).
    func updateScores(_ id: Identifier<Draft>, scores: CandidateScores, combined: Double, in workspaceID: Identifier<Workspace>)
        async throws
    /// Drafts in one of `statuses` (of one lead when `leadID` is set), newest first, with their
    /// leads' names; `offset` pages on.
    func draftSummaries(
        in workspaceID: Identifier<Workspace>, statuses: Set<Draft.Status>, leadID: Identifier<Lead>?, limit: Int, offset: Int
    ) async throws -> [DraftSummary]
    /// The setter's inbox: `query`'s tab, search, filters and order, with the total matching.
    func inbox(_ query: InboxQuery, in workspaceID: Identifier<Workspace>) async throws -> InboxPage
    func draft(forTrigger messageID: Identifier<Message>, in workspaceID: Identifier<Workspace>) async throws -> Draft?
    /// Marks the lead's drafts still waiting for review (pending, approved, edited) `superseded`,
    /// except `keeping`; returns how many. One live draft per conversation.
    func supersedeWaitingDrafts(leadID: Identifier<Lead>, keeping: Identifier<Draft>?, in workspaceID: Identifier<Workspace>)
        async throws -> Int
    /// Newest first; `not_found` when the lead is not in this workspace.
    func drafts(leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>) async throws -> [Draft]
    /// Draft bodies and sent (outbound) message bodies of the workspace stored at or after
    /// `since` (all when `nil`), newest first, at most `limit` of each, with their storage time: what
    /// the uniqueness index compares against.
    /// `bySetter` marks messages a setter wrote, and sent drafts a setter edited (the voice
    /// profile learns from those; a draft sent as the AI wrote it is not the team's voice);
    /// `userID` is the dashboard user who sent it.
    func outboundTexts(in workspaceID: Identifier<Workspace>, since: Date?, limit: Int) async throws
        -> [(text: String, storedAt: Date, bySetter: Bool, userID: Identifier<User>?)]
    /// How often each archetype was used by the workspace's newest `limit` drafts.
    func archetypeUsage(in workspaceID: Identifier<Workspace>, limit: Int) async throws -> [String: Int]
    /// Records `archetypeIDs` as the plan for drafting `messageID` unless it already has one,
    /// and returns the plan that holds: the first attempt's choice survives retries.
    func planArchetypes(_ archetypeIDs: [String], forTrigger messageID: Identifier<Message>, in workspaceID: Identifier<Workspace>)
        async throws -> [String]
}

/// Knowledge assets and lead memory, always inside one workspace.
public protocol KnowledgeStore: Sendable {
    func createKnowledgeAsset(_ input: KnowledgeAssetInput, in workspaceID: Identifier<Workspace>) async throws -> KnowledgeAsset
    /// In priority order.
    func knowledgeAssets(in workspaceID: Identifier<Workspace>) async throws -> [KnowledgeAsset]
    func knowledgeAsset(_ id: Identifier<KnowledgeAsset>, in workspaceID: Identifier<Workspace>) async throws -> KnowledgeAsset
    func updateKnowledgeAsset(_ id: Identifier<KnowledgeAsset>, with input: KnowledgeAssetInput, in workspaceID: Identifier<Workspace>)
        async throws -> KnowledgeAsset
    func deleteKnowledgeAsset(_ id: Identifier<KnowledgeAsset>, in workspaceID: Identifier<Workspace>) async throws
    /// Entries not yet expired at `now`, newest first.
    func memory(leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>, at now: Date) async throws -> [LeadMemoryEntry]
}

/// The overseer loop's state (C3): lead memory beyond reading it, sending policy, decisions,
/// opt-outs, bookings, overseer edits to drafts and the delivery ledger.
public protocol OverseerStore: Sendable {
    /// Stores a memory entry for a lead of this workspace.
    func addMemory(
        leadID: Identifier<Lead>, category: String, text: String, detail: JSONValue?, expiresAt: Date, in workspaceID: Identifier<Workspace>
    ) async throws -> LeadMemoryEntry
    /// Changes an entry's text (admins); `not_found` outside the workspace.
    func updateMemory(_ id: Identifier<LeadMemoryEntry>, text: String, in workspaceID: Identifier<Workspace>) async throws -> LeadMemoryEntry
    func deleteMemory(_ id: Identifier<LeadMemoryEntry>, in workspaceID: Identifier<Workspace>) async throws
    /// Deletes entries (any workspace) expired at `cutoff`, at most `limit`; returns how many.
    func purgeExpiredMemory(before cutoff: Date, limit: Int) async throws -> Int

    /// The saved policy, or the defaults (auto-send off).
    func policySettings(in workspaceID: Identifier<Workspace>) async throws -> PolicySettings
    /// Validates and saves.
    func savePolicySettings(_ policy: PolicySettings, in workspaceID: Identifier<Workspace>) async throws -> PolicySettings
    /// The secret webhooks of this workspace must be signed with, if it set one.
    func webhookSecret(in workspaceID: Identifier<Workspace>) async throws -> String?
    /// Sets (or with `nil` removes) the webhook signing secret.
    func setWebhookSecret(_ secret: String?, in workspaceID: Identifier<Workspace>) async throws

    func recordDecisions(_ decisions: [OverseerDecision]) async throws
    /// Newest first.
    func decisions(leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>, limit: Int) async throws -> [OverseerDecision]

    func setOptedOut(_ leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>) async throws
    /// Stores the event and, when a lead of the workspace has its email, updates the lead's
    /// appointment (booked / rescheduled keep `bookedAt`; canceled clears it). A duplicate
    /// delivery (same provider, id and kind) changes nothing.
    func recordBooking(_ event: BookingEvent, in workspaceID: Identifier<Workspace>) async throws -> BookingRecord
    /// Newest first; `unmatchedOnly`: events whose email matched no lead.
    func bookingEvents(in workspaceID: Identifier<Workspace>, unmatchedOnly: Bool, limit: Int) async throws -> [StoredBookingEvent]

    /// The overseer's verdict on a pending draft: a revised body, or blocked (`nil`). A draft a
    /// human already acted on is left as it is and returned.
    func applyOverseer(_ draftID: Identifier<Draft>, body: String?, in workspaceID: Identifier<Workspace>) async throws -> Draft

    /// Starts a delivery attempt in the send ledger, or says why not (see `Delivery`).
    func beginDelivery(_ draftID: Identifier<Draft>, transport: String, in workspaceID: Identifier<Workspace>) async throws -> DeliveryStart
    func finishDelivery(_ draftID: Identifier<Draft>, outcome: Delivery.Outcome, in workspaceID: Identifier<Workspace>) async throws -> Delivery
    func delivery(for draftID: Identifier<Draft>, in workspaceID: Identifier<Workspace>) async throws -> Delivery?
}

extension OverseerStore {
    public func addMemory(
        leadID: Identifier<Lead>, category: String, text: String, expiresAt: Date, in workspaceID: Identifier<Workspace>
    ) async throws -> LeadMemoryEntry {
        try await addMemory(leadID: leadID, category: category, text: text, detail: nil, expiresAt: expiresAt, in: workspaceID)
    }
}

/// What storing a booking event did.
public struct BookingRecord: Sendable, Equatable {
    public var eventID: String
    /// The matched lead after the update; `nil`: no lead has that email (stored unmatched).
    public var lead: Lead?
    /// The same event was delivered before; nothing changed.
    public var duplicate: Bool
}

/// A booking event as stored.
public struct StoredBookingEvent: Sendable, Equatable {
    public var id: String
    public var event: BookingEvent
    public var leadID: Identifier<Lead>?
    public var receivedAt: Date
}

/// Whether a delivery attempt may go ahead.
public enum DeliveryStart: Sendable, Equatable {
    /// Recorded as `sending`: hand the message to the transport now.
    case send(Delivery)
    /// Already delivered, failed or unconfirmed: do not send.
    case settled(Delivery)
}

/// Per-workspace settings.
public protocol SettingsStore: Sendable {
    /// The workspace's saved drafting settings, `nil` until an admin saves some (the install's
    /// configuration applies then); `not_found` for an unknown workspace.
    func draftingSettings(in workspaceID: Identifier<Workspace>) async throws -> DraftingSettings?
    /// Validates and saves.
    func saveDraftingSettings(_ settings: DraftingSettings, in workspaceID: Identifier<Workspace>) async throws -> DraftingSettings
}

/// Follow-ups the conversation policy schedules (a durable job each), always inside one workspace.
public protocol FollowUpStore: Sendable {
    /// Stores the follow-up and enqueues its `followup.draft` job (due then) in one transaction;
    /// a second call for the same message returns the first follow-up.
    func scheduleFollowUp(
        leadID: Identifier<Lead>, messageID: Identifier<Message>, reason: FollowUp.Reason, dueAt: Date, in workspaceID: Identifier<Workspace>
    ) async throws -> FollowUp
    func followUp(_ id: Identifier<FollowUp>, in workspaceID: Identifier<Workspace>) async throws -> FollowUp
    /// Newest first.
    func followUps(leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>) async throws -> [FollowUp]
    /// Moves the lead's scheduled follow-ups to `cancelled` (they wrote again, or booked); returns how many.
    func cancelFollowUps(leadID: Identifier<Lead>, in workspaceID: Identifier<Workspace>) async throws -> Int
    /// A scheduled follow-up's end: `done` or `cancelled`. `false` when it was no longer scheduled.
    func finishFollowUp(_ id: Identifier<FollowUp>, as state: FollowUp.State, in workspaceID: Identifier<Workspace>) async throws -> Bool
}

/// Named, expiring leases: "only one node does this at a time" (the scheduler leader).
public protocol LeaseStore: Sendable {
    /// Takes or renews the lease if it is free, expired or already ours.
    func acquireLease(_ name: String, holder: String, ttl: Duration) async throws -> Bool
    func releaseLease(_ name: String, holder: String) async throws
}

/// Everything the product stores, with transactions across it.
public protocol DataStore: TenancyStore, LeadStore, MessageStore, JobQueue, LeaseStore, AIInteractionStore, PromptStore, DraftStore, KnowledgeStore, SettingsStore,
    OverseerStore, FollowUpStore, ImportStore, ReportStore, InsightsSettingsStore, EvalStore, ProposalStore, FormStore, FormSessionStore,
    ExperimentStore {
    var engine: DatabaseEngine { get }
    /// Runs `body` atomically: all of its writes commit together or none do.
    func transaction<T: Sendable>(_ body: (any DataStore) async throws -> T) async throws -> T
    /// A cheap round trip, for readiness checks.
    func ping() async throws
}
