/// Picks the archetypes for a draft's candidates: deterministic for the same lead, trigger
/// message and attempt; never one of the lead's last three; least-used in the workspace first.
public enum ArchetypeSelector {
    /// - Parameters:
    ///   - count: candidates wanted (at most the number allowed).
    ///   - seed: what makes the choice reproducible: lead id, trigger message id, attempt.
    ///   - allowed: the workspace's allow-list, in catalogue order.
    ///   - recentForLead: ids of the lead's recent archetypes, newest first (the first 3 are avoided).
    ///   - usage: how often the workspace has used each archetype lately.
    public static func select(
        count: Int, seed: (lead: String, trigger: String, attempt: Int), allowed: [Archetype], recentForLead: [String],
        usage: [String: Int]
    ) -> [Archetype] {
        let avoided = Set(recentForLead.prefix(3))
        let seedHash = StableHash.fnv1a("\(seed.lead)|\(seed.trigger)|\(seed.attempt)")
        func rank(_ archetype: Archetype) -> (Int, Int, UInt64) {
            (avoided.contains(archetype.id) ? 1 : 0, usage[archetype.id] ?? 0, StableHash.mix(seedHash ^ StableHash.fnv1a(archetype.id)))
        }
        // Avoided ones go last rather than away, so a short allow-list still fills `count`.
        return Array(allowed.sorted { rank($0) < rank($1) }.prefix(max(0, count)))
    }
}
