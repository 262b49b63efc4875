import Hummingbird
import ReplywrightCore

/// The OpenAPI 3.1 description of the HTTP API, served at `/openapi.json`. Written by hand
/// next to the routes; `OpenAPIRouteTests` fails when a route exists that the document does
/// not describe, or the document describes one the router does not serve.
enum OpenAPIDocument {
    static let document: JSONValue = [
        "openapi": "3.1.0",
        "info": [
            "title": "Replywright API", "version": "1",
            "description":
                "Self-hostable AI reply engine for outbound-sales teams. Every /v1 route takes `Authorization: Bearer <workspace API key>`; errors are `{\"error\": {\"code\", \"message\", \"requestId\"}}`.",
        ],
        "servers": [["url": "/"]],
        "security": [["apiKey": []]],
        "paths": .object(paths.merging(insightsPaths) { base, _ in base }.merging(formsPaths) { base, _ in base }),
        "components": [
            "securitySchemes": [
                "apiKey": ["type": "http", "scheme": "bearer", "description": "A workspace API key (rw_…)."],
                "cronSecret": ["type": "http", "scheme": "bearer", "description": "CRON_SECRET (also accepted as x-cron-secret)."],
            ],
            "schemas": .object(schemas.merging(insightsSchemas) { base, _ in base }.merging(formsSchemas) { base, _ in base }),
        ],
    ]

    static func route(_ request: Request, _ context: AppRequestContext) throws -> Response {
        try JSONResponse(value: document).response(from: request, context: context)
    }

    // MARK: - Paths

