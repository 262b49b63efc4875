import ArgumentParser
import Logging
import ReplywrightServer
import ServiceLifecycle

/// `replywright serve`: the HTTP server, plus workers and scheduler unless `--no-workers`.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the HTTP API (and, by default, the job workers and scheduler).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 8080
    @Flag(name: .customLong("no-workers"), help: "Serve HTTP only; run `replywright worker` elsewhere.") var noWorkers = false
    @Option(help: "Jobs run at once by this node's worker.") var concurrency = 8
    @Option(name: .customLong("lease-seconds"), help: "Visibility timeout: a job held by a dead node is retried after this.")
    var leaseSeconds = 60

    func validate() throws {
        guard concurrency >= 1, concurrency <= 256 else { throw ValidationError("--concurrency must be in 1...256") }
        guard leaseSeconds >= 1 else { throw ValidationError("--lease-seconds must be at least 1") }
    }

    func run() async throws {
        try await reportingErrors {
            try PortCheck.requireFree(host: host, port: port)
            try ReplywrightHTTP.checkAssets()
            let runtime = try await CommandRuntime.make(global)
            let (backend, store) = try await openMigratedStore(runtime)
            let parts = try NodeServices.parts(store: store, runtime: runtime)
            let app = ReplywrightHTTP.buildApplication(
                NodeServices.serverDependencies(store: store, parts: parts, runtime: runtime),
                host: host, port: port,
                onServerRunning: { port in
                    writeStdout("Replywright listening on http://\(host):\(port)")
                })
            var services: [any Service] = [backend] + parts.services
            if !noWorkers {
                services += NodeServices.background(
                    store: store, parts: parts, runtime: runtime, options: WorkerOptions(concurrency: concurrency, leaseSeconds: leaseSeconds))
            }
            services.append(app)
            runtime.logger.info(
                "starting",
                metadata: [
                    "database": "\(runtime.configuration.database)", "workers": "\(!noWorkers)",
                ])
            try await NodeServices.run(services, runtime: runtime)
        }
    }
}
