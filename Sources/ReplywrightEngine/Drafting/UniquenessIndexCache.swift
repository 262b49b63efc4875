import Foundation
import ReplywrightCore
import ReplywrightStore

/// Each workspace's near-duplicate index and voice profile, kept in memory and brought up to
/// date before each draft with only what was stored since the last look (by any node).
/// Fingerprints and voice features are computed once per text, so a lookup against 100,000
/// earlier texts costs a scan of packed SimHashes plus a few LSH buckets.
public actor UniquenessIndexCache {
    public struct Snapshot: Sendable {
        public var index: NearDuplicateIndex
        /// The team's voice: learned from messages setters sent and drafts they edited.
        public var voice: VoiceProfile
        /// Each dashboard user's own voice, from what they sent.
        public var voices: [Identifier<User>: VoiceProfile] = [:]
        /// The newest few setter-written texts, newest first: examples for the writer.
        public var examples: [String] = []

        static let exampleCount = 3
    }

    private struct Entry {
        var snapshot = Snapshot(index: NearDuplicateIndex(), voice: VoiceProfile())
        var watermark: Date?
        /// The texts stored at the watermark's instant: each refresh reads that instant again
        /// (a row committed later in the same millisecond is still taken in) and skips these.
        var atWatermark: Set<String> = []
    }

    /// Texts per workspace; past this the index is rebuilt from the newest ones.
    public let capacity: Int
    private var entries: [Identifier<Workspace>: Entry] = [:]

    public init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    /// The workspace's index and voice, including everything stored up to now.
    public func snapshot(for workspaceID: Identifier<Workspace>, store: any DraftStore) async throws -> Snapshot {
        let since = entries[workspaceID]?.watermark
        let fresh = try await store.outboundTexts(in: workspaceID, since: since, limit: capacity)
        // Another task may have refreshed meanwhile (actor reentrancy): build on the newest state.
        // Taken out of the dictionary so inserting does not copy the whole index (copy-on-write).
        var entry = entries.removeValue(forKey: workspaceID) ?? Entry()
        let watermark = entry.watermark ?? .distantPast
        let new =
            fresh
            .filter { $0.storedAt > watermark || ($0.storedAt == watermark && !entry.atWatermark.contains($0.text)) }
            .sorted { $0.storedAt < $1.storedAt }
        if entry.snapshot.index.count + new.count > capacity { entry = Entry() }
        for item in new.suffix(capacity) {
            entry.snapshot.index.insert(item.text)
            guard item.bySetter else { continue }
            entry.snapshot.voice.add(item.text)
            if let user = item.userID { entry.snapshot.voices[user, default: VoiceProfile()].add(item.text) }
            entry.snapshot.examples = Array(([item.text] + entry.snapshot.examples).prefix(Snapshot.exampleCount))
        }
        if let newest = new.last?.storedAt {
            if newest != entry.watermark { entry.atWatermark = [] }
            entry.watermark = newest
            entry.atWatermark.formUnion(new.filter { $0.storedAt == newest }.map(\.text))
        }
        entries[workspaceID] = entry
        return entry.snapshot
    }
}
