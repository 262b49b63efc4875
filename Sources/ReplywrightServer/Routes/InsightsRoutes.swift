import Foundation
import Hummingbird
import ReplywrightCore
import ReplywrightEngine
import ReplywrightStore

/// `/v1/insights/reports`: message-performance reports. Any key may create and read them
/// (aggregates); the sample's message snippets are for admin keys only.
struct InsightsRoutes {
    let reports: MessagePerformanceReports
    let clock: @Sendable () -> Date

    init(store: any ReportStore, clock: @escaping @Sendable () -> Date = Date.init) {
        reports = MessagePerformanceReports(store: store)
        self.clock = clock
    }

    func register(on group: RouterGroup<APIRequestContext>) {
        group.post("/insights/reports", use: create)
        group.get("/insights/reports", use: list)
        group.get("/insights/reports/:id", use: show)
    }

    struct CreateBody: Decodable {
        var from: String
        var to: String
        var asOf: String?
        var attributionDays: Int?
        var maturityDays: Int?
    }

    @Sendable func create(_ request: Request, context: APIRequestContext) async throws -> ReportResponse {
        let workspaceID = context.workspaceID
        let body = try await request.decodeJSON(CreateBody.self, context: context)
        let parameters = AttributionParameters(
            from: try Self.date(body.from, "from"), to: try Self.date(body.to, "to"),
            asOf: try body.asOf.map { try Self.date($0, "asOf") } ?? clock(),
            attributionDays: body.attributionDays ?? AttributionParameters.defaultAttributionDays,
            maturityDays: body.maturityDays ?? AttributionParameters.defaultMaturityDays)
        let (stored, report) = try await reports.create(parameters, createdBy: PromptRoutes.author(context), in: workspaceID)
        return ReportResponse(status: .created, stored: stored, report: report, admin: context.apiKey.role == .admin)
    }

    struct ListDTO: Encodable, Sendable {
        struct Item: Encodable, Sendable {
            var id: String
            var createdAt: Date
            var createdBy: String?
            var parametersHash: String
            var parameters: AttributionParameters
            var totals: MessagePerformanceReport.Row
            var hasSynthesis: Bool
        }
        var reports: [Item]
    }

    @Sendable func list(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<ListDTO> {
        let workspaceID = context.workspaceID
        let items = try await reports.list(in: workspaceID, limit: 50).map { item, report in
            ListDTO.Item(
                id: item.id.rawValue, createdAt: item.createdAt, createdBy: item.createdBy, parametersHash: item.parametersHash,
                parameters: report.parameters, totals: report.totals, hasSynthesis: item.synthesis != nil)
        }
        return JSONResponse(value: ListDTO(reports: items))
    }

    /// `{id}` or `{id}.csv`.
    @Sendable func show(_ request: Request, context: APIRequestContext) async throws -> Response {
        let workspaceID = context.workspaceID
        var id = try context.parameters.require("id")
        let csv = id.hasSuffix(".csv")
        if csv { id.removeLast(4) }
        let (stored, report) = try await reports.report(Identifier(id), in: workspaceID)
        if csv {
            return Response(
                status: .ok,
                headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"report-\(stored.id.rawValue).csv\""],
                body: .init(byteBuffer: ByteBuffer(string: report.csv())))
        }
        return try ReportResponse(stored: stored, report: report, admin: context.apiKey.role == .admin).response(from: request, context: context)
    }

    static func date(_ text: String, _ field: String) throws -> Date {
        guard let date = ISO8601.parse(text) else { throw AppError.invalid("\(field): '\(text.prefix(40))' is not an ISO 8601 date-time") }
        return date
    }
}

/// A report as the API returns it: `id`, `createdAt`, `synthesis` (once written) and the
/// report's own fields, keys sorted; without an admin key the sample's snippets are left out.
struct ReportResponse: ResponseGenerator {
    var status: HTTPResponse.Status = .ok
    var stored: StoredReport
    var report: MessagePerformanceReport
    var admin: Bool

    struct Envelope: Encodable {
        var id: String
        var createdAt: Date
        var synthesis: JSONValue?
        var report: MessagePerformanceReport

        enum Keys: String, CodingKey { case id, createdAt, synthesis }

        /// The report's fields and the envelope's in one object.
        func encode(to encoder: any Encoder) throws {
            try report.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(id, forKey: .id)
            try container.encode(createdAt, forKey: .createdAt)
            try container.encodeIfPresent(synthesis, forKey: .synthesis)
        }
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var report = report
        if !admin { report.sample.messages = [] }
        let synthesis = stored.synthesis.flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
        let data = try CanonicalJSON.encoder.encode(
            Envelope(id: stored.id.rawValue, createdAt: stored.createdAt, synthesis: synthesis, report: report))
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
