import Foundation
import HTTPTypes
import Hummingbird
import ReplywrightCore

/// Rendering helpers shared by the dashboard's controllers.
enum DashboardPage {
    static func html(_ template: String, _ values: [String: Any], status: HTTPResponse.Status = .ok, user: DashboardUser?) -> Response {
        var all = values
        if let user {
            all["user"] = layoutValues(user)
            all["csrf"] = all["csrf"] ?? user.session.csrfToken
            all["isAdmin"] = all["isAdmin"] ?? user.isAdmin
        }
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: DashboardTemplates.render(template, all))))
    }

    /// A page from a typed view: `page`'s stored properties are what the template reads at its
    /// top level (rows and other nested values too, through Mustache's `Mirror` lookup), with
    /// the layout's `user`, `csrf` and `isAdmin` beside them.
    static func html(_ template: String, page: some Sendable, status: HTTPResponse.Status = .ok, user: DashboardUser?) -> Response {
        var layout: [String: Any] = [:]
        if let user { layout = ["user": layoutValues(user), "csrf": user.session.csrfToken, "isAdmin": user.isAdmin] }
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: DashboardTemplates.render(template, TypedPage(page: page, layout: layout)))))
    }

    static func layoutValues(_ user: DashboardUser) -> [String: Any] {
        [
            "email": user.session.email, "role": user.superAdmin ? "super-admin" : user.role.rawValue, "isAdmin": user.isAdmin,
            "csrf": user.session.csrfToken, "switchable": user.workspaces.count > 1,
            "workspaceName": user.workspaces.first { $0.id == user.session.workspaceID }?.name ?? "",
            "workspaces": user.workspaces.map { ["id": $0.id.rawValue, "name": $0.name, "current": $0.id == user.session.workspaceID] },
        ]
    }

    static func message(status: HTTPResponse.Status, heading: String, text: String, back: String, user: DashboardUser?) -> Response {
        html("message", ["heading": heading, "text": text, "back": back], status: status, user: user)
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