    static let paths: [String: JSONValue] = [
        "/health/live": ["get": operation("Liveness", public: true, responses: ["200": json(ref("Health"))])],
        "/health/ready": [
            "get": operation(
                "Readiness: the database and the job queue answer", public: true,
                responses: ["200": json(ref("Health")), "503": error("Not ready")])
        ],
        "/metrics": [
            "get": operation(
                "Prometheus metrics (text format)", public: true,
                responses: ["200": ["description": "Prometheus text", "content": ["text/plain": ["schema": ["type": "string"]]]]])
        ],
        "/openapi.json": ["get": operation("This document", public: true, responses: ["200": json(["type": "object"])])],

        "/v1/webhooks/inbound": [
            "post": operation(
                "Store an inbound message and queue its draft", body: ref("InboundPayload"),
                responses: ["202": json(ref("InboundAccepted")), "400": error("Invalid payload (the message names the field)")])
        ],
        "/v1/webhooks/inbound/{platform}": [
            "parameters": [
                [
                    "name": "platform", "in": "path", "required": true, "description": "The sending platform",
                    "schema": ["type": "string", "enum": ["smartlead", "instantly"]],
                ]
            ],
            "post": operation(
                "A sending platform's reply webhook", body: ["type": "object"],
                responses: [
                    "202": json(["oneOf": [ref("InboundAccepted"), ref("Ignored")]]), "400": error("Invalid payload"),
                    "404": error("Unknown platform"),
                ]),
        ],
        "/v1/webhooks/booking": [
            "post": operation(
                "A booking, cancellation or reschedule (generic, Calendly-style or Cal.com-style)",
                body: ["anyOf": [ref("BookingGeneric"), ref("BookingCalendly"), ref("BookingCalCom")]],
                responses: [
                    "200": json(ref("BookingAccepted")), "202": json(["oneOf": [ref("BookingAccepted"), ref("Ignored")]]),
                    "400": error("Invalid payload (the message names the field)"),
                ])
        ],

        "/v1/leads": [
            "get": operation(
                "Leads, most recently active first", query: [queryParameter("limit", integer: true), queryParameter("offset", integer: true)],
                responses: ["200": json(ref("LeadList")), "400": error("Bad paging")])
        ],
        "/v1/leads/{id}": [
            "parameters": [pathParameter("id", "lead id")],
            "get": operation(
                "A lead with its conversation, memory and overseer decisions",
                responses: ["200": json(ref("LeadDetail")), "404": error("No such lead in this workspace")]),
        ],
        "/v1/leads/{id}/memory/{entry}": [
            "parameters": [pathParameter("id", "lead id"), pathParameter("entry", "memory entry id")],
            "patch": operation(
                "Correct a memory entry (admin key)", body: object(["text": string], required: ["text"]),
                responses: [
                    "200": json(ref("MemoryEntry")), "400": error("Invalid text"), "403": error("Setter key"),
                    "404": error("No such entry"),
                ]),
            "delete": operation(
                "Remove a memory entry (admin key)",
                responses: ["204": ["description": "Deleted"], "403": error("Setter key"), "404": error("No such entry")]),
        ],
        "/v1/leads/{id}/drafts": [
            "parameters": [pathParameter("id", "lead id")],
            "get": operation("The lead's drafts, newest first", responses: ["200": json(ref("DraftList")), "404": error("No such lead")]),
            "post": operation(
                "Regenerate: a new draft for the latest inbound message, other archetypes",
                responses: ["201": json(ref("Draft")), "404": error("No such lead"), "409": error("Nothing to reply to")]),
        ],
        "/v1/prompts": [
            "get": operation(
                "Every prompt template the workspace's model calls render: the active text (revision 0 = built-in) and its placeholders",
                responses: ["200": json(ref("PromptList"))])
        ],
        "/v1/prompts/{key}/revisions": [
            "parameters": [pathParameter("key", "template key, e.g. draft.variant.email")],
            "get": operation(
                "The workspace's revisions of a template, newest (active) first",
                responses: ["200": json(ref("PromptRevisionList")), "404": error("Unknown template key")]),
        ],
        "/v1/prompts/{key}": [
            "parameters": [pathParameter("key", "template key")],
            "put": operation(
                "Save an override as the new active revision (admin key); only the built-in template's placeholders are allowed",
                body: object(["system": string, "user": string, "note": string], required: ["system", "user"]),
                responses: [
                    "201": json(ref("PromptRevision")), "400": error("Empty text or unknown placeholders (named)"),
                    "403": error("Setter key"), "404": error("Unknown template key"),
                ]),
        ],
        "/v1/prompts/{key}/rollback": [
            "parameters": [pathParameter("key", "template key")],
            "post": operation(
                "Make an earlier revision (0 = the built-in template) active again, as a new revision (admin key)",
                body: object(["revision": integer], required: ["revision"]),
                responses: [
                    "201": json(ref("PromptRevision")), "400": error("Bad revision number"), "403": error("Setter key"),
                    "404": error("Unknown template key or revision"),
                ]),
        ],
        "/v1/messages/{id}": [
            "parameters": [pathParameter("id", "message id")],
            "get": operation("One message", responses: ["200": json(ref("Message")), "404": error("No such message")]),
        ],
        "/v1/jobs/{id}": [
            "parameters": [pathParameter("id", "job id")],
            "get": operation("One job's state", responses: ["200": json(ref("Job")), "404": error("No such job")]),
        ],
        "/v1/drafts": [
            "get": operation(
                "Drafts newest first, as summaries (scores and candidates are on the draft itself): by default those waiting for "
                    + "review (pending, approved, edited); `status` takes a comma-separated list of "
                    + Draft.Status.allCases.map(\.rawValue).joined(separator: ", ") + "; `leadId` narrows to one lead",
                query: [
                    queryParameter("status"), queryParameter("leadId"), queryParameter("limit", integer: true),
                    queryParameter("offset", integer: true),
                ],
                responses: ["200": json(ref("DraftSummaryList")), "400": error("Bad status, limit or offset")])
        ],
        "/v1/drafts/{id}": [
            "parameters": [pathParameter("id", "draft id")],
            "get": operation("One draft, with its delivery once sent", responses: ["200": json(ref("Draft")), "404": error("No such draft")]),
            "patch": editDraft,
            "put": editDraft,
        ],
        "/v1/drafts/{id}/approve": reviewAction("Approve"),
        "/v1/drafts/{id}/reject": reviewAction("Reject"),
        "/v1/drafts/{id}/send": reviewAction("Send: hard gates, the outbound message and, with a transport, its delivery"),
        "/v1/knowledge-assets": [
            "get": operation("Knowledge assets in priority order", responses: ["200": json(ref("KnowledgeAssetList"))]),
            "post": operation(
                "Create a knowledge asset", body: ref("KnowledgeAssetInput"),
                responses: ["201": json(ref("KnowledgeAsset")), "400": error("Invalid asset")]),
        ],
        "/v1/knowledge-assets/{id}": [
            "parameters": [pathParameter("id", "asset id")],
            "get": operation("One knowledge asset", responses: ["200": json(ref("KnowledgeAsset")), "404": error("No such asset")]),
            "put": operation(
                "Replace a knowledge asset", body: ref("KnowledgeAssetInput"),
                responses: ["200": json(ref("KnowledgeAsset")), "400": error("Invalid asset"), "404": error("No such asset")]),
            "delete": operation("Delete a knowledge asset", responses: ["204": ["description": "Deleted"], "404": error("No such asset")]),
        ],
        "/v1/refine": [
            "post": operation(
                "Refine a setter's own text", body: ref("RefineRequest"),
                responses: ["200": json(ref("RefineResult")), "400": error("Invalid request")])
        ],
        "/v1/settings": [
            "get": operation("Drafting settings (with what the model makes of them) and sending policy", responses: ["200": json(ref("Settings"))]),
            "put": operation(
                "Change drafting settings and/or policy (admin key)", body: ref("SettingsUpdate"),
                responses: [
                    "200": json(ref("Settings")), "400": error("Invalid value (the message names the field)"),
                    "403": error("Setter key"),
                ]),
        ],
        "/v1/settings/webhook-secret": [
            "post": operation(
                "Create or rotate the webhook signing secret, shown once (admin key)",
                responses: ["201": json(object(["secret": string], required: ["secret"])), "403": error("Setter key")]),
            "delete": operation(
                "Stop requiring signed webhooks (admin key)",
                responses: ["204": ["description": "Removed"], "403": error("Setter key")]),
        ],
        "/v1/ai-interactions": [
            "get": operation(
                "AI telemetry, newest first (never prompt or message text)",
                query: [
                    queryParameter("feature"), queryParameter("source"), queryParameter("status"), queryParameter("from"),
                    queryParameter("to"), queryParameter("since"), queryParameter("limit", integer: true), queryParameter("cursor"),
                ],
                responses: ["200": json(ref("AIInteractionList")), "400": error("Bad filter")])
        ],
    ]

