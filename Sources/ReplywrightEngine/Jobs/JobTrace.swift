import ReplywrightCore
import Tracing

/// A job's link to the trace that queued it: the W3C `traceparent` of the current context when
/// it is enqueued, read back as the parent of the job's span. Without a tracer (tracing off)
/// nothing is injected and jobs start their own traces.
enum JobTrace {
    /// The current context's `traceparent`, if a tracer is running and there is a span.
    static func current() -> String? {
        guard let context = ServiceContext.current else { return nil }
        var carrier: [String: String] = [:]
        InstrumentationSystem.instrument.inject(context, into: &carrier, using: DictionaryInjector())
        return carrier["traceparent"]
    }

    /// The context a job's span starts under: the queuing request's, or a new trace.
    static func context(of job: JobRecord) -> ServiceContext {
        var context = ServiceContext.topLevel
        if let parent = job.traceParent {
            InstrumentationSystem.instrument.extract(["traceparent": parent], into: &context, using: DictionaryExtractor())
        }
        return context
    }

    struct DictionaryInjector: Injector {
        func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) { carrier[key] = value }
    }

    struct DictionaryExtractor: Extractor {
        func extract(key: String, from carrier: [String: String]) -> String? { carrier[key] }
    }
}
