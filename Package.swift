// swift-tools-version: 6.0
import PackageDescription

/// Ingest plugins: one target each under `Plugins/<Name>/`, seeing only the plugin SDK
/// (and libxml2 where the format is XML). Register each one in
/// `Sources/TesseraIngest/PluginRegistry.swift`; a test fails when one is missing there.
let plugins: [Target] = [
    .target(name: "SupportLogPlugin", dependencies: ["TesseraSDK"], path: "Plugins/SupportLog"),
    .target(name: "CustomerLockboxPlugin", dependencies: ["TesseraSDK"], path: "Plugins/CustomerLockbox"),
    .target(name: "ExchangeAuditPlugin", dependencies: ["TesseraSDK", "CLibXML2"], path: "Plugins/ExchangeAudit"),
    .target(name: "UnifiedAuditLogPlugin", dependencies: ["TesseraSDK"], path: "Plugins/UnifiedAuditLog"),
    .target(name: "AzureMonitorPlugin", dependencies: ["TesseraSDK"], path: "Plugins/AzureMonitor"),
    .target(
        name: "MappingPlugin", dependencies: ["TesseraSDK", .product(name: "Yams", package: "Yams")],
        path: "Plugins/Mapping", exclude: ["README.md"],
        resources: [
            .embedInCode("BuiltIn/google-drive.yaml"),
            .embedInCode("BuiltIn/aws-cloudtrail.yaml"),
            .embedInCode("BuiltIn/aws-s3-access-log.yaml"),
            .embedInCode("BuiltIn/azure-storage-analytics.yaml"),
            .embedInCode("BuiltIn/box-events.yaml"),
            .embedInCode("BuiltIn/box-events-sentinel.yaml"),
            .embedInCode("BuiltIn/dropbox-team-log.yaml"),
            .embedInCode("BuiltIn/dropbox-team-activity-csv.yaml"),
        ]),
]

/// `tessera-generate` writes synthetic cases with their ground truth (README, scripts/bench).
/// The benchmark tools are in their own package, `Benchmarks/`.
let tools: [Target] = [
    .executableTarget(
        name: "tessera-generate",
        dependencies: ["TesseraSDK", "TesseraSynthetic", .product(name: "ArgumentParser", package: "swift-argument-parser")],
        path: "Sources/TesseraGenerate"),
    // The seeded generator behind all synthetic data (tessera-generate, the Benchmarks package).
    .target(name: "TesseraSynthetic", path: "Sources/TesseraSynthetic"),
]

let package = Package(
    name: "Tessera",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tessera", targets: ["tessera"]),
        .library(name: "TesseraSDK", targets: ["TesseraSDK"]),
        // For the Benchmarks package beside this one (not a stable API).
        .library(
            name: "TesseraModules",
            targets: [
                "TesseraSDK", "TesseraStore", "TesseraCorrelation", "ExchangeAuditPlugin",
                "UnifiedAuditLogPlugin", "MappingPlugin", "TesseraSynthetic",
            ]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(
            name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(
            name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CMaxMindDB", path: "Sources/CMaxMindDB", pkgConfig: "libmaxminddb",
            providers: [.apt(["libmaxminddb-dev"])]),
        .systemLibrary(
            name: "CCrypto", path: "Sources/CCrypto", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]),

        .target(name: "TesseraSDK", dependencies: ["CCrypto"]),
        .target(
            name: "TesseraStore", dependencies: ["CSQLite", "TesseraSDK"],
            resources: [.embedInCode("schema.sql")]),
        .target(
            name: "TesseraCorrelation",
            dependencies: [
                "TesseraStore", "TesseraSDK", "CMaxMindDB",
                .product(name: "Yams", package: "Yams"),
            ]),
        .target(name: "TesseraTriage", dependencies: ["TesseraStore", "TesseraSDK"]),
        .target(name: "TesseraReport", dependencies: ["TesseraStore", "TesseraSDK", "TesseraCorrelation", "TesseraTriage"]),
        .target(
            name: "TesseraDetect", dependencies: ["TesseraStore", "TesseraSDK", .product(name: "Yams", package: "Yams")],
            resources: [.embedInCode("Mapping/logsources.yaml")]),
        .target(
            name: "TesseraIngest",
            dependencies: [
                "TesseraSDK", "TesseraStore", "CZlib",
            ] + plugins.map { .target(name: $0.name) }),
        .target(
            name: "TesseraCLI",
            dependencies: [
                "TesseraSDK", "TesseraStore", "TesseraIngest", "TesseraCorrelation", "TesseraReport", "TesseraTriage", "TesseraDetect",
                "MappingPlugin",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "tessera", dependencies: ["TesseraCLI"]),

        /// What every test target shares: the real-samples location and skip rule, temporary
        /// directories, store fixtures.
        .target(name: "TesseraTestSupport", dependencies: ["TesseraStore"], path: "Tests/TestSupport"),

        .testTarget(name: "TesseraSDKTests", dependencies: ["TesseraTestSupport", "TesseraSDK"]),
        .testTarget(name: "TesseraStoreTests", dependencies: ["TesseraTestSupport", "TesseraStore", "TesseraSDK"]),
        .testTarget(name: "TesseraIngestTests", dependencies: ["TesseraTestSupport", "TesseraIngest", "TesseraStore", "TesseraSDK"]),
        .testTarget(name: "PluginTests", dependencies: ["TesseraTestSupport", "TesseraSDK"] + plugins.map { .target(name: $0.name) }),
        .testTarget(name: "EndToEndTests", dependencies: ["TesseraTestSupport", "TesseraSDK"]),
        .testTarget(name: "ExchangeAuditTests", dependencies: ["TesseraTestSupport", "ExchangeAuditPlugin", "TesseraSDK"]),
        .testTarget(name: "CorrelationTests", dependencies: ["TesseraTestSupport", "TesseraCorrelation", "TesseraStore", "TesseraSDK"]),
        .testTarget(name: "TriageTests", dependencies: ["TesseraTestSupport", "TesseraTriage", "TesseraStore", "TesseraSDK"]),
        .testTarget(
            name: "ReportTests",
            dependencies: [
                "TesseraTestSupport", "TesseraReport", "TesseraStore", "TesseraSDK", "TesseraCorrelation",
                "TesseraTriage",
            ],
            exclude: ["Golden"]),
        .testTarget(name: "DetectTests", dependencies: ["TesseraTestSupport", "TesseraDetect", "TesseraStore", "TesseraSDK", "TesseraCorrelation"]),
        .testTarget(name: "MappingTests", dependencies: ["TesseraTestSupport", "MappingPlugin", "TesseraSDK"]),
        .testTarget(name: "UnifiedAuditLogTests", dependencies: ["TesseraTestSupport", "UnifiedAuditLogPlugin", "TesseraSDK", "TesseraStore"]),
        .testTarget(
            name: "CLITests",
            dependencies: [
                "TesseraTestSupport", "TesseraCLI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(name: "AzureMonitorTests", dependencies: ["TesseraTestSupport", "AzureMonitorPlugin", "TesseraSDK"]),
    ] + plugins + tools,
    swiftLanguageModes: [.v6]
)
