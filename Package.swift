// swift-tools-version: 6.0
import PackageDescription
let package = Package(
    name: "Tessera",
    targets: [
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3"),
        .target(name: "TesseraSDK"),
        .target(name: "TesseraStore", dependencies: ["CSQLite", "TesseraSDK"], resources: [.embedInCode("schema.sql")]),
        .testTarget(name: "TesseraSDKTests", dependencies: ["TesseraSDK"]),
    ],
    swiftLanguageModes: [.v6]
)
