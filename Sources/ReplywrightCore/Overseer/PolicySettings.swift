import Foundation

/// A workspace's sending policy: auto-send (off by default) and its threshold, blocked
/// domains, the workspace's time zone and how long the overseer gate may take.
public struct PolicySettings: Sendable, Hashable, Codable {
    public var autoSend: Bool
    /// Confidence (0…1) a draft needs before it is sent without a human.
    public var autoSendThreshold: Double
    /// Lead email domains nothing is ever sent to (`example.com` also covers `mail.example.com`).
    public var blockedDomains: [String]
    /// IANA identifier; times without a zone are read in the lead's zone when known, else this.
    public var timeZone: String
    /// The overseer gate's budget; past it the gate fails closed (no auto-send).
    public var gateTimeoutSeconds: Int
    /// How meetings are offered (`booking.link`, `booking.hours`, `booking.slotMinutes`).
    public var booking: BookingSettings
    /// A lead who said no gets a short courteous close (default) or, off, no draft at all.
    public var closeNotInterested: Bool
    /// Away notices and "not now" schedule a follow-up (default); off, they just get none.
    public var scheduleFollowUps: Bool

    public init(
        autoSend: Bool = false, autoSendThreshold: Double = 0.85, blockedDomains: [String] = [], timeZone: String = "UTC",
        gateTimeoutSeconds: Int = 10, booking: BookingSettings = BookingSettings(), closeNotInterested: Bool = true,
        scheduleFollowUps: Bool = true
    ) {
        self.autoSend = autoSend
        self.autoSendThreshold = autoSendThreshold
        self.blockedDomains = blockedDomains
        self.timeZone = timeZone
        self.gateTimeoutSeconds = gateTimeoutSeconds
        self.booking = booking
        self.closeNotInterested = closeNotInterested
        self.scheduleFollowUps = scheduleFollowUps
    }

    /// Every field is optional on the wire; missing ones take the defaults.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = PolicySettings()
        autoSend = try container.decodeIfPresent(Bool.self, forKey: .autoSend) ?? defaults.autoSend
        autoSendThreshold = try container.decodeIfPresent(Double.self, forKey: .autoSendThreshold) ?? defaults.autoSendThreshold
        blockedDomains = try container.decodeIfPresent([String].self, forKey: .blockedDomains) ?? defaults.blockedDomains
        timeZone = try container.decodeIfPresent(String.self, forKey: .timeZone) ?? defaults.timeZone
        gateTimeoutSeconds = try container.decodeIfPresent(Int.self, forKey: .gateTimeoutSeconds) ?? defaults.gateTimeoutSeconds
        booking = try container.decodeIfPresent(BookingSettings.self, forKey: .booking) ?? defaults.booking
        closeNotInterested = try container.decodeIfPresent(Bool.self, forKey: .closeNotInterested) ?? defaults.closeNotInterested
        scheduleFollowUps = try container.decodeIfPresent(Bool.self, forKey: .scheduleFollowUps) ?? defaults.scheduleFollowUps
    }

    /// Checks every field; the error names the first bad one. Domains come back normalised.
    public func validated() throws(AppError) -> PolicySettings {
        guard (0...1).contains(autoSendThreshold) else { throw .invalid("autoSendThreshold: must be between 0 and 1") }
        guard TimeZone(identifier: timeZone) != nil else {
            throw .invalid("timeZone: '\(timeZone)' is not an IANA time zone (e.g. America/New_York)")
        }
        guard (1...120).contains(gateTimeoutSeconds) else { throw .invalid("gateTimeoutSeconds: must be 1...120") }
        guard blockedDomains.count <= 1000 else { throw .invalid("blockedDomains: at most 1000") }
        var result = self
        result.booking = try booking.validated()
        result.blockedDomains = try blockedDomains.map { (domain: String) throws(AppError) -> String in
            let normalized = domain.trimmingCharacters(in: .whitespaces).lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "@."))
            guard !normalized.isEmpty, normalized.contains("."), !normalized.contains(" "), !normalized.contains("@") else {
                throw .invalid("blockedDomains: '\(domain)' is not a domain (e.g. competitor.com)")
            }
            return normalized
        }
        return result
    }

    public var zone: TimeZone { TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")! }

    /// Whether `email`'s domain is blocked (the domain itself or any subdomain).
    public func blocks(email: String) -> Bool {
        guard let domain = email.lowercased().split(separator: "@").last.map(String.init) else { return false }
        return blockedDomains.contains { domain == $0 || domain.hasSuffix("." + $0) }
    }
}
