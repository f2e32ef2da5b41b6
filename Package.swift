// swift-tools-version: 6.0
import PackageDescription
let package = Package(
    name: "Tessera",
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3"),
        .systemLibrary(name: "CMaxMindDB", path: "Sources/CMaxMindDB", pkgConfig: "libmaxminddb",
                       providers: [.apt(["libmaxminddb-dev"])]),
        .target(name: "TesseraSDK"),
        .target(name: "TesseraStore", dependencies: ["CSQLite", "TesseraSDK"], resources: [.embedInCode("schema.sql")]),
        .target(name: "TesseraCorrelation", dependencies: ["TesseraStore", "TesseraSDK", "CMaxMindDB",
                                                            .product(name: "Yams", package: "Yams")]),
        .executableTarget(name: "tessera-bench-correlate", dependencies: ["TesseraCorrelation", "TesseraStore", "TesseraSDK"]),
        .testTarget(name: "TesseraSDKTests", dependencies: ["TesseraSDK"]),
        .testTarget(name: "CorrelationTests", dependencies: ["TesseraCorrelation", "TesseraStore", "TesseraSDK"]),
    ],
    swiftLanguageModes: [.v6]
)
