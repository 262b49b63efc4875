import ArgumentParser
import ServiceLifecycle

/// `replywright worker`: job workers and scheduler only, for extra machines sharing one
/// PostgreSQL database.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Run job workers and the scheduler (no HTTP).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Jobs run at once by this worker.") var concurrency = 8
    @Option(name: .customLong("lease-seconds"), help: "Visibility timeout: a job held by a dead worker is retried after this.")
    var leaseSeconds = 60
    @Option(name: .customLong("worker-id"), help: "Name recorded on the jobs this worker claims (default: host-pid-random).")
    var workerID: String?

    func validate() throws {
        guard concurrency >= 1, concurrency <= 256 else { throw ValidationError("--concurrency must be in 1...256") }
        guard leaseSeconds >= 1 else { throw ValidationError("--lease-seconds must be at least 1") }
    }

    func run() async throws {
        try await reportingErrors {
            let runtime = try await CommandRuntime.make(global)
            let (backend, store) = try await openMigratedStore(runtime)
            let options = WorkerOptions(concurrency: concurrency, leaseSeconds: leaseSeconds, workerID: workerID)
            runtime.logger.info("worker starting", metadata: ["database": "\(runtime.configuration.database)"])
            let parts = try NodeServices.parts(store: store, runtime: runtime)
            try await NodeServices.run(
                [backend] + parts.services + NodeServices.background(store: store, parts: parts, runtime: runtime, options: options),
                runtime: runtime)
        }
    }
}
