import Foundation
import HTTPTypes
import Hummingbird
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

/// Settings → Users (admins): the workspace's members, adding people (a new account gets a
/// generated password shown once), changing roles, removing people. And for everyone: their own
/// password and the name and signature their drafts are signed with.
struct UsersController {
    let store: any TenancyStore & SessionStore
    let options: DashboardOptions

    static let pageSize = 50

    func register(on pages: RouterGroup<DashboardRequestContext>) {
        pages.get("/settings/users", use: usersPage)
        pages.post("/settings/users", use: addUser)
        pages.post("/settings/users/:id/role", use: changeRole)
        pages.post("/settings/users/:id/remove", use: removeUser)
        pages.post("/settings/users/:id/password", use: resetPassword)
        pages.get("/account/password", use: passwordPage)
        pages.post("/account/password", use: changePassword)
        pages.post("/account/profile", use: saveProfile)
        pages.post("/account/time-zone", use: saveTimeZone)
    }

    struct MemberForm: Decodable {
        var email: String?
        var role: String?
    }

    struct PasswordForm: Decodable {
        var current, new, `repeat`: String?
    }

    struct ProfileForm: Decodable {
        var displayName, signature: String?
    }

    struct TimeZoneForm: Decodable {
        /// Empty: the workspace's.
        var timeZone: String?
    }

    @Sendable func usersPage(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        return try await renderUsers(try context.admin(), page: DashboardPage.page(request), notice: request.query("notice"))
    }

    func renderUsers(
        _ user: DashboardUser, page: Int = 1, notice: String? = nil, problem: String? = nil,
        added: (email: String, password: String)? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let page = max(1, page)
        let members = try await store.members(of: user.session.workspaceID, limit: Self.pageSize + 1, offset: (page - 1) * Self.pageSize)
        let view = UsersPage(
            members: members.prefix(Self.pageSize).map { member in
                UsersPage.Member(
                    id: member.user.id.rawValue, email: member.user.email, role: member.role.rawValue,
                    added: user.time.format(member.user.createdAt), you: member.user.id == user.session.userID,
                    roles: WorkspaceRole.allCases.map { DashboardPage.Option(value: $0.rawValue, label: $0.rawValue, selected: $0 == member.role) })
            },
            previousPage: page > 1 ? page - 1 : nil, nextPage: members.count > Self.pageSize ? page + 1 : nil, notice: notice,
            problem: problem, addedEmail: added?.email, addedPassword: added?.password)
        return DashboardPage.html("users", page: view, status: status, user: user)
    }

    /// The members page as `users.mustache` reads it.
    struct UsersPage: Sendable {
        struct Member: Sendable {
            var id, email, role, added: String
            /// The signed-in admin's own row (no role change, no removal).
            var you: Bool
            var roles: [DashboardPage.Option]
        }

        var members: [Member]
        var previousPage, nextPage: Int?
        var notice, problem: String?
        /// A new account's email and the password shown this once.
        var addedEmail, addedPassword: String?
    }

    @Sendable func addUser(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = try context.admin()
        let form = try await request.form(MemberForm.self, context: context)
        let email = (form.email ?? "").trimmingCharacters(in: .whitespaces)
        guard let role = form.role.flatMap(WorkspaceRole.init(rawValue:)) else {
            return try await renderUsers(user, problem: "Choose a role: setter or admin.", status: .badRequest)
        }
        do {
            let added = try await members.add(email: email, role: role, to: user.workspaceID, by: user.session.userID)
            guard let password = added.generatedPassword else {
                return try await renderUsers(user, notice: "\(added.user.email) already had an account and is now a \(role.rawValue) here.")
            }
            return try await renderUsers(
                user, notice: "Account created. Pass the password on privately: it is not shown again.",
                added: (added.user.email, password))
        } catch let error as AppError where [.invalidRequest, .conflict].contains(error.code) {
            return try await refused(error, user)
        }
    }

    var members: WorkspaceMembers { WorkspaceMembers(store: store, passwordHasher: options.passwordHasher) }

    /// The users page again with the reason (409 for a rule about admins, 400 for bad input).
    func refused(_ error: AppError, _ user: DashboardUser) async throws -> Response {
        try await renderUsers(user, problem: DashboardPage.sentence(error.message), status: error.code == .conflict ? .conflict : .badRequest)
    }

