import ReplywrightCore

/// The C4 part of the document: history import, reports, synthesis, evals, proposals,
/// knowledge revisions and the cron endpoints.
extension OpenAPIDocument {
    static let insightsPaths: [String: JSONValue] = [
        "/v1/import": [
            "post": [
                "summary": "Import history as NDJSON (admin key): leads, messages, booking events; idempotent on ids, bad lines reported by number",
                "requestBody": [
                    "required": true,
                    "content": [
                        "application/x-ndjson": ["schema": string], "text/plain": ["schema": string],
                    ],
                ],
                "responses": [
                    "201": json(ref("ImportRun")), "401": error("Missing or invalid API key"), "403": error("Setter key"),
                    "413": error("Over 50 MB"), "429": error("Too many requests (see Retry-After)"),
                ],
            ],
            "get": operation(
                "Imports, newest first (running ones show their counts so far)",
                responses: ["200": json(object(["imports": array(ref("ImportRun"))], required: ["imports"]))]),
        ],
        "/v1/import/{id}": [
            "parameters": [pathParameter("id", "import id")],
            "get": operation("One import's counts and errors", responses: ["200": json(ref("ImportRun")), "404": error("No such import")]),
        ],
        "/v1/insights/reports": [
            "post": operation(
                "Build and store a message-performance report (snippets for admin keys only)",
                body: object(
                    ["from": dateTime, "to": dateTime, "asOf": dateTime, "attributionDays": integer, "maturityDays": integer],
                    required: ["from", "to"]),
                responses: ["201": json(ref("Report")), "400": error("Bad dates or windows (named)")]),
            "get": operation(
                "Reports, newest first", responses: ["200": json(object(["reports": array(["type": "object"])], required: ["reports"]))]),
        ],
        "/v1/insights/reports/{id}": [
            "parameters": [pathParameter("id", "report id; append .csv for CSV")],
            "get": operation(
                "A stored report (JSON), or all its tables as CSV with {id}.csv",
                responses: [
                    "200": [
                        "description": "The report",
                        "content": [
                            "application/json": ["schema": ref("Report")],
                            "text/csv": ["schema": string],
                        ],
                    ],
                    "404": error("No such report"),
                ]),
        ],
        "/v1/insights/reports/{id}/synthesis": [
            "parameters": [pathParameter("id", "report id")],
            "post": operation(
                "Write the report's synthesis (admin key): model findings validated, else statistics only",
                responses: ["201": json(ref("InsightSynthesis")), "403": error("Setter key"), "404": error("No such report")]),
        ],
        "/v1/insights/reports/{id}/ask": [
            "parameters": [pathParameter("id", "report id")],
            "post": operation(
                "Answer a question from the report and its sample only",
                body: object(["question": string], required: ["question"]),
                responses: ["200": json(ref("InsightSynthesis")), "400": error("Bad question"), "404": error("No such report")]),
        ],
        "/v1/insights/settings": [
            "get": operation("The weekly report opt-in and the insights model", responses: ["200": json(ref("InsightsSettings"))]),
            "put": operation(
                "Change them (admin key)", body: ref("InsightsSettings"),
                responses: ["200": json(ref("InsightsSettings")), "400": error("Invalid setting (named)"), "403": error("Setter key")]),
        ],
        "/v1/insights/evals": [
            "post": operation(
                "Run an eval of a candidate prompt or knowledge change on recent decided messages (admin key)",
                body: object(["candidate": ref("Candidate"), "items": integer], required: ["candidate"]),
                responses: [
                    "201": json(ref("EvalResult")), "400": error("Invalid candidate (named)"), "403": error("Setter key"),
                    "404": error("Unknown prompt key or asset"), "409": error("No message with a known outcome yet"),
                ]),
            "get": operation("Eval runs, newest first", responses: ["200": json(object(["evals": array(ref("EvalRun"))], required: ["evals"]))]),
        ],
        "/v1/insights/evals/{id}": [
            "parameters": [pathParameter("id", "eval run id")],
            "get": operation("An eval run with its items", responses: ["200": json(ref("EvalResult")), "404": error("No such eval run")]),
        ],
        "/v1/insights/proposals": [
            "post": operation(
                "Propose a change (admin key): from an eval whose candidate won, or a candidate with a rationale",
                body: object(["candidate": ref("Candidate"), "rationale": string, "evalRunId": string], required: []),
                responses: [
                    "201": json(ref("Proposal")), "400": error("Invalid proposal (named)"), "403": error("Setter key"),
                    "404": error("Unknown prompt key, asset or eval"), "409": error("The eval's candidate did not win"),
                ]),
            "get": operation(
                "Proposals, newest first", query: [queryParameter("state")],
                responses: [
                    "200": json(object(["proposals": array(ref("Proposal"))], required: ["proposals"])),
                    "400": error("Unknown state"),
                ]),
        ],
        "/v1/insights/proposals/{id}": [
            "parameters": [pathParameter("id", "proposal id")],
            "get": operation("A proposal with its history", responses: ["200": json(ref("Proposal")), "404": error("No such proposal")]),
        ],
        "/v1/insights/proposals/{id}/approve": proposalMove("Approve a pending proposal (admin key)"),
        "/v1/insights/proposals/{id}/reject": proposalMove("Reject a pending or approved proposal (admin key)"),
        "/v1/insights/proposals/{id}/apply": proposalMove(
            "Apply an approved proposal: super-admins only, so an API key gets 403 (use the dashboard)"),
        "/v1/knowledge-assets/{id}/revisions": [
            "parameters": [pathParameter("id", "asset id")],
            "get": operation(
                "The asset's revisions (kept once a proposal changed it), newest first",
                responses: ["200": json(object(["revisions": array(ref("KnowledgeRevision"))], required: ["revisions"]))]),
        ],
        "/v1/knowledge-assets/{id}/rollback": [
            "parameters": [pathParameter("id", "asset id")],
            "post": operation(
                "Restore an earlier revision as a new one (admin key)", body: object(["revision": integer], required: ["revision"]),
                responses: [
                    "201": json(ref("KnowledgeRevision")), "400": error("Bad body"), "403": error("Setter key"),
                    "404": error("No such revision"), "409": error("The asset was deleted since"),
                ]),
        ],
        "/v1/cron/insights/message-performance": cron("Write the weekly reports that are due (capped per call)"),
        "/v1/cron/insights/message-performance-eval": cron("Evaluate pending proposals that have no eval yet (capped per call)"),
    ]

