import Foundation
import HTTPTypes
import Hummingbird
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

/// Settings → Users (admins): the workspace's members, adding people (a new account gets a
/// generated password shown once), changing roles, removing people. And for everyone: their own
/// password.
extension DashboardRoutes {
    func registerUsers(on pages: RouterGroup<AppRequestContext>) {
        pages.get("/settings/users", use: usersPage)
        pages.post("/settings/users", use: addUser)
        pages.post("/settings/users/:id/role", use: changeRole)
        pages.post("/settings/users/:id/remove", use: removeUser)
        pages.get("/account/password", use: passwordPage)
        pages.post("/account/password", use: changePassword)
    }

    @Sendable func usersPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await asAdmin(context) { user in
            try await renderUsers(user, page: request.uri.queryParameters["page"].flatMap { Int($0) } ?? 1,
                                  notice: request.uri.queryParameters["notice"].map(String.init))
        }
    }

    func renderUsers(_ user: DashboardUser, page: Int = 1, notice: String? = nil, problem: String? = nil,
                     added: (email: String, password: String)? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let page = max(1, page)
        let members = try await store.members(of: user.session.workspaceID, limit: Self.pageSize + 1, offset: (page - 1) * Self.pageSize)
        var values: [String: Any] = [
            "csrf": user.session.csrfToken,
            "members": members.prefix(Self.pageSize).map { member -> [String: Any] in
                ["id": member.user.id.rawValue, "email": member.user.email, "role": member.role.rawValue,
                 "added": DashboardPage.when(member.user.createdAt), "you": member.user.id == user.session.userID,
                 "roles": WorkspaceRole.allCases.map { ["value": $0.rawValue, "selected": $0 == member.role] }]
            },
        ]
        if page > 1 { values["previousPage"] = page - 1 }
        if members.count > Self.pageSize { values["nextPage"] = page + 1 }
        values["notice"] = notice
        values["problem"] = problem
        if let added {
            values["addedEmail"] = added.email
            values["addedPassword"] = added.password
        }
        return DashboardPage.html("users", values, status: status, user: user)
    }

    @Sendable func addUser(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await asAdmin(context) { user in
            let email = (context.form["email"] ?? "").trimmingCharacters(in: .whitespaces)
            guard let role = context.form["role"].flatMap(WorkspaceRole.init(rawValue:)) else {
                return try await renderUsers(user, problem: "Choose a role: setter or admin.", status: .badRequest)
            }
            guard EmailAddress.isValid(email) else {
                return try await renderUsers(user, problem: "That is not an email address.", status: .badRequest)
            }
            let added = try await WorkspaceMembers(store: store, passwordHasher: options.passwordHasher)
                .add(email: email, role: role, to: user.session.workspaceID)
            guard let password = added.generatedPassword else {
                return try await renderUsers(user, notice: "\(added.user.email) already had an account and is now a \(role.rawValue) here.")
            }
            return try await renderUsers(user, notice: "Account created. Pass the password on privately: it is not shown again.",
                                         added: (added.user.email, password))
        }
    }

    @Sendable func changeRole(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await asAdmin(context) { user in
            let target = Identifier<User>(try context.parameters.require("id"))
            guard target != user.session.userID else {
                return try await renderUsers(user, problem: "You cannot change your own role; ask another admin.", status: .conflict)
            }
            guard let role = context.form["role"].flatMap(WorkspaceRole.init(rawValue:)) else {
                return try await renderUsers(user, problem: "Choose a role: setter or admin.", status: .badRequest)
            }
            guard try await isMember(target, of: user.session.workspaceID) else { return noSuchMember(user) }
            try await store.setMembership(Membership(workspaceID: user.session.workspaceID, userID: target, role: role))
            return DashboardPage.redirect("/settings/users?notice=Role+changed.")
        }
    }

    @Sendable func removeUser(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await asAdmin(context) { user in
            let target = Identifier<User>(try context.parameters.require("id"))
            guard target != user.session.userID else {
                return try await renderUsers(user, problem: "You cannot remove yourself; ask another admin.", status: .conflict)
            }
            do {
                try await store.removeMembership(userID: target, from: user.session.workspaceID)
            } catch let error as AppError where error.code == .notFound {
                return noSuchMember(user)
            }
            return DashboardPage.redirect("/settings/users?notice=Removed+from+this+workspace.")
        }
    }

    /// Membership in *this* workspace: an admin elsewhere cannot reach people through an id.
    func isMember(_ userID: Identifier<User>, of workspaceID: Identifier<Workspace>) async throws -> Bool {
        try await store.workspaceRoles(of: userID).contains { $0.workspace.id == workspaceID }
    }

    func noSuchMember(_ user: DashboardUser) -> Response {
        DashboardPage.message(status: .notFound, heading: "No such member", text: "That person is not a member of this workspace.",
                              back: "/settings/users", user: user)
    }

    // MARK: - Own password

    @Sendable func passwordPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await renderPassword(try requireUser(context), notice: request.uri.queryParameters["notice"].map(String.init))
    }

    /// Your account: the password form and how your drafts are signed (`typedProfile` keeps
    /// what was typed when saving it failed).
    func renderPassword(
        _ user: DashboardUser, notice: String? = nil, problem: String? = nil, typedProfile: (String?, String?)? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let profile = try await store.senderProfile(of: user.session.userID)
        var values: [String: Any] = [
            "csrf": user.session.csrfToken, "displayName": typedProfile?.0 ?? profile.displayName ?? "",
            "signature": typedProfile?.1 ?? profile.signature ?? "",
        ]
        values["notice"] = notice
        values["problem"] = problem
        return DashboardPage.html("password", values, status: status, user: user)
    }

    @Sendable func changePassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requireUser(context)
        func problem(_ text: String, _ status: HTTPResponse.Status) async throws -> Response {
            try await renderPassword(user, problem: text, status: status)
        }
        guard let credentials = try await store.user(email: user.session.email),
              options.passwordHasher.verify(context.form["current"] ?? "", hash: credentials.passwordHash)
        else { return try await problem("Your current password is not right.", .forbidden) }
        let new = context.form["new"] ?? ""
        guard new == context.form["repeat"] else { return try await problem("The two new passwords differ.", .badRequest) }
        do {
            try PasswordRules.validate(new)
        } catch {
            return try await problem("The new \(error.message).", .badRequest)
        }
        try await store.updatePasswordHash(userID: user.session.userID, passwordHash: options.passwordHasher.hash(new))
        // Whoever else held a session (another browser, a stolen cookie) is logged out.
        let ended = try await store.deleteOtherSessions(of: user.session.userID, keeping: user.token)
        let notice = ended == 0 ? "Password changed." : "Password changed. Your \(ended) other session\(ended == 1 ? "" : "s") ended."
        return try await renderPassword(user, notice: notice)
    }
}
