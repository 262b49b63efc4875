import Foundation
import Hummingbird
import ReplywrightCore
import ReplywrightStore

/// For every dashboard page but the login: a live session (else to the login page), the
/// user's role in the session's workspace (super-admins are admins everywhere), and on every
/// POST the form's `_csrf` matching the session's token (else 403, nothing done).
struct DashboardAuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let store: any TenancyStore & SessionStore & PolicyStore
    let options: DashboardOptions
    let zones: WorkspaceZones

    /// The one field every dashboard form carries.
    struct CSRFField: Decodable {
        var _csrf: String?
    }

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
        let workspaceZone = try await zones.zone(of: session.workspaceID) {
            try await store.policySettings(in: session.workspaceID).zone
        }
        context.dashboard = DashboardUser(
            session: session, token: token, role: role, superAdmin: superAdmin,
            workspaces: superAdmin ? try await store.workspaces() : memberships.map(\.workspace),
            time: DashboardTime(zone: session.userTimeZone.flatMap(TimeZone.init(identifier:)) ?? workspaceZone),
            workspaceZone: workspaceZone)
        context.logger[metadataKey: "workspace_id"] = .string(session.workspaceID.rawValue)
        guard request.method == .post else { return try await next(request, context) }
        // The body is buffered on the request, so the handler decodes its own form from it.
        var request = request
        _ = try await request.collectBody(upTo: context.maxUploadSize)
        let field = try? await request.form(CSRFField.self, context: context)
        guard ConstantTime.equal(field?._csrf ?? "", session.csrfToken) else {
            return DashboardPage.message(
                status: .forbidden, heading: "This form has expired",
                text: "The page was open too long or came from somewhere else, so nothing was changed. Reload the page and try again.",
                back: request.headers[.referer] ?? "/drafts", user: context.dashboard)
        }
        return try await next(request, context)
    }

    static func toLogin(_ request: Request) -> Response {
        let next = request.method == .get ? request.uri.path : "/drafts"
        return DashboardPage.redirect("/login?next=\(DashboardPage.query(next))")
    }
}
