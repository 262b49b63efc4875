import Foundation
import HTTPTypes
import Hummingbird
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

/// The dashboard: server-rendered HTML pages, one controller per page family, every form with
/// the CSRF token. Pages run on `DashboardRequestContext` (a signed-in user, always); the login
/// page and the stylesheet on the app's context. Errors become HTML pages, never JSON.
struct DashboardRoutes {
    let store: any DataStore
    let drafting: ReplyDrafter
    let refining: RefinePipeline
    let review: DraftReview
    /// Reports' synthesis and questions, evals (C4).
    let insights: InsightsSchedule
    let options: DashboardOptions
    let perUser: RateLimit?
    /// Failed logins per account (one throttle for the router's life).
    let logins: LoginThrottle?

    func register(on router: Router<AppRequestContext>) {
        router.get("/assets/app.css") { _, _ in Self.asset(DashboardTemplates.css, type: "text/css; charset=utf-8") }
        router.get("/assets/app.js") { _, _ in Self.asset(DashboardTemplates.script, type: "text/javascript; charset=utf-8") }
        let zones = WorkspaceZones()
        let open = router.group().add(middleware: DashboardErrorMiddleware<AppRequestContext>())
        let pages = router.group()
            .add(middleware: DashboardErrorMiddleware<AppRequestContext>())
            .add(middleware: DashboardAuthMiddleware(store: store, options: options, zones: zones))
            .group(context: DashboardRequestContext.self)
            .add(middleware: DashboardErrorMiddleware<DashboardRequestContext>())
        if let perUser {
            pages.add(
                middleware: RateLimitMiddleware(limiter: RateLimiter(limit: perUser)) { _, context in
                    "user:\(context.user.session.userID)"
                })
        }
        pages.get("/") { _, _ in DashboardPage.redirect("/drafts") }
        LoginController(store: store, options: options, logins: logins).register(public: open, pages: pages)
        InboxController(store: store, drafting: drafting, refining: refining, review: review).register(on: pages)
        LeadsController(store: store).register(on: pages)
        UsageController(store: store).register(on: pages)
        SettingsController(
            store: store, drafting: drafting.pipeline.configuration, delivers: review.delivers, zones: zones,
            models: ProviderModels(provider: drafting.pipeline.llm)
        ).register(on: pages)
        KnowledgeController(store: store).register(on: pages)
        UsersController(store: store, options: options).register(on: pages)
        PromptsController(store: store).register(on: pages)
        InsightsController(store: store, insights: insights).register(on: pages)
        LearningController(store: store, insights: insights).register(on: pages)
        FormsController(store: store).register(on: pages)
    }

    static func asset(_ text: String, type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=3600"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
