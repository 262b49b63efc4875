import Foundation
import HTTPTypes
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

    var isAdmin: Bool { role == .admin }
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

/// For every dashboard page but the login: a live session (else to the login page), the
/// user's role in the session's workspace (super-admins are admins everywhere), and on every
/// POST the form's `_csrf` matching the session's token (else 403, nothing done).
struct DashboardAuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let store: any DataStore
    let options: DashboardOptions

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = request.cookies[DashboardCookies.session]?.value,
              let (session, memberships) = try await store.sessionWithWorkspaces(token: token, at: Date())
        else { return Self.toLogin(request) }
        let superAdmin = options.superAdmins.contains(session.email)
        // Super-admins are admins everywhere, also where they are a setter member.
        guard let role = superAdmin ? .admin : memberships.first(where: { $0.workspace.id == session.workspaceID })?.role else {
            try await store.deleteSession(token: token)
            return Self.toLogin(request)
        }
        var context = context
        context.dashboard = DashboardUser(
            session: session, token: token, role: role, superAdmin: superAdmin,
            workspaces: superAdmin ? try await store.workspaces() : memberships.map(\.workspace))
        guard request.method == .post else { return try await next(request, context) }
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        context.form = FormFields.parse(String(buffer: body))
        guard WebhookSignature.constantTimeEqual(context.form["_csrf"] ?? "", session.csrfToken) else {
            return DashboardPage.message(
                status: .forbidden, heading: "This form has expired",
                text: "The page was open too long or came from somewhere else, so nothing was changed. Reload the page and try again.",
                back: request.headers[.referer] ?? "/drafts", user: context.dashboard)
        }
        return try await next(request, context)
    }

    static func toLogin(_ request: Request) -> Response {
        let next = request.method == .get ? request.uri.path : "/drafts"
        return DashboardPage.redirect("/login?next=\(next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
    }
}

/// `application/x-www-form-urlencoded` fields (the last value of a repeated name wins).
enum FormFields {
    static func parse(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
            }
            guard let name = parts.first else { continue }
            fields[decode(name)] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }
}
