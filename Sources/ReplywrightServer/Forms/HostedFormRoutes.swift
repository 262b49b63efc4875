import Foundation
import HTTPTypes
import Hummingbird
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

/// The public side of forms (C5), no API key: `GET /f/{slug}` (the page; a cookie resumes the
/// visitor's session after a reload or a restart), `POST /f/{slug}/steps` (a step from the page,
/// then a redirect: works without JavaScript), and the JSON API for embedding
/// (`/session`, `/next`, `/events`) with CORS for the form's embed origins. Each session has its
/// own token (CSRF), a honeypot field catches simple bots, and sessions per address are limited.
struct HostedFormRoutes {
    let sessions: FormSessions
    let store: any FormStore
    /// New sessions per client address.
    let starts: RateLimiter?

    static let maxBodyBytes = 64 * 1024
    static let cookie = "rw_form"

    func register(on router: Router<AppRequestContext>) {
        router.get("/f/-/form.js") { _, _ in DashboardRoutes.asset(DashboardTemplates.formScript, type: "text/javascript; charset=utf-8") }
        router.get("/f/-/form.css") { _, _ in DashboardRoutes.asset(DashboardTemplates.formCSS, type: "text/css; charset=utf-8") }
        router.get("/f/:slug", use: page)
        router.post("/f/:slug/steps", use: step)
        router.post("/f/:slug/session", use: startJSON)
        router.post("/f/:slug/next", use: nextJSON)
        router.post("/f/:slug/events", use: events)
        for action in ["session", "next", "events"] { router.on("/f/:slug/\(action)", method: .options, use: preflight) }
    }