    static let editDraft = operation(
        "Edit the draft's text", body: object(["body": string], required: ["body"]),
        responses: ["200": json(ref("Draft")), "400": error("Empty or too long"), "404": error("No such draft"), "409": error("Wrong state")])

    static func reviewAction(_ summary: String) -> JSONValue {
        [
            "parameters": [pathParameter("id", "draft id")],
            "post": operation(
                summary,
                responses: [
                    "200": json(ref("Draft")), "404": error("No such draft"),
                    "409": error("Wrong state, or a hard gate refused the send"),
                ]),
        ]
    }

    // MARK: - Schemas

    static let schemas: [String: JSONValue] = [
        "Error": object(
            ["error": object(["code": string, "message": string, "requestId": string], required: ["code", "message"])],
            required: ["error"]),
        "Health": object(["status": string, "database": string, "queue": ["type": "object"]], required: ["status"]),
        "InboundPayload": object(
            [
                "lead": object(
                    [
                        "email": email, "firstName": optional, "lastName": optional, "company": optional,
                        "customVariables": ["type": ["object", "null"]],
                    ],
                    required: ["email"]),
                "message": object(
                    [
                        "id": ["type": "string", "pattern": "\\S", "maxLength": 200, "description": "The sending platform's message id"],
                        "channel": ["type": "string", "enum": .array(Channel.allCases.map { .string($0.rawValue) })],
                        "subject": optional,
                        "body": [
                            "type": ["string", "null"],
                            "description": "The text; may be empty when subject is given (a subject-only auto-reply) or raw is",
                        ],
                        "receivedAt": optionalDateTime,
                        "headers": [
                            "description":
                                "The mail's header fields, an object of name to value or a list of {name, value}: they tell a person from an auto-reply or a bounce",
                            "anyOf": [
                                [
                                    "type": "object", "additionalProperties": ["type": "string"],
                                    "maxProperties": .number(Double(MailHeaders.fieldLimit)),
                                ],
                                [
                                    "type": "array", "maxItems": .number(Double(MailHeaders.fieldLimit)),
                                    "items": object(["name": string, "value": string], required: ["name", "value"]),
                                ],
                                ["type": "null"],
                            ],
                        ],
                        "raw": [
                            "type": ["string", "null"],
                            "description": "The whole RFC 5322 message; body, subject and headers are read from it when absent",
                        ],
                    ],
                    required: ["id", "channel"]),
            ], required: ["lead", "message"]),
        // The booking webhook's three shapes (the body is read as the first that fits). In webhook
        // bodies an optional field may be null: senders send that for "not set".
        "BookingGeneric": object(
            [
                "event": ["type": "string", "enum": ["booked", "canceled", "cancelled", "rescheduled"]], "email": email,
                "startsAt": optionalDateTime, "occurredAt": optionalDateTime, "id": optional, "timeZone": optional,
            ], required: ["event", "email"]),
        "BookingCalendly": object(
            [
                "event": ["type": "string", "enum": ["invitee.created", "invitee.canceled"]], "created_at": optionalDateTime,
                "payload": object(
                    [
                        "email": email, "uri": optional, "timezone": optional, "rescheduled": ["type": ["boolean", "null"]],
                        "old_invitee": ["description": "Set on the create half of a reschedule"],
                        "scheduled_event": object(["start_time": optionalDateTime], required: []),
                    ], required: ["email"]),
            ], required: ["event", "payload"]),
        "BookingCalCom": object(
            [
                "triggerEvent": [
                    "type": "string", "minLength": 1, "description": "BOOKING_CREATED, BOOKING_CANCELLED or BOOKING_RESCHEDULED; others are ignored",
                ],
                "createdAt": optionalDateTime,
                "payload": object(
                    [
                        "uid": optional, "startTime": optionalDateTime,
                        "attendees": [
                            "type": "array", "minItems": 1, "items": object(["email": email, "timeZone": optional], required: ["email"]),
                        ],
                    ], required: ["attendees"]),
            ], required: ["triggerEvent", "payload"]),
        "InboundAccepted": object(
            ["messageId": string, "jobId": string, "leadId": string, "duplicate": boolean, "kind": mailKind],
            required: ["messageId", "jobId", "leadId", "duplicate", "kind"]),
        "Ignored": object(["ignored": boolean, "reason": string], required: ["ignored", "reason"]),
        "BookingAccepted": object(
            [
                "eventId": string, "matched": boolean, "duplicate": boolean, "kind": string, "leadId": string,
                "appointmentStatus": string, "bookedAt": dateTime,
            ], required: ["eventId", "matched", "duplicate", "kind"]),
        "Lead": object(
            [
                "id": string, "email": string, "firstName": string, "lastName": string, "company": string, "customVariables": ["type": "object"],
                "status": string, "optedOut": boolean, "appointmentStatus": string, "bookedAt": dateTime, "undeliverableAt": dateTime,
                "createdAt": dateTime, "updatedAt": dateTime,
            ], required: ["id", "email", "customVariables", "status", "optedOut", "appointmentStatus", "createdAt", "updatedAt"]),
        "LeadList": object(["leads": array(ref("Lead")), "limit": integer, "offset": integer], required: ["leads", "limit", "offset"]),
        "Message": object(
            [
                "id": string, "leadId": string, "channel": string, "direction": string, "sender": string, "subject": string, "body": string,
                "externalId": string, "draftId": string, "sentByUserId": string, "occurredAt": dateTime, "createdAt": dateTime,
                "visibleBody": string, "kind": mailKind, "kindEvidence": string,
            ], required: ["id", "leadId", "channel", "direction", "sender", "body", "occurredAt", "createdAt", "kind"]),
        "MemoryEntry": object(
            [
                "id": string, "category": string, "text": string, "detail": ["type": "object"], "expiresAt": dateTime, "createdAt": dateTime,
            ], required: ["id", "category", "text", "expiresAt", "createdAt"]),
        "Decision": object(
            [
                "id": string, "messageId": string, "draftId": string, "stage": string, "verdict": string, "source": string,
                "reasons": array(string), "stats": numberMap, "createdAt": dateTime,
            ], required: ["id", "stage", "verdict", "source", "reasons", "stats", "createdAt"]),
        "LeadDetail": object(
            [
                "lead": ref("Lead"), "messages": array(ref("Message")), "memory": array(ref("MemoryEntry")), "memoryRedacted": boolean,
                "decisions": array(ref("Decision")), "lastBundleStats": numberMap, "followUps": array(ref("FollowUp")),
            ], required: ["lead", "messages", "memory", "memoryRedacted", "decisions", "followUps"]),
        "FollowUp": object(
            [
                "id": string, "reason": string, "dueAt": dateTime, "state": string, "messageId": string, "jobId": string,
            ], required: ["id", "reason", "dueAt", "state", "messageId"]),
        "Job": object(
            [
                "id": string, "kind": string, "state": string, "attempts": integer, "maxAttempts": integer, "availableAt": dateTime,
                "lastError": string, "createdAt": dateTime, "completedAt": dateTime,
            ], required: ["id", "kind", "state", "attempts", "maxAttempts", "availableAt", "createdAt"]),
        "Scores": object(
            ["coverage": number, "voice": number, "scope": number, "uniqueness": number, "relevance": number],
            required: ["coverage", "scope", "uniqueness", "relevance"]),
        "Delivery": object(
            [
                "transport": string, "state": string, "attempts": integer, "lastError": string, "reference": string, "updatedAt": dateTime,
            ], required: ["transport", "state", "attempts", "updatedAt"]),
        "Draft": object(
            [
                "id": string, "leadId": string, "triggerMessageId": string, "status": string, "disposition": string, "source": string,
                "intent": string, "rulesIntent": string, "needsAnswer": boolean, "archetype": string, "body": string, "scores": ref("Scores"),
                "combinedScore": number, "correction": string,
                "candidates": array(numberMap), "bundleStats": numberMap, "delivery": ref("Delivery"), "createdAt": dateTime,
                "updatedAt": dateTime,
            ],
            required: [
                "id", "leadId", "status", "source", "intent", "archetype", "body", "scores", "combinedScore", "correction",
                "candidates", "bundleStats", "createdAt", "updatedAt",
            ]),
        "DraftList": object(["drafts": array(ref("Draft"))], required: ["drafts"]),
        "DraftSummary": object(
            [
                "id": string, "leadId": string, "leadName": string, "leadEmail": string, "triggerMessageId": string, "status": string,
                "disposition": string, "source": string, "intent": string, "archetype": string, "body": string, "combinedScore": number,
                "correction": string, "createdAt": dateTime, "updatedAt": dateTime,
            ],
            required: [
                "id", "leadId", "leadName", "leadEmail", "status", "source", "intent", "archetype", "body", "combinedScore",
                "correction", "createdAt", "updatedAt",
            ]),
        "DraftSummaryList": object(["drafts": array(ref("DraftSummary"))], required: ["drafts"]),
        "KnowledgeAssetInput": object(
            [
                "kind": ["type": "string", "enum": .array(KnowledgeAsset.Kind.allCases.map { .string($0.rawValue) })], "title": string,
                "content": string, "priority": integer,
                "url": ["type": ["string", "null"], "description": "Where the material is online; sent to a lead who asks for it"],
            ], required: ["kind", "title", "content"]),
        "KnowledgeAsset": object(
            [
                "id": string, "kind": string, "title": string, "content": string, "priority": integer, "url": string,
                "createdAt": dateTime, "updatedAt": dateTime,
            ], required: ["id", "kind", "title", "content", "priority", "createdAt", "updatedAt"]),
        "KnowledgeAssetList": object(["assets": array(ref("KnowledgeAsset"))], required: ["assets"]),
        "RefineRequest": object(
            [
                "text": string, "mode": ["type": "string", "enum": .array(RefineMode.allCases.map { .string($0.rawValue) })],
                "nudge": ["type": "string", "enum": .array(RefineNudge.allCases.map { .string($0.rawValue) })],
            ], required: ["text", "mode"]),
        "RefineResult": object(
            [
                "text": string, "source": string, "mode": string, "nudge": string, "scores": ref("Scores"), "combinedScore": number,
                "correction": string, "candidates": array(numberMap),
            ], required: ["text", "source", "mode", "scores", "combinedScore", "correction", "candidates"]),
        "DraftingSettings": object(
            [
                "model": string, "effort": string, "variants": integer, "archetypes": array(string), "budgetSeconds": integer,
                "contextBundle": boolean, "knowledgeBudget": integer, "perAssetBudget": integer, "memoryBudget": integer,
                "perEntryBudget": integer, "senderName": string, "signature": string,
            ], required: ["variants", "budgetSeconds", "contextBundle", "knowledgeBudget", "perAssetBudget", "memoryBudget", "perEntryBudget"]),
        "Policy": object(
            [
                "autoSend": boolean, "autoSendThreshold": number, "blockedDomains": array(string), "timeZone": string,
                "gateTimeoutSeconds": integer, "booking": ref("Booking"), "closeNotInterested": boolean, "scheduleFollowUps": boolean,
            ], required: []),
        "Booking": object(["link": string, "hours": string, "slotMinutes": integer, "slotShare": integer], required: []),
        "SettingsUpdate": object(["drafting": ref("DraftingSettings"), "policy": ref("Policy"), "booking": ref("Booking")], required: []),
        "Settings": object(
            [
                "drafting": ref("DraftingSettings"),
                "effective": object(
                    [
                        "model": string, "effort": string, "variants": integer, "archetypes": array(string), "contextBundle": boolean,
                        "coercions": array(string),
                    ], required: ["variants", "archetypes", "contextBundle", "coercions"]),
                "policy": ref("Policy"), "booking": ref("Booking"), "signedWebhooks": boolean,
            ], required: ["drafting", "effective", "policy", "booking", "signedWebhooks"]),
        "Prompt": object(
            [
                "key": string, "version": integer, "revision": integer, "system": string, "user": string,
                "placeholders": array(string), "placeholderMeanings": ["type": "object", "additionalProperties": string],
            ], required: ["key", "version", "revision", "system", "user", "placeholders", "placeholderMeanings"]),
        "PromptList": object(["prompts": array(ref("Prompt"))], required: ["prompts"]),
        "PromptRevision": object(
            [
                "key": string, "revision": integer, "version": integer, "system": string, "user": string, "note": string,
                "createdBy": string, "restoredFrom": integer, "createdAt": dateTime,
            ], required: ["key", "revision", "version", "system", "user", "createdAt"]),
        "PromptRevisionList": object(["key": string, "revisions": array(ref("PromptRevision"))], required: ["key", "revisions"]),
        "AIInteraction": object(
            [
                "id": string, "featureId": string, "promptKey": string, "promptVersion": integer, "promptRevision": integer,
                "draftId": string, "jobId": string, "provider": string, "model": string,
                "reasoningEffort": string, "inputTokens": integer, "cachedInputTokens": integer, "outputTokens": integer,
                "reasoningTokens": integer, "latencyMs": integer, "costUsd": number, "status": string, "errorCode": string, "source": string,
                "attempts": integer, "metadata": numberMap, "createdAt": dateTime,
            ],
            required: [
                "id", "featureId", "inputTokens", "cachedInputTokens", "outputTokens", "reasoningTokens", "latencyMs", "costUsd",
                "status", "source", "attempts", "metadata", "createdAt",
            ]),
        "AIInteractionList": object(["interactions": array(ref("AIInteraction")), "nextCursor": string], required: ["interactions"]),
    ]

