import ReplywrightCore

/// The C5 part of the document: forms, their versions and analytics, and experiments. The
/// hosted pages and their JSON (`/f/{slug}…`) take no API key and are described in docs/forms.md.
extension OpenAPIDocument {
    static let formsPaths: [String: JSONValue] = [
        "/v1/forms": [
            "post": operation(
                "Create a form from its definition (admin key); it is live once published", body: ref("FormDefinition"),
                responses: [
                    "201": json(ref("Form")), "400": error("Invalid definition (every problem named by path)"), "403": error("Setter key"),
                    "409": error("The slug is taken"),
                ]),
            "get": operation(
                "The workspace's forms, newest first", responses: ["200": json(object(["forms": array(ref("Form"))], required: ["forms"]))]),
        ],
        "/v1/forms/{id}": [
            "parameters": [pathParameter("id", "form id")],
            "get": operation("One form with its editable definition", responses: ["200": json(ref("Form")), "404": error("No such form")]),
            "put": operation(
                "Replace the editable definition (admin key); published versions never change", body: ref("FormDefinition"),
                responses: [
                    "200": json(ref("Form")), "400": error("Invalid definition (named by path)"), "403": error("Setter key"),
                    "404": error("No such form"), "409": error("The slug is taken"),
                ]),
        ],
        "/v1/forms/{id}/publish": [
            "parameters": [pathParameter("id", "form id")],
            "post": operation(
                "Freeze the definition as the next version and make it live (admin key)",
                responses: [
                    "201": json(ref("FormVersion")), "400": error("Invalid definition"), "403": error("Setter key"), "404": error("No such form"),
                ]),
        ],
        "/v1/forms/{id}/versions": [
            "parameters": [pathParameter("id", "form id")],
            "get": operation(
                "Published versions, newest first",
                responses: [
                    "200": json(object(["versions": array(ref("FormVersion"))], required: ["versions"])), "404": error("No such form"),
                ]),
        ],
        "/v1/forms/{id}/analytics": [
            "parameters": [pathParameter("id", "form id")],
            "get": operation(
                "The funnel by variant: views, starts, completions, drop-off and time per step, by day (?format=csv for CSV)",
                query: [queryParameter("format")],
                responses: [
                    "200": [
                        "description": "The analytics",
                        "content": [
                            "application/json": ["schema": ref("FormAnalytics")], "text/csv": ["schema": string],
                        ],
                    ],
                    "400": error("Unknown format"), "404": error("No such form"),
                ]),
        ],
        "/v1/experiments": [
            "post": operation(
                "Start an experiment on a form (admin key); GrowthBook-compatible bucketing",
                body: object(
                    [
                        "formId": string, "key": string, "seed": string, "coverage": number,
                        "variants": array(object(["id": string, "weight": number], required: ["id", "weight"])),
                    ],
                    required: ["formId", "key", "variants"]),
                responses: [
                    "201": json(ref("Experiment")), "400": error("Invalid experiment (named)"), "403": error("Setter key"),
                    "404": error("No such form"), "409": error("Key taken, or the form already runs an experiment"),
                ]),
            "get": operation(
                "Experiments, newest first",
                responses: [
                    "200": json(object(["experiments": array(ref("Experiment"))], required: ["experiments"]))
                ]),
        ],
        "/v1/experiments/{id}": [
            "parameters": [pathParameter("id", "experiment id")],
            "get": operation("One experiment", responses: ["200": json(ref("Experiment")), "404": error("No such experiment")]),
        ],
        "/v1/experiments/{id}/stop": [
            "parameters": [pathParameter("id", "experiment id")],
            "post": operation(
                "Stop it: new sessions see the form as defined (admin key)",
                responses: [
                    "200": json(ref("Experiment")), "403": error("Setter key"), "404": error("No such experiment"),
                ]),
        ],
        "/v1/experiments/{id}/results": [
            "parameters": [pathParameter("id", "experiment id")],
            "get": operation(
                "Metrics by variant, the sample-ratio check and Welch's t against the first variant, with verdicts",
                responses: ["200": json(ref("ExperimentResults")), "404": error("No such experiment")]),
        ],
        "/v1/experiments/{id}/assignment": [
            "parameters": [pathParameter("id", "experiment id")],
            "get": operation(
                "Where a unit is bucketed (for debugging): hash, inExperiment, variant",
                query: [["name": "unit", "in": "query", "required": true, "schema": string]],
                responses: ["200": json(ref("ExperimentAssignment")), "400": error("No unit"), "404": error("No such experiment")]),
        ],
    ]

    static let formsSchemas: [String: JSONValue] = [
        "FormDefinition": [
            "type": "object", "required": ["slug", "name", "steps"],
            "properties": [
                "slug": string, "name": string, "persona": string, "decisionTimeoutSeconds": number,
                "embedOrigins": array(string), "rules": array(["type": "object"]),
                "steps": array(
                    object(
                        [
                            "id": string, "title": string, "description": string, "fields": array(["type": "object"]),
                            "cta": ["type": "object"],
                        ], required: ["id", "title", "fields", "cta"])),
            ],
        ],
        "Form": object(
            [
                "id": string, "slug": string, "name": string, "publishedVersion": ["type": ["integer", "null"]], "url": string,
                "createdAt": dateTime, "updatedAt": dateTime, "definition": ref("FormDefinition"),
            ],
            required: ["id", "slug", "name", "url", "definition"]),
        "FormVersion": object(
            ["formId": string, "version": integer, "publishedAt": dateTime, "definition": ref("FormDefinition")],
            required: ["formId", "version", "definition"]),
        "FormAnalytics": object(["formId": string, "variants": array(["type": "object"])], required: ["formId", "variants"]),
        "Experiment": object(
            [
                "id": string, "workspaceId": string, "formId": string, "key": string, "seed": string, "coverage": number,
                "variants": array(object(["id": string, "weight": number], required: ["id", "weight"])),
                "status": ["type": "string", "enum": ["running", "stopped"]], "createdAt": dateTime,
            ],
            required: ["id", "formId", "key", "coverage", "variants", "status"]),
        "ExperimentResults": object(
            ["experiment": ref("Experiment"), "variants": array(["type": "object"]), "sampleRatio": ["type": "object"]],
            required: ["experiment", "variants", "sampleRatio"]),
        "ExperimentAssignment": object(
            ["unit": string, "hash": number, "inExperiment": ["type": "boolean"], "variant": ["type": ["string", "null"]]],
            required: ["unit", "hash", "inExperiment"]),
    ]
}
