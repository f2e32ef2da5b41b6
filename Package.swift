// swift-tools-version: 6.0
import PackageDescription
let package = Package(
    name: "Tessera",
    targets: [
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3"),
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .target(name: "TesseraSDK"),
        .target(name: "TesseraStore", dependencies: ["CSQLite", "TesseraSDK"], resources: [.embedInCode("schema.sql")]),
        .testTarget(name: "TesseraSDKTests", dependencies: ["TesseraSDK"]),
        .target(name: "ExchangeAuditPlugin", dependencies: ["TesseraSDK", "CLibXML2"], path: "Plugins/ExchangeAudit"),
        .testTarget(name: "ExchangeAuditTests", dependencies: ["ExchangeAuditPlugin", "TesseraSDK"], path: "Tests/ExchangeAuditTests"),
        .executableTarget(name: "exchange-xml-bench", dependencies: ["ExchangeAuditPlugin", "TesseraSDK"], path: "Benchmarks/ExchangeXMLBench"),
    ],
    swiftLanguageModes: [.v6]
)
