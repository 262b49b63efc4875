import Foundation
import Hummingbird
import ReplywrightCore
import ReplywrightStore

/// Logging in and out, and switching workspace.
struct LoginController {
    let store: any TenancyStore & SessionStore
    let options: DashboardOptions
    /// Failed logins per account and address (one throttle for the router's life).
    let logins: LoginThrottle?

    func register(public group: RouterGroup<AppRequestContext>, pages: RouterGroup<DashboardRequestContext>) {
        group.get("/login", use: loginPage)
        group.post("/login", use: login)
        pages.post("/logout", use: logout)
        pages.post("/workspace", use: switchWorkspace)
    }

    @Sendable func loginPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = PasswordGenerator.generate(length: 43)
        var response = DashboardPage.html("login", page: Page(loginCSRF: token, next: request.query("next") ?? "/drafts"), user: nil)
        response.setCookie(
            Cookie(
                name: DashboardCookies.loginCSRF, value: token, maxAge: 3600, path: "/login", secure: options.secureCookies,
                httpOnly: true, sameSite: .lax))
        return response
    }

    /// The login page (`login.mustache`): its own CSRF token (there is no session yet), where
    /// to go after, and on a refusal the email as typed and why.
    struct Page: Sendable {
        var loginCSRF, next: String
        var email = ""
        var problem: String?
    }

    struct LoginForm: Decodable {
        var _csrf: String?
        var email: String?
        var password: String?
        var next: String?
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await request.form(LoginForm.self, context: context)
        let expected = request.cookies[DashboardCookies.loginCSRF]?.value ?? ""
        guard !expected.isEmpty, ConstantTime.equal(form._csrf ?? "", expected) else {
            return DashboardPage.message(
                status: .forbidden, heading: "This form has expired",
                text: "Reload the login page and try again.", back: "/login", user: nil)
        }
        let email = form.email ?? ""
        let next = form.next.flatMap(Self.localPath) ?? "/drafts"
        func page(_ problem: String, _ status: HTTPResponse.Status) -> Response {
            DashboardPage.html("login", page: Page(loginCSRF: expected, next: next, email: email, problem: problem), status: status, user: nil)
        }
        func tooMany(_ seconds: Double) -> Response {
            let minutes = max(1, Int((seconds / 60).rounded(.up)))
            var response = page(
                "Too many failed logins for this account. Try again in \(minutes) minute\(minutes == 1 ? "" : "s").",
                .tooManyRequests)
            response.headers[.retryAfter] = String(max(1, Int(seconds.rounded(.up))))
            return response
        }
        let address = context.remoteAddress
        if let wait = logins?.wait(email: email, address: address) { return tooMany(wait) }
        guard let credentials = try await store.user(email: email),
            options.passwordHasher.verify(form.password ?? "", hash: credentials.passwordHash)
        else {
            if let wait = logins?.failed(email: email, address: address) { return tooMany(wait) }
            return page("That email and password do not match an account.", .unauthorized)
        }
        logins?.succeeded(email: email, address: address)
        let memberships = try await store.workspaceRoles(of: credentials.user.id)
        let superAdmin = options.superAdmins.contains(credentials.user.email)
        let anyWorkspace = superAdmin ? try await store.workspaces().first?.id : nil
        guard let workspaceID = memberships.first?.workspace.id ?? anyWorkspace else {
            return page("This account is not a member of any workspace yet.", .forbidden)
        }
        let issued = try await store.createSession(userID: credentials.user.id, workspaceID: workspaceID, ttl: options.sessionLifetime)
        return DashboardPage.redirect(
            next,
            cookies: [
                Cookie(
                    name: DashboardCookies.session, value: issued.token, maxAge: Int(options.sessionLifetime.timeInterval), path: "/",
                    secure: options.secureCookies, httpOnly: true, sameSite: .lax),
                Cookie(
                    name: DashboardCookies.loginCSRF, value: "", maxAge: 0, path: "/login", secure: options.secureCookies, httpOnly: true,
                    sameSite: .lax),
            ])
    }

    /// Only a path on this site (`/drafts`), never another host: `//evil.example` and
    /// `/\evil.example` are both read as hosts by browsers.
    static func localPath(_ text: String) -> String? {
        let characters = Array(text)
        guard characters.first == "/", characters.count == 1 || (characters[1] != "/" && characters[1] != "\\"),
            !text.contains(where: { $0.isNewline })
        else { return nil }
        return text
    }

    @Sendable func logout(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        try await store.deleteSession(token: context.user.token)
        return DashboardPage.redirect(
            "/login",
            cookies: [
                Cookie(name: DashboardCookies.session, value: "", maxAge: 0, path: "/", secure: options.secureCookies, httpOnly: true, sameSite: .lax)
            ])
    }

    struct WorkspaceForm: Decodable { var workspace: String? }

    @Sendable func switchWorkspace(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let form = try await request.form(WorkspaceForm.self, context: context)
        guard let target = form.workspace.map({ Identifier<Workspace>($0) }), context.user.workspaces.contains(where: { $0.id == target }) else {
            return DashboardPage.message(
                status: .notFound, heading: "No such workspace", text: "You are not a member of that workspace.",
                back: "/drafts", user: context.user)
        }
        try await store.setSessionWorkspace(token: context.user.token, workspaceID: target)
        return DashboardPage.redirect("/drafts")
    }
}
