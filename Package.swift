// swift-tools-version: 6.0
import PackageDescription
let package = Package(
    name: "Tessera",
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3"),
        .target(name: "TesseraSDK"),
        .target(name: "TesseraStore", dependencies: ["CSQLite", "TesseraSDK"], resources: [.embedInCode("schema.sql")]),
        .target(name: "MappingPlugin",
                dependencies: ["TesseraSDK", .product(name: "Yams", package: "Yams")],
                path: "Plugins/Mappings",
                exclude: ["README.md"],
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
        .executableTarget(name: "mapping-bench", dependencies: ["MappingPlugin", "TesseraSDK"], path: "Benchmarks/MappingBench"),
        .testTarget(name: "TesseraSDKTests", dependencies: ["TesseraSDK"]),
        .testTarget(name: "MappingTests", dependencies: ["MappingPlugin", "TesseraSDK"]),
    ],
    swiftLanguageModes: [.v6]
)