    // MARK: The page

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        guard let (form, _) = try await store.publishedForm(slug: slug) else { throw AppError.notFound("form") }
        if request.query("restart") == nil, let current = try await resumeFromCookie(request, formID: form.id), current.session.status != .abandoned {
            return html(HostedFormPage.render(current), definition: current.definition)
        }
        try limitStarts(context)
        let current = try await sessions.start(slug: slug, unit: nil)
        var response = html(HostedFormPage.render(current), definition: current.definition)
        response.setCookie(sessionCookie(current.session, slug: slug))
        return response
    }

    @Sendable func step(_ request: Request, context: AppRequestContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let body = try await request.body.collect(upTo: Self.maxBodyBytes)
        let posted: [String: FormInput]
        do {
            posted = try URLEncodedFormDecoder().decode([String: FormInput].self, from: String(buffer: body))
        } catch {
            throw AppError.invalid("the form could not be read; reload the page and try again")
        }
        guard let sessionID = posted["_session"]?.values.first, let token = posted["_token"]?.values.first else {
            throw AppError.invalid("the form is missing its session: reload the page")
        }
        let current = try await sessions.resume(Identifier(sessionID))
        guard current.definition.slug == slug else { throw AppError.notFound("form session") }
        // A filled honeypot is a bot: it sees the thank-you page, nothing is stored.
        if let trap = posted["website"]?.values.first, !trap.isEmpty {
            var shown = current
            shown.session.status = .completed
            return html(HostedFormPage.render(shown), definition: current.definition)
        }
        let answers = posted.filter { !$0.key.hasPrefix("_") && $0.key != "website" }.mapValues(\.json)
        let next = try await sessions.submit(Identifier(sessionID), token: token, step: posted["_step"]?.values.first, answers: answers)
        if !next.errors.isEmpty {
            return html(HostedFormPage.render(next, typed: posted), definition: next.definition, status: .unprocessableContent)
        }
        var response = Response(status: .seeOther, headers: [.location: "/f/\(slug)", .cacheControl: "no-store"])
        response.setCookie(sessionCookie(next.session, slug: slug))
        return response
    }

    // MARK: JSON for embedding

    struct StartBody: Decodable { var unit: String? }

    struct StepDTO: Encodable, Sendable {
        var sessionId: String
        var token: String
        var variant: String?
        var step: FormPlan?
        var completed: Bool
        var leadId: String?
        var finishUrl: String?
        var errors: [FormFieldError]?

        init(_ current: FormSessions.Current) {
            sessionId = current.session.id.rawValue
            token = current.session.token
            variant = current.session.variant
            completed = current.session.status == .completed
            step = completed ? nil : current.session.plan
            leadId = current.session.leadID?.rawValue
            finishUrl = current.finishURL
            errors = current.errors.isEmpty ? nil : current.errors
        }
    }

    @Sendable func startJSON(_ request: Request, context: AppRequestContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let body = try await optionalJSON(StartBody.self, request, context: context) ?? StartBody()
        if let unit = body.unit, !(1...200).contains(unit.count) { throw AppError.invalid("unit: 1 to 200 characters") }
        try limitStarts(context)
        let current = try await sessions.start(slug: slug, unit: body.unit)
        return try cors(
            JSONResponse(status: .created, value: StepDTO(current)).response(from: request, context: context), request, current.definition)
    }

    struct NextBody: Decodable {
        var sessionId: String
        var token: String
        var step: String?
        var answers: [String: JSONValue]?
    }

    @Sendable func nextJSON(_ request: Request, context: AppRequestContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let body = try await request.decodeJSON(NextBody.self, context: context)
        let current = try await sessions.submit(Identifier(body.sessionId), token: body.token, step: body.step, answers: body.answers ?? [:])
        guard current.definition.slug == slug else { throw AppError.notFound("form session") }
        let status: HTTPResponse.Status = current.errors.isEmpty ? .ok : .unprocessableContent
        return try cors(JSONResponse(status: status, value: StepDTO(current)).response(from: request, context: context), request, current.definition)
    }

    struct EventsBody: Decodable {
        var sessionId: String
        var token: String
        var events: [RawFormEvent]
    }

    struct StoredDTO: Encodable, Sendable { var stored: Int }

    @Sendable func events(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(EventsBody.self, context: context)
        let (stored, definition) = try await sessions.record(body.events, session: Identifier(body.sessionId), token: body.token)
        return try cors(
            JSONResponse(status: .accepted, value: StoredDTO(stored: stored)).response(from: request, context: context), request, definition)
    }

    @Sendable func preflight(_ request: Request, context: AppRequestContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        guard let (_, version) = try await store.publishedForm(slug: slug), let origin = request.headers[.origin],
            (version.definition.embedOrigins ?? []).contains(origin)
        else { return Response(status: .noContent) }
        return Response(
            status: .noContent,
            headers: [
                .accessControlAllowOrigin: origin, .vary: "Origin", .accessControlAllowMethods: "POST",
                .accessControlAllowHeaders: "Content-Type", .accessControlMaxAge: "600",
            ])
    }

    // MARK: Helpers

    private func resumeFromCookie(_ request: Request, formID: Identifier<FormRecord>) async throws -> FormSessions.Current? {
        guard let value = request.cookies[Self.cookie]?.value, let dot = value.firstIndex(of: ".") else { return nil }
        let id = String(value[..<dot]), token = String(value[value.index(after: dot)...])
        guard let current = try? await sessions.resume(Identifier(id)), current.session.formID == formID,
            ConstantTime.equal(token, current.session.token)
        else { return nil }
        return current
    }

    private func sessionCookie(_ session: FormSession, slug: String) -> Cookie {
        Cookie(
            name: Self.cookie, value: "\(session.id.rawValue).\(session.token)", maxAge: 86_400, path: "/f/\(slug)", secure: false, httpOnly: true,
            sameSite: .lax)
    }

    private func limitStarts(_ context: AppRequestContext) throws {
        guard let starts else { return }
        let decision = starts.take("form-start:" + (context.remoteAddress ?? "unknown"))
        guard decision.allowed else {
            throw AppError(
                .rateLimited, "too many new form sessions from this address: retry after \(max(1, Int(decision.retryAfter.rounded(.up)))) s")
        }
    }

    private func optionalJSON<T: Decodable>(_ type: T.Type, _ request: Request, context: AppRequestContext) async throws -> T? {
        let buffer = try await request.body.collect(upTo: Self.maxBodyBytes)
        guard buffer.readableBytes > 0 else { return nil }
        do {
            return try JSONDecoder().decode(type, from: Data(buffer: buffer))
        } catch let error as DecodingError {
            throw AppError.invalid(DecodingErrorDescription.describe(error))
        }
    }

    /// The page, framable only by the form's embed origins.
    private func html(_ body: String, definition: FormDefinition, status: HTTPResponse.Status = .ok) -> Response {
        let ancestors = (definition.embedOrigins ?? []).isEmpty ? "'none'" : (definition.embedOrigins ?? []).joined(separator: " ")
        let policy = SecurityHeadersMiddleware.contentSecurityPolicy.replacingOccurrences(
            of: "frame-ancestors 'none'", with: "frame-ancestors \(ancestors)")
        return Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store", .contentSecurityPolicy: policy],
            body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    private func cors(_ response: Response, _ request: Request, _ definition: FormDefinition) -> Response {
        guard let origin = request.headers[.origin], (definition.embedOrigins ?? []).contains(origin) else { return response }
        var response = response
        response.headers[.accessControlAllowOrigin] = origin
        response.headers[.vary] = "Origin"
        return response
    }
}