    // MARK: - Builders

    static let string: JSONValue = ["type": "string"]
    static let integer: JSONValue = ["type": "integer"]
    static let number: JSONValue = ["type": "number"]
    static let boolean: JSONValue = ["type": "boolean"]
    static let dateTime: JSONValue = ["type": "string", "format": "date-time"]
    static let email: JSONValue = ["type": "string", "format": "email", "maxLength": 254]
    /// An optional webhook field: null reads as absent.
    static let optional: JSONValue = ["type": ["string", "null"]]
    static let optionalDateTime: JSONValue = ["type": ["string", "null"], "format": "date-time"]
    static let numberMap: JSONValue = ["type": "object", "additionalProperties": ["type": "number"]]
    static let mailKind: JSONValue = ["type": "string", "enum": .array(MailKind.allCases.map { .string($0.rawValue) })]

    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }
    static func array(_ items: JSONValue) -> JSONValue { ["type": "array", "items": items] }

    static func object(_ properties: [String: JSONValue], required: [String]) -> JSONValue {
        ["type": "object", "properties": .object(properties), "required": .array(required.map { .string($0) })]
    }

    static func json(_ schema: JSONValue, _ description: String = "OK") -> JSONValue {
        ["description": .string(description), "content": ["application/json": ["schema": schema]]]
    }

    static func error(_ description: String) -> JSONValue { json(ref("Error"), description) }

    static func pathParameter(_ name: String, _ description: String) -> JSONValue {
        ["name": .string(name), "in": "path", "required": true, "description": .string(description), "schema": string]
    }

    static func queryParameter(_ name: String, integer isInteger: Bool = false) -> JSONValue {
        ["name": .string(name), "in": "query", "required": false, "schema": isInteger ? integer : string]
    }

    /// Every authenticated operation may also answer 401 (no or bad key), 413 (body too large)
    /// and 429 (rate limited).
    static func operation(
        _ summary: String, public isPublic: Bool = false, body: JSONValue? = nil, query: [JSONValue] = [],
        responses: [String: JSONValue]
    ) -> JSONValue {
        var all = responses
        all["429"] = all["429"] ?? error("Too many requests (see Retry-After)")
        if !isPublic {
            all["401"] = all["401"] ?? error("Missing or invalid API key")
        }
        var result: [String: JSONValue] = ["summary": .string(summary), "responses": .object(all)]
        if isPublic { result["security"] = [] }
        if !query.isEmpty { result["parameters"] = .array(query) }
        if let body {
            result["requestBody"] = ["required": true, "content": ["application/json": ["schema": body]]]
            all["413"] = error("Body over 1 MiB")
            result["responses"] = .object(all)
        }
        return .object(result)
    }
}
