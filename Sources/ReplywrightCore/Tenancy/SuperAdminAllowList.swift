/// The configured super-admins: an exact, case-insensitive match on the whole email.
public struct SuperAdminAllowList: Sendable, Equatable {
    private let emails: Set<String>

    public init(_ emails: some Sequence<String>) {
        self.emails = Set(emails.map(EmailAddress.normalized).filter { !$0.isEmpty })
    }

    /// Parses a comma-separated list as found in configuration.
    public init(commaSeparated: String) {
        self.init(commaSeparated.split(separator: ",").map(String.init))
    }

    public func contains(_ email: String) -> Bool {
        emails.contains(EmailAddress.normalized(email))
    }

    public var count: Int { emails.count }
}
