import Foundation
import Mustache
import ReplywrightCore

/// The dashboard's pages: Mustache files under `DashboardAssets/templates` (one per page, plus the
/// `layout` every page extends and the `timeline` partial) `DashboardAssets/app.css` and `app.js`, shipped as
/// this module's resource bundle and read once at start.
///
/// `{{x}}` escapes HTML; `{{{x}}}` is used only for markup built in Swift that escapes every
/// value itself: the charts' SVG (`SVGChart`) and the inbox's rows (`DashboardHTML.inboxRows`,
/// the busiest page: Mustache's per-row lookups were most of its cost).
enum DashboardTemplates {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        let directory = resources.appendingPathComponent("templates")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        precondition(!names.isEmpty, "the dashboard's templates are missing from \(directory.path): ship the resource bundle beside the binary")
        for name in names where name.hasSuffix(".mustache") {
            // The templates are part of the build: a parse error is a programming error.
            let text = try! String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            try! library.register(text, named: String(name.dropLast(".mustache".count)))
        }
        return library
    }()

    static let css = file("app.css")
    /// The keyboard shortcuts (pages work without it).
    static let script = file("app.js")
    /// The hosted forms' stylesheet and field-events script (read once, like the others).
    static let formCSS = file("form.css")
    static let formScript = file("form.js")

    static func file(_ name: String) -> String {
        (try? String(contentsOf: resources.appendingPathComponent(name), encoding: .utf8)) ?? ""
    }

    static var resources: URL {
        Bundle.module.url(forResource: "DashboardAssets", withExtension: nil)
            ?? Bundle.module.bundleURL.appendingPathComponent("DashboardAssets")
    }

    /// `invalid` when the resource bundle is missing (a binary copied without it).
    static func check() throws(AppError) {
        let directory = resources.appendingPathComponent("templates")
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent("layout.mustache").path) else {
            throw AppError.invalid(
                "the dashboard's templates are missing (\(directory.path)): copy the replywright_ReplywrightServer.resources folder next to the binary"
            )
        }
    }

    static func render(_ name: String, _ values: TypedPage) -> String {
        library.render(values, withTemplate: name) ?? ""
    }
}

/// A typed page's fields, then the layout's, as one Mustache context (see
/// `DashboardPage.html(_:page:status:user:)`). A view that is a `MustacheParent` answers for
/// itself (the inbox and the layout: `Mirror` was a tenth of the inbox's CPU); any other is
/// read through `Mirror` once.
struct TypedPage: MustacheParent {
    private let page: any MustacheParent
    private let layout: (any MustacheParent)?

    init(page: some Any, layout: (any MustacheParent)? = nil) {
        self.page = page as? any MustacheParent ?? Self.fields(of: page)
        self.layout = layout
    }

    func child(named name: String) -> Any? { page.child(named: name) ?? layout?.child(named: name) }

    /// `value`'s stored properties by name; an optional one is its value, or absent (a section not shown).
    static func fields(of value: Any) -> [String: Any] {
        var fields: [String: Any] = [:]
        for child in Mirror(reflecting: value).children {
            guard let label = child.label else { continue }
            let value = Mirror(reflecting: child.value)
            if value.displayStyle != .optional {
                fields[label] = child.value
            } else if let wrapped = value.children.first?.value {
                fields[label] = wrapped
            }
        }
        return fields
    }
}
