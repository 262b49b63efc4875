import Foundation
import Hummingbird
import ReplywrightCore
import ReplywrightEngine

/// `POST /v1/refine`: a setter's own text, refined in a mode with an optional nudge.
struct RefineRoutes {
    let pipeline: RefinePipeline

    func register(on group: RouterGroup<APIRequestContext>) {
        group.post("/refine", use: refine)
    }

    struct Body: Decodable {
        var text: String
        var mode: RefineMode
        var nudge: RefineNudge?
    }

    struct ResultDTO: Encodable, Sendable {
        var text: String
        var source: String
        var mode: String
        var nudge: String?
        var scores: CandidateScores
        var combinedScore: Double
        var correction: String
        var candidates: [[String: Double]]
    }

    @Sendable func refine(_ request: Request, context: APIRequestContext) async throws -> JSONResponse<ResultDTO> {
        let body = try await request.decodeJSON(Body.self, context: context)
        let result = try await pipeline.refine(body.text, mode: body.mode, nudge: body.nudge, in: context.workspaceID, logger: context.logger)
        return JSONResponse(
            value: ResultDTO(
                text: result.text, source: result.source.rawValue, mode: body.mode.rawValue, nudge: body.nudge?.rawValue,
                scores: result.scores, combinedScore: result.combinedScore, correction: result.correction.rawValue,
                candidates: result.candidateStats))
    }
}