    @Sendable func changeRole(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = try context.admin()
        let target = Identifier<User>(try context.parameters.require("id"))
        guard let role = try await request.form(MemberForm.self, context: context).role.flatMap(WorkspaceRole.init(rawValue:)) else {
            return try await renderUsers(user, problem: "Choose a role: setter or admin.", status: .badRequest)
        }
        do {
            try await members.changeRole(of: target, to: role, in: user.workspaceID, by: user.session.userID)
        } catch let error as AppError where error.code == .conflict {
            return try await refused(error, user)
        }
        return DashboardPage.redirect("/settings/users", notice: "Role changed.")
    }

    @Sendable func removeUser(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = try context.admin()
        do {
            try await members.remove(Identifier(try context.parameters.require("id")), from: user.workspaceID, by: user.session.userID)
        } catch let error as AppError where error.code == .conflict {
            return try await refused(error, user)
        }
        return DashboardPage.redirect("/settings/users", notice: "Removed from this workspace.")
    }

    /// A new generated password for a member (shown once); their sessions end.
    @Sendable func resetPassword(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = try context.admin()
        do {
            let (email, password) = try await members.resetPassword(
                of: Identifier(try context.parameters.require("id")), in: user.workspaceID, by: user.session.userID)
            return try await renderUsers(
                user, notice: "New password set and their sessions ended. Pass it on privately: it is not shown again.",
                added: (email, password))
        } catch let error as AppError where error.code == .conflict {
            return try await refused(error, user)
        }
    }

    // MARK: - Own password

    @Sendable func passwordPage(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        try await renderPassword(context.user, notice: request.query("notice"))
    }

    /// Your account: the password form and how your drafts are signed (`typedProfile` keeps
    /// what was typed when saving it failed).
    func renderPassword(
        _ user: DashboardUser, notice: String? = nil, problem: String? = nil, typedProfile: (String?, String?)? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let profile = try await store.senderProfile(of: user.session.userID)
        let own = user.session.userTimeZone ?? ""
        let view = AccountPage(
            displayName: typedProfile?.0 ?? profile.displayName ?? "", signature: typedProfile?.1 ?? profile.signature ?? "",
            ownZone: !own.isEmpty,
            workspaceZone: DashboardTime.name(of: user.workspaceZone),
            zones: DashboardTime.zoneChoices(selected: own), notice: notice, problem: problem)
        return DashboardPage.html("password", page: view, status: status, user: user)
    }

    /// Your account (`password.mustache`): password, signature, time zone.
    struct AccountPage: Sendable {
        var displayName, signature: String
        /// Whether the user chose a time zone of their own.
        var ownZone: Bool
        var workspaceZone: String
        var zones: [DashboardPage.Option]
        var notice, problem: String?
    }

    @Sendable func changePassword(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let user = context.user
        func problem(_ text: String, _ status: HTTPResponse.Status) async throws -> Response {
            try await renderPassword(user, problem: text, status: status)
        }
        let form = try await request.form(PasswordForm.self, context: context)
        guard let credentials = try await store.user(email: user.session.email),
            options.passwordHasher.verify(form.current ?? "", hash: credentials.passwordHash)
        else { return try await problem("Your current password is not right.", .forbidden) }
        let new = form.new ?? ""
        guard new == form.repeat else { return try await problem("The two new passwords differ.", .badRequest) }
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

    @Sendable func saveProfile(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let form = try await request.form(ProfileForm.self, context: context)
        do {
            _ = try await store.saveSenderProfile(
                SenderProfile(displayName: form.displayName, signature: form.signature),
                of: context.user.session.userID)
        } catch let error as AppError where error.code == .invalidRequest {
            return try await renderPassword(
                context.user, problem: error.message, typedProfile: (form.displayName, form.signature),
                status: .badRequest)
        }
        return DashboardPage.redirect("/account/password", notice: "Your signature is saved.")
    }

    /// Your own time zone for the dashboard's times (empty: the workspace's again).
    @Sendable func saveTimeZone(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let form = try await request.form(TimeZoneForm.self, context: context)
        do {
            try await store.setUserTimeZone(form.timeZone, of: context.user.session.userID)
        } catch let error as AppError where error.code == .invalidRequest {
            return try await renderPassword(context.user, problem: "Your time zone is unchanged: \(error.message).", status: .badRequest)
        }
        let chosen = form.timeZone?.trimmingCharacters(in: .whitespaces) ?? ""
        return DashboardPage.redirect(
            "/account/password",
            notice: chosen.isEmpty
                ? "Times are shown in the workspace's time zone." : "Times are shown in \(DashboardHTML.spaced(chosen)).")
    }
}
