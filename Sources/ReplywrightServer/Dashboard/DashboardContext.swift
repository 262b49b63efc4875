import Foundation
import Hummingbird
import ReplywrightCore
import ReplywrightStore

/// Who is looking at the dashboard: their session, their role in the session's workspace,
/// and the workspaces they may switch to.
public struct DashboardUser: Sendable {
    public var session: Session
    /// The cookie's token (to switch workspace or log out).
    var token: String
    public var role: WorkspaceRole
    public var superAdmin: Bool
    var workspaces: [Workspace]
    /// Times in the user's own time zone, else the workspace's.
    var time: DashboardTime
    /// The workspace's time zone (meeting hours and follow-up dates are in it, whatever `time` is).
    var workspaceZone: TimeZone

    var isAdmin: Bool { role == .admin }
    var workspaceID: Identifier<Workspace> { session.workspaceID }
}

/// Dashboard settings that come from configuration.
public struct DashboardOptions: Sendable {
    /// Emails that may act as admin in every workspace.
    public var superAdmins: SuperAdminAllowList
    public var passwordHasher: any PasswordHasher
    /// Mark cookies `Secure` (set when the dashboard is served over TLS, directly or behind a proxy).
    public var secureCookies: Bool
    public var sessionLifetime: Duration

    public init(
        superAdmins: SuperAdminAllowList = SuperAdminAllowList([]), passwordHasher: any PasswordHasher = BcryptPasswordHasher(),
        secureCookies: Bool = false, sessionLifetime: Duration = .seconds(12 * 3600)
    ) {
        self.superAdmins = superAdmins
        self.passwordHasher = passwordHasher
        self.secureCookies = secureCookies
        self.sessionLifetime = sessionLifetime
    }
}

enum DashboardCookies {
    static let session = "rw_session"
    static let loginCSRF = "rw_login_csrf"
}

/// A context whose error pages can show the signed-in user's header (none on the login page).
protocol DashboardPageContext: RequestContext {
    var dashboardUser: DashboardUser? { get }
}

extension AppRequestContext: DashboardPageContext {
    var dashboardUser: DashboardUser? { dashboard }
}

/// The context of every dashboard page but the login: the signed-in user is not optional, so
/// a page cannot be written without the session's workspace (`DashboardAuthMiddleware` puts the
/// user on the parent context; building this context without one is refused).
public struct DashboardRequestContext: ChildRequestContext, DashboardPageContext {
    public var coreContext: CoreRequestContextStorage
    public let user: DashboardUser

    public init(context: AppRequestContext) throws {
        guard let user = context.dashboard else { throw AppError(.unauthorized, "log in first") }
        self.coreContext = context.coreContext
        self.user = user
    }

    public var maxUploadSize: Int { ServerLimits.maxBodyBytes }
    var dashboardUser: DashboardUser? { user }
    var workspaceID: Identifier<Workspace> { user.session.workspaceID }

    /// The user, when they are an admin here; otherwise the "Admins only" page and nothing done.
    func admin() throws -> DashboardUser {
        guard user.isAdmin else { throw DashboardRefusal.adminsOnly }
        return user
    }

    /// The super-admin, for the controls a workspace admin may not change.
    func superAdmin() throws -> DashboardUser {
        guard user.superAdmin else { throw DashboardRefusal.superAdminsOnly }
        return user
    }
}

/// Refusals the dashboard's error pages explain in words of their own.
enum DashboardRefusal: Error {
    case adminsOnly, superAdminsOnly
}

extension Request {
    /// A dashboard form post (`application/x-www-form-urlencoded`), decoded into `type`; a body
    /// the decoder cannot read is a 400 ("the form could not be read").
    func form<Form: Decodable>(_ type: Form.Type, context: some RequestContext) async throws -> Form {
        let body = try await body.collect(upTo: context.maxUploadSize)
        do {
            return try URLEncodedFormDecoder().decode(Form.self, from: String(buffer: body))
        } catch {
            throw AppError.invalid("the form could not be read; reload the page and try again")
        }
    }

    /// A query parameter as text (`nil` when absent), read the way a browser's GET form writes
    /// it: `+` is a space, `%2B` a plus (Hummingbird's `queryParameters` keeps `+`, so a search
    /// for "Dana Smith" looked for "Dana+Smith").
    func query(_ name: String) -> String? {
        guard let raw = uri.query else { return nil }
        func decoded(_ part: Substring) -> String {
            let spaced = String(decoding: part.utf8.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
            return spaced.removingPercentEncoding ?? spaced
        }
        for pair in raw.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if decoded(parts[0]) == name { return parts.count > 1 ? decoded(parts[1]) : "" }
        }
        return nil
    }
}
