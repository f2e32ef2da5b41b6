// swift-tools-version: 6.0
import PackageDescription

/// Release-mode tools behind the benchmark scripts in `Benchmarks/scripts/` and `scripts/bench`.
/// A package of their own beside the product, so `tessera`'s manifest holds only what ships;
/// they use Tessera's modules through the `TesseraModules` product of the package one level up.
/// Build one: `swift build -c release --package-path Benchmarks --product ual-bench`.
let tessera: Target.Dependency = .product(name: "TesseraModules", package: "Tessera")

let package = Package(
    name: "TesseraBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "Tessera", path: "..")
    ],
    targets: [
        .executableTarget(name: "exchange-xml-bench", dependencies: [tessera], path: "Sources/ExchangeXMLBench"),
        .executableTarget(name: "ual-bench", dependencies: [tessera], path: "Sources/UALBench"),
        .executableTarget(name: "tessera-bench-correlate", dependencies: [tessera], path: "Sources/BenchCorrelate"),
        .executableTarget(name: "mapping-bench", dependencies: [tessera], path: "Sources/MappingBench"),
    ],
    swiftLanguageModes: [.v6]
)
