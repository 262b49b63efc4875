extension Migration {
    /// Each job keeps the W3C `traceparent` of the request that queued it, so with tracing on
    /// a webhook's trace runs on through its job, the pipeline's steps and the model calls.
    static let v18JobTraces = Migration(version: 18, name: "job trace context") { _ in
        ["ALTER TABLE jobs ADD COLUMN trace_parent TEXT"]
    }
}
