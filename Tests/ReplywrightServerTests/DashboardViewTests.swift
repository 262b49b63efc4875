import Foundation
import Mustache
import Testing

@testable import ReplywrightServer

/// The views that answer Mustache themselves (instead of through `Mirror`) answer for every
/// field they have: a field added to the struct but not to its `child(named:)` would render
/// as nothing, silently.
@Suite("Dashboard views")
struct DashboardViewTests {
    static func expectEveryField<View: MustacheParent>(_ view: View, sourceLocation: SourceLocation = #_sourceLocation) {
        for child in Mirror(reflecting: view).children {
            guard let label = child.label else { continue }
            #expect(view.child(named: label) != nil, "\(View.self).\(label) is not answered", sourceLocation: sourceLocation)
        }
        #expect(view.child(named: "no-such-field") == nil)
    }

    @Test func handWrittenLookupsCoverEveryField() {
        Self.expectEveryField(
            InboxController.InboxView(
                rows: "<tr></tr>", hasDrafts: true, total: "1", plural: "", tab: "pending", filtered: false, tabs: "", search: "",
                intents: "", sources: "", channels: "", needs: false, newest: false, previousPage: "/drafts?page=1",
                nextPage: "/drafts?page=3"))
        let header = DashboardPage.Layout.Header(
            email: "ada@acme.example", role: "admin", isAdmin: true, csrf: "t", switchable: true, workspaceName: "Acme",
            workspaces: [.init(id: "w", name: "Acme", current: true)])
        Self.expectEveryField(header)
    }

    struct View: Sendable {
        var csrf = "the page's"
        var notice: String? = nil
        var warning: String? = "kept"
        var count = 3
    }

    /// Other views are read through `Mirror`: a `nil` optional is absent (its section is not
    /// shown), a present one is its value, and the page's fields win over the layout's.
    @Test func mirroredViewsUnwrapOptionalsAndComeBeforeTheLayout() {
        let page = TypedPage(page: View(), layout: ["csrf": "the layout's", "isAdmin": true] as [String: Any])
        #expect(page.child(named: "notice") == nil)
        #expect(page.child(named: "warning") as? String == "kept")
        #expect(page.child(named: "count") as? Int == 3)
        #expect(page.child(named: "csrf") as? String == "the page's")
        #expect(page.child(named: "isAdmin") as? Bool == true)
    }
}