    static func proposalMove(_ summary: String) -> JSONValue {
        [
            "parameters": [pathParameter("id", "proposal id")],
            "post": operation(
                summary,
                responses: [
                    "200": json(ref("Proposal")), "403": error("Setter key (and any key for apply: super-admins only)"),
                    "404": error("No such proposal"),
                    "409": error("Not a move the state machine has, or it changed meanwhile"),
                ]),
        ]
    }

    static func cron(_ summary: String) -> JSONValue {
        [
            "post": [
                "summary": .string(summary + ". Authenticated with CRON_SECRET (Authorization: Bearer … or x-cron-secret), not an API key."),
                "security": [["cronSecret": []]],
                "responses": ["200": json(ref("CronOutcome")), "401": error("No or wrong cron secret"), "429": error("Too many requests")],
            ]
        ]
    }

    static let insightsSchemas: [String: JSONValue] = [
        "ImportRun": object(
            [
                "id": string, "workspaceId": string, "state": ["type": "string", "enum": ["running", "completed", "failed"]], "lines": integer,
                "leads": integer, "messages": integer, "bookings": integer, "duplicates": integer, "errors": integer, "bytes": integer,
                "errorLines": array(object(["line": integer, "message": string], required: ["line", "message"])), "createdAt": dateTime,
                "updatedAt": dateTime, "finishedAt": dateTime,
            ],
            required: ["id", "state", "lines", "leads", "messages", "bookings", "duplicates", "errors", "errorLines"]),
        "ReportRow": object(
            [
                "sender": string, "channel": string, "key": string, "messages": integer, "booked": integer, "notBooked": integer, "pending": integer,
                "unattributed": integer, "bookedRate": number, "interval": array(number),
            ],
            required: ["messages", "booked", "notBooked", "pending", "unattributed"]),
        "Report": object(
            [
                "id": string, "createdAt": dateTime, "parameters": ["type": "object"], "parametersHash": string, "cohort": string,
                "totals": ref("ReportRow"), "segments": array(ref("ReportRow")), "withinChannel": array(ref("ReportRow")),
                "bySender": array(ref("ReportRow")), "comparisons": array(["type": "object"]), "byChannel": array(ref("ReportRow")),
                "byArchetype": array(ref("ReportRow")), "byLength": array(ref("ReportRow")), "byIntent": array(ref("ReportRow")),
                "byReplySpeed": array(ref("ReportRow")), "weekly": array(ref("ReportRow")), "unattributed": ["type": "object"],
                "sample": ["type": "object"], "synthesis": ref("InsightSynthesis"),
            ],
            required: ["id", "parameters", "parametersHash", "segments", "withinChannel", "unattributed", "totals"]),
        "InsightSynthesis": object(
            [
                "source": string, "model": string, "temperature": number, "question": string, "answer": string,
                "findings": array(["type": "object"]), "dropped": integer, "createdAt": dateTime,
            ],
            required: ["source", "findings", "dropped"]),
        "InsightsSettings": object(["weekly": boolean, "model": string, "effort": string], required: ["weekly"]),
        "Candidate": [
            "type": "object",
            "description": "Exactly one of prompt or knowledge.",
            "properties": [
                "prompt": object(["key": string, "system": string, "user": string], required: ["key", "system", "user"]),
                "knowledge": object(
                    [
                        "assetId": string, "kind": ["type": "string", "enum": .array(KnowledgeAsset.Kind.allCases.map { .string($0.rawValue) })],
                        "title": string, "content": string, "priority": integer,
                    ],
                    required: ["kind", "title", "content"]),
            ],
        ],
        "EvalRun": object(
            [
                "id": string, "targetKind": string, "target": string, "candidate": string, "state": string, "judge": string,
                "summary": ["type": "object"], "createdAt": dateTime, "finishedAt": dateTime,
            ],
            required: ["id", "targetKind", "target", "state", "judge", "summary"]),
        "EvalResult": object(["run": ref("EvalRun"), "items": array(["type": "object"])], required: ["run", "items"]),
        "Proposal": object(
            [
                "id": string, "kind": string, "target": string, "change": ["type": "object"], "rationale": string, "evalRunId": string,
                "state": ["type": "string", "enum": .array(Proposal.State.allCases.map { .string($0.rawValue) })],
                "history": array(["type": "object"]), "appliedRevision": integer, "createdAt": dateTime, "updatedAt": dateTime,
            ],
            required: ["id", "kind", "target", "state", "history"]),
        "KnowledgeRevision": object(
            ["assetID": string, "revision": integer, "asset": ["type": "object"], "deleted": boolean, "restoredFrom": integer],
            required: ["revision", "asset", "deleted"]),
        "CronOutcome": object(["slot": dateTime, "done": array(["type": "object"]), "remaining": integer], required: ["slot", "done", "remaining"]),
    ]
}
