// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "replywright",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "replywright", targets: ["replywright"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        // OTLP/HTTP only: the gRPC exporter would add grpc-swift to every build.
        .package(url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0", traits: ["OTLPHTTP"]),
    ],
    targets: [
        // Domain types and pure logic: no I/O, no NIO; time and randomness are injected.
        // The trained reader's weights ship with it (`replywright-train-reader` writes them).
        .target(name: "ReplywrightCore", resources: [.copy("Drafting/Reading/intent-model.json")], swiftSettings: swiftSettings),
        // Connection failures of SwiftNIO in words: one classification for every module that connects.
        .target(
            name: "ReplywrightNetwork",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        // Provider protocol, OpenAI Responses + Chat Completions clients, coercion, structured
        // outputs, resilience (retries, breaker, cache), usage and cost, telemetry.
        .target(
            name: "ReplywrightLLM",
            dependencies: [
                "ReplywrightCore", "ReplywrightNetwork",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: swiftSettings
        ),
        // One storage API over SQLKit, run on SQLite and PostgreSQL; migrations; the job queue.
        .target(
            name: "ReplywrightStore",
            dependencies: [
                "ReplywrightCore", "ReplywrightNetwork",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Outbound delivery: the transport protocol, SMTP (plain, STARTTLS, TLS; AUTH PLAIN/LOGIN)
        // and a signed HTTP callback to the sending platform.
        .target(
            name: "ReplywrightDelivery",
            dependencies: [
                "ReplywrightCore", "ReplywrightNetwork",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Capabilities C2–C5 as pipelines over Core + LLM/Store/Delivery protocols; workers and scheduler.
        .target(
            name: "ReplywrightEngine",
            dependencies: [
                "ReplywrightCore", "ReplywrightLLM", "ReplywrightStore", "ReplywrightDelivery",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: swiftSettings
        ),
        // Hummingbird application: API, webhooks, health, metrics, auth, middleware.
        .target(
            name: "ReplywrightServer",
            dependencies: [
                "ReplywrightCore", "ReplywrightStore", "ReplywrightEngine",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            // The dashboard's Mustache templates and stylesheet.
            resources: [.copy("DashboardAssets")],
            swiftSettings: swiftSettings
        ),
        // The executable: picks backends and runs serve | worker | demo | migrate | doctor | admin.
        .executableTarget(
            name: "replywright",
            dependencies: [
                "ReplywrightCore", "ReplywrightLLM", "ReplywrightStore", "ReplywrightEngine", "ReplywrightServer", "ReplywrightDelivery",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "OTel", package: "swift-otel"),
            ],
            swiftSettings: swiftSettings
        ),
        // Trains the reply reader's classifier from the labelled corpus and writes its weights
        // into ReplywrightCore (`swift run -c release replywright-train-reader`).
        .executableTarget(name: "replywright-train-reader", dependencies: ["ReplywrightCore"], swiftSettings: swiftSettings),
        // Benchmarks: prints numbers for docs/benchmarks.md (never run by the tests).
        .executableTarget(
            name: "replywright-bench",
            dependencies: [
                "ReplywrightCore", "ReplywrightStore", "ReplywrightEngine", "ReplywrightLLM", "ReplywrightTesting",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        // Test support: database factories for both engines, fixtures, subprocess helpers, the
        // in-process fake OpenAI server.
        .target(
            name: "ReplywrightTesting",
            dependencies: [
                "ReplywrightCore", "ReplywrightStore", "ReplywrightLLM",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ReplywrightCoreTests", dependencies: ["ReplywrightCore", "ReplywrightTesting"], exclude: ["Fixtures"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ReplywrightLLMTests",
            dependencies: ["ReplywrightLLM", "ReplywrightTesting", .product(name: "Metrics", package: "swift-metrics")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ReplywrightDeliveryTests",
            dependencies: [
                "ReplywrightDelivery", "ReplywrightTesting", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ReplywrightStoreTests",
            dependencies: ["ReplywrightStore", "ReplywrightTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ReplywrightEngineTests",
            dependencies: ["ReplywrightEngine", "ReplywrightLLM", "ReplywrightDelivery", "ReplywrightTesting", .product(name: "Metrics", package: "swift-metrics")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ReplywrightServerTests",
            dependencies: [
                "ReplywrightServer", "ReplywrightTesting", "ReplywrightLLM", "ReplywrightEngine",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "replywrightTests",
            dependencies: [
                "replywright", "ReplywrightTesting", "ReplywrightLLM", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
