import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import ReplywrightCore

/// Rendering helpers shared by the dashboard's controllers.
enum DashboardPage {
    /// A page from a typed view: `page`'s stored properties are what the template reads at its
    /// top level (rows and other nested values too, through Mustache's `Mirror` lookup), with
    /// the layout's (`Layout`) beside them.
    static func html(_ template: String, page: some Sendable, status: HTTPResponse.Status = .ok, user: DashboardUser?) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: DashboardTemplates.render(template, TypedPage(page: page, layout: user.map(Layout.init))))))
    }

    /// What `layout.mustache` reads on every signed-in page: the header's user and workspace
    /// switcher, the forms' CSRF token, whether admin links show.
    struct Layout: Sendable {
        struct Header: Sendable {
            struct Workspace: Sendable {
                var id, name: String
                var current: Bool
            }

            var email, role: String
            var isAdmin: Bool
            var csrf: String
            /// A member of more than one workspace.
            var switchable: Bool
            var workspaceName: String
            var workspaces: [Workspace]
        }

        var user: Header
        var csrf: String
        var isAdmin: Bool

        init(_ user: DashboardUser) {
            self.user = Header(
                email: user.session.email, role: user.superAdmin ? "super-admin" : user.role.rawValue, isAdmin: user.isAdmin,
                csrf: user.session.csrfToken, switchable: user.workspaces.count > 1,
                workspaceName: user.workspaces.first { $0.id == user.session.workspaceID }?.name ?? "",
                workspaces: user.workspaces.map {
                    Header.Workspace(id: $0.id.rawValue, name: $0.name, current: $0.id == user.session.workspaceID)
                })
            csrf = user.session.csrfToken
            isAdmin = user.isAdmin
        }
    }

    /// One `<option>` of a select: what it sends, what it says, whether it is chosen.
    struct Option: Sendable {
        var value, label: String
        var selected: Bool
    }

    /// A page of plain words: a heading, a sentence and the way back.
    struct Message: Sendable { var heading, text, back: String }

    static func message(status: HTTPResponse.Status, heading: String, text: String, back: String, user: DashboardUser?) -> Response {
        html("message", page: Message(heading: heading, text: text, back: back), status: status, user: user)
    }

    /// 303: after a form post the browser loads the page with GET.
    static func redirect(_ location: String, cookies: [Cookie] = []) -> Response {
        var response = Response(status: .seeOther, headers: [.location: location])
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }

    /// `path` with `notice` shown on the page it leads to.
    static func redirect(_ path: String, notice: String) -> Response {
        redirect(path + (path.contains("?") ? "&" : "?") + "notice=" + query(notice))
    }

    /// Done, but with something to look at: shown in the warning colour, not the success one.
    static func redirect(_ path: String, warning: String) -> Response {
        redirect(path + (path.contains("?") ? "&" : "?") + "warning=" + query(warning))
    }

    /// `text` for a URL's query or path: every byte but RFC 3986's unreserved characters as `%XX`
    /// (by hand: Foundation's `addingPercentEncoding` is slow, and a filtered inbox builds twenty links).
    static func query(_ text: String) -> String {
        func unreserved(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7a) || byte == 0x2d || byte == 0x2e
                || byte == 0x5f || byte == 0x7e
        }
        if text.utf8.allSatisfy(unreserved) { return text }
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 3)
        for byte in text.utf8 {
            if unreserved(byte) {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func score(_ value: Double?) -> String { value.map { DashboardHTML.fixed($0, digits: 2) } ?? "–" }

    /// `?page=N` (1 when absent or nonsense).
    static func page(_ request: Request) -> Int { max(1, request.query("page").flatMap { Int($0) } ?? 1) }
}

// Read on every page, so answered without `Mirror`.
extension DashboardPage.Layout: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "user": user
        case "csrf": csrf
        case "isAdmin": isAdmin
        default: nil
        }
    }
}

extension DashboardPage.Layout.Header: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "email": email
        case "role": role
        case "isAdmin": isAdmin
        case "csrf": csrf
        case "switchable": switchable
        case "workspaceName": workspaceName
        case "workspaces": workspaces
        default: nil
        }
    }
}
