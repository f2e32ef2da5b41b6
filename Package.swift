// swift-tools-version: 6.0
import PackageDescription

/// Ingest plugins: one target each under `Plugins/<Name>/`, seeing only the plugin SDK
/// (and libxml2 where the format is XML). Register each one in
/// `Sources/TesseraIngest/PluginRegistry.swift`; a test fails when one is missing there.
let plugins: [Target] = [
    .target(name: "SupportLogPlugin", dependencies: ["TesseraSDK"], path: "Plugins/SupportLog"),
    .target(name: "CustomerLockboxPlugin", dependencies: ["TesseraSDK"], path: "Plugins/CustomerLockbox"),
]

let package = Package(
    name: "Tessera",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tessera", targets: ["tessera"]),
        .library(name: "TesseraSDK", targets: ["TesseraSDK"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
                       providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),

        .target(name: "TesseraSDK"),
        .target(name: "TesseraStore", dependencies: ["CSQLite", "TesseraSDK"],
                resources: [.embedInCode("schema.sql")]),
        .target(name: "TesseraIngest", dependencies: [
            "TesseraSDK", "TesseraStore", "CZlib",
        ] + plugins.map { .target(name: $0.name) }),
        .target(name: "TesseraReport", dependencies: ["TesseraStore", "TesseraSDK"]),
        .target(name: "TesseraCLI", dependencies: [
            "TesseraSDK", "TesseraStore", "TesseraIngest", "TesseraReport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "tessera", dependencies: ["TesseraCLI"]),

        .testTarget(name: "TesseraSDKTests", dependencies: ["TesseraSDK"]),
        .testTarget(name: "TesseraStoreTests", dependencies: ["TesseraStore", "TesseraSDK"]),
        .testTarget(name: "TesseraIngestTests", dependencies: ["TesseraIngest", "TesseraStore", "TesseraSDK"]),
        .testTarget(name: "PluginTests", dependencies: ["TesseraSDK"] + plugins.map { .target(name: $0.name) }),
        .testTarget(name: "EndToEndTests", dependencies: ["TesseraSDK"]),
        .testTarget(name: "ReportTests", dependencies: ["TesseraReport", "TesseraStore", "TesseraSDK"],
                    exclude: ["Golden"]),
    ] + plugins,
    swiftLanguageModes: [.v6]
)
