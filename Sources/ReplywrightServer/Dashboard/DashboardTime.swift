import Foundation
import ReplywrightCore
import Synchronization

/// Times as the dashboard shows them: in the workspace's time zone, with its abbreviation
/// ("21 Nov 2026 18:42 CET"), never raw ISO.
struct DashboardTime: Sendable {
    let zone: TimeZone

    func format(_ date: Date) -> String {
        DashboardHTML.dateTime(date, in: zone) + " " + Self.abbreviation(zone, at: date)
    }

    /// "CET", "EST", or the offset ("GMT+5:30") where the zone has no letters in this locale.
    static func abbreviation(_ zone: TimeZone, at date: Date) -> String {
        zone.abbreviation(for: date) ?? "UTC"
    }

    /// `text` with every ISO 8601 instant in it ("2026-12-02T15:00:00.000Z", as overseer reasons
    /// carry them) written as this zone's time.
    func humanized(_ text: String) -> String {
        text.replacing(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})/) { match in
            ISO8601.parse(String(match.output.0)).map(format) ?? String(match.output.0)
        }
    }

    /// How long since `date`, in the largest unit that fits: "5 min", "3 h", "2 d".
    static func waited(since date: Date, now: Date) -> String {
        let minutes = max(0, Int(now.timeIntervalSince(date) / 60))
        if minutes < 60 { return "\(minutes) min" }
        if minutes < 48 * 60 { return "\(minutes / 60) h" }
        return "\(minutes / 1440) d"
    }

    /// A zone's name in words: "America/New York"; "UTC" for the zone Foundation calls "GMT"
    /// (what the settings' "UTC" reads back as).
    static func name(of zone: TimeZone) -> String {
        zone.identifier == "GMT" ? "UTC" : DashboardHTML.spaced(zone.identifier)
    }

    /// Every IANA zone for the settings' select, "Europe/Berlin (UTC+1)"; a stored zone that is
    /// not in the list stays selectable so that saving does not change it by accident.
    static func zoneChoices(selected: String) -> [DashboardPage.Option] {
        var identifiers = TimeZone.knownTimeZoneIdentifiers.sorted()
        if !identifiers.contains("UTC") { identifiers.insert("UTC", at: 0) }
        if !selected.isEmpty && !identifiers.contains(selected) { identifiers.insert(selected, at: 0) }
        let now = Date()
        return identifiers.map { id in
            let offset =
                TimeZone(identifier: id).map { zone -> String in
                    let seconds = zone.secondsFromGMT(for: now)
                    let sign = seconds < 0 ? "-" : "+"
                    let minutes = abs(seconds) / 60
                    return minutes == 0 ? "UTC" : "UTC\(sign)\(minutes / 60)" + (minutes % 60 == 0 ? "" : ":\(DashboardHTML.twoDigits(minutes % 60))")
                } ?? "unknown"
            return DashboardPage.Option(value: id, label: "\(DashboardHTML.spaced(id)) (\(offset))", selected: id == selected)
        }
    }
}

/// The workspaces' time zones, remembered for a few seconds so that a page costs no settings
/// read: a change made through the API or on another node shows within `ttl`; a save on this
/// node's settings page shows at once.
final class WorkspaceZones: Sendable {
    let ttl: TimeInterval
    private let entries = Mutex<[Identifier<Workspace>: (zone: TimeZone, until: Date)]>([:])

    init(ttl: TimeInterval = 5) { self.ttl = ttl }

    func zone(of workspaceID: Identifier<Workspace>, loading: () async throws -> TimeZone) async throws -> TimeZone {
        let now = Date()
        if let hit = entries.withLock({ $0[workspaceID] }), hit.until > now { return hit.zone }
        let zone = try await loading()
        entries.withLock { entries in
            if entries.count > 10_000 { entries = entries.filter { $0.value.until > now } }
            entries[workspaceID] = (zone, now.addingTimeInterval(ttl))
        }
        return zone
    }

    func forget(_ workspaceID: Identifier<Workspace>) {
        _ = entries.withLock { $0.removeValue(forKey: workspaceID) }
    }
}
