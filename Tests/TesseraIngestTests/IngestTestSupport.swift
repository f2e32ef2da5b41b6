import Foundation
import TesseraSDK
import TesseraTestSupport

@testable import TesseraIngest
@testable import TesseraStore

/// The package root.
let packageRoot = RealSamples.packageRoot

func temporaryDirectory() throws -> String { try makeTemporaryDirectory("ingest-tests") }

func write(_ text: String, to path: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

func run(
    _ paths: [String], store: EventStore, options: IngestOptions = IngestOptions(),
    plugins: [any IngestPlugin] = PluginRegistry.builtIn
) throws -> IngestReport {
    try IngestPipeline(store: store, plugins: plugins, options: options).run(paths: paths)
}

extension IngestReport {
    var ingested: [IngestedSource] {
        outcomes.compactMap { if case .ingested(let s) = $0 { return s } else { return nil } }
    }
}

let supportHeader = "interaction_id,engineer,engineer_country,tenant,customer_class,start,end,accounts,source_ips,scope,summary\n"
