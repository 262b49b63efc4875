import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ReplywrightCore

/// Every error a dashboard page throws becomes a page in plain words, with the header of the
/// signed-in user (the `/v1` API keeps its JSON errors): 404 for what is not in this workspace,
/// 403 for admin pages, 400/409 with the reason, 500 with only the request id (the detail goes to
/// the log, as for the API).
struct DashboardErrorMiddleware<Context: DashboardPageContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let refusal as DashboardRefusal {
            let text =
                switch refusal {
                case .adminsOnly: "This page is for workspace admins. Ask an admin if something needs changing."
                case .superAdminsOnly: "Only a super-admin of this installation may change this."
                }
            return DashboardPage.message(status: .forbidden, heading: "Admins only", text: text, back: "/drafts", user: context.dashboardUser)
        } catch {
            let (status, appError, unexpected) = HTTPErrorMapping.appError(for: error)
            if unexpected {
                context.logger.error(
                    "dashboard page failed",
                    metadata: [
                        "error_type": "\(type(of: error))", "error": "\(String(describing: error).prefix(300))",
                    ])
            }
            return DashboardPage.errorPage(
                status: status, message: appError.message, requestID: context.requestID,
                user: context.dashboardUser)
        }
    }
}

extension DashboardPage {
    /// The page for a failed request: a heading and text per status, the reason where it is
    /// meant for people (bad input, conflicts), never internal detail.
    static func errorPage(status: HTTPResponse.Status, message reason: String, requestID: String, user: DashboardUser?) -> Response {
        let (heading, text): (String, String) =
            switch status.code {
            case 404: ("Not found", "There is no such page, or what it shows is not in this workspace.")
            case 403: ("Not allowed", "Your account may not do this here.")
            case 400, 409, 413: ("That did not work", sentence(reason))
            case 429: ("Too many requests", "Wait a minute, then try again.")
            case 503: ("Try again shortly", "The service is busy or its database is not reachable right now.")
            default: ("Something went wrong", "Nothing was changed. If it happens again, give an admin this reference: \(requestID).")
            }
        return DashboardPage.message(status: status, heading: heading, text: text, back: user == nil ? "/login" : "/drafts", user: user)
    }

    /// An error's message with the API's field names as the page labels them, as a sentence.
    static func plainWords(_ message: String, labels: [(name: String, label: String)]) -> String {
        var text = message
        for (name, label) in labels { text = text.replacingOccurrences(of: name, with: label) }
        return sentence(text)
    }

    /// "draft was already sent" → "Draft was already sent."
    static func sentence(_ text: String) -> String {
        guard let first = text.first else { return "The request was not accepted." }
        let capitalised = first.uppercased() + text.dropFirst()
        return capitalised.hasSuffix(".") ? capitalised : capitalised + "."
    }
}
