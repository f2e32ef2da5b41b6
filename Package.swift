// swift-tools-version: 6.0
import PackageDescription
let package = Package(
    name: "Tessera",
    targets: [
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3"),
        .target(name: "TesseraSDK"),
        .target(name: "TesseraStore", dependencies: ["CSQLite", "TesseraSDK"], resources: [.embedInCode("schema.sql")]),
        .testTarget(name: "TesseraSDKTests", dependencies: ["TesseraSDK"]),
        .target(name: "UnifiedAuditLogPlugin", dependencies: ["TesseraSDK"], path: "Plugins/UnifiedAuditLog"),
        .testTarget(name: "UnifiedAuditLogTests", dependencies: ["UnifiedAuditLogPlugin", "TesseraSDK", "TesseraStore"]),
        .executableTarget(name: "ual-bench", dependencies: ["UnifiedAuditLogPlugin", "TesseraSDK", "TesseraStore"], path: "Tools/ual-bench"),
    ],
    swiftLanguageModes: [.v6]
)
