import OTel
import ServiceLifecycle

/// Traces over OTLP/HTTP when `REPLYWRIGHT_OTLP_ENDPOINT` is set: spans for each HTTP request,
/// each job run (continuing the trace of the request that queued it), each AI decision and each
/// model call. Logs and metrics stay where they are (the process's log lines and `/metrics`).
/// The standard `OTEL_*` variables (sampler, batch delay, headers) still apply on top.
enum TracingBackend {
    /// The exporter's service for the command's `ServiceGroup`, or `nil` without an endpoint.
    static func start(_ configuration: RuntimeConfiguration, serviceName: String) throws -> (any Service)? {
        guard let endpoint = configuration.otlpEndpoint else { return nil }
        var otel = OTel.Configuration.default
        otel.serviceName = serviceName
        otel.logs.enabled = false
        otel.metrics.enabled = false
        otel.traces.exporter = .otlp
        otel.traces.otlpExporter.protocol = .httpProtobuf
        // A base URL like the standard variable's: the traces path is added unless given.
        otel.traces.otlpExporter.endpoint = endpoint.hasSuffix("/v1/traces") ? endpoint : endpoint.trimmingSuffix("/") + "/v1/traces"
        return try OTel.bootstrap(configuration: otel)
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        var text = self
        while text.hasSuffix(suffix) { text.removeLast(suffix.count) }
        return text
    }
}
