extension Migration {
    /// Adaptive forms and experiments (C5): forms with immutable published versions, sessions
    /// (each on the version it started with), their decisions and field events, experiments with
    /// one exposure row per session, and the analytics counters, which are added to as things
    /// happen so no report ever rescans sessions.
    static let v16Forms = Migration(version: 16, name: "forms, sessions, experiments and form counters") { t in
        [
            """
            CREATE TABLE forms (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                slug TEXT NOT NULL UNIQUE,
                definition TEXT NOT NULL,
                published_version INTEGER,
                created_at \(t.timestamp) NOT NULL,
                updated_at \(t.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX forms_workspace ON forms (workspace_id, created_at)",
            """
            CREATE TABLE form_versions (
                form_id TEXT NOT NULL REFERENCES forms(id) ON DELETE CASCADE,
                version INTEGER NOT NULL,
                definition TEXT NOT NULL,
                published_at \(t.timestamp) NOT NULL,
                PRIMARY KEY (form_id, version)
            )
            """,
            """
            CREATE TABLE experiments (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                form_id TEXT NOT NULL REFERENCES forms(id) ON DELETE CASCADE,
                key TEXT NOT NULL,
                seed TEXT,
                coverage \(t.double) NOT NULL,
                variants TEXT NOT NULL,
                status TEXT NOT NULL,
                created_at \(t.timestamp) NOT NULL,
                UNIQUE (workspace_id, key)
            )
            """,
            "CREATE INDEX experiments_form ON experiments (form_id, status)",
            """
            CREATE TABLE form_sessions (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
                form_id TEXT NOT NULL REFERENCES forms(id) ON DELETE CASCADE,
                version INTEGER NOT NULL,
                experiment_id TEXT,
                variant TEXT,
                status TEXT NOT NULL,
                step_id TEXT NOT NULL,
                plan TEXT NOT NULL,
                answers TEXT NOT NULL,
                token TEXT NOT NULL,
                lead_id TEXT,
                has_started \(t.bool) NOT NULL,
                fields_shown INTEGER NOT NULL,
                started_at \(t.timestamp) NOT NULL,
                step_started_at \(t.timestamp) NOT NULL,
                last_activity_at \(t.timestamp) NOT NULL,
                completed_at \(t.timestamp)
            )
            """,
            // The idle sweep reads active sessions oldest-activity first, and only those.
            "CREATE INDEX form_sessions_active ON form_sessions (status, last_activity_at)",
            "CREATE INDEX form_sessions_form ON form_sessions (form_id, started_at)",
            """
            CREATE TABLE form_decisions (
                id TEXT PRIMARY KEY,
                session_id TEXT NOT NULL REFERENCES form_sessions(id) ON DELETE CASCADE,
                from_step TEXT NOT NULL,
                to_step TEXT,
                source TEXT NOT NULL,
                latency_ms \(t.double) NOT NULL,
                confidence \(t.double),
                reason TEXT,
                at \(t.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX form_decisions_session ON form_decisions (session_id, at)",
            """
            CREATE TABLE form_events (
                id TEXT PRIMARY KEY,
                session_id TEXT NOT NULL REFERENCES form_sessions(id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                field_id TEXT,
                step_id TEXT NOT NULL,
                at \(t.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX form_events_session ON form_events (session_id, at)",
            """
            CREATE TABLE experiment_exposures (
                experiment_id TEXT NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
                session_id TEXT NOT NULL,
                variant TEXT NOT NULL,
                at \(t.timestamp) NOT NULL,
                PRIMARY KEY (experiment_id, session_id)
            )
            """,
            // One row per (form, experiment, variant, day, step, metric); step '' for form-wide ones.
            """
            CREATE TABLE form_counters (
                form_id TEXT NOT NULL REFERENCES forms(id) ON DELETE CASCADE,
                experiment_id TEXT NOT NULL,
                variant TEXT NOT NULL,
                day TEXT NOT NULL,
                step_id TEXT NOT NULL,
                metric TEXT NOT NULL,
                value \(t.double) NOT NULL,
                PRIMARY KEY (form_id, experiment_id, variant, day, step_id, metric)
            )
            """,
        ]
    }
}
