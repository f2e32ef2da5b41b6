import Foundation
import TesseraSDK
@testable import TesseraIngest
@testable import TesseraStore

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// `../shared/samples/real`, present under CI and on developers' machines, absent in a user's clone.
let realSamples = (packageRoot as NSString).deletingLastPathComponent + "/shared/samples/real"
let realSamplesPresent = FileManager.default.fileExists(atPath: realSamples)

func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "tessera-ingest-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func write(_ text: String, to path: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

func run(_ paths: [String], store: EventStore, options: IngestOptions = IngestOptions(),
         plugins: [any IngestPlugin] = PluginRegistry.builtIn) throws -> IngestReport {
    try IngestPipeline(store: store, plugins: plugins, options: options).run(paths: paths)
}

extension IngestReport {
    var ingested: [IngestedSource] {
        outcomes.compactMap { if case .ingested(let s) = $0 { return s } else { return nil } }
    }
}

let supportHeader = "interaction_id,engineer,engineer_country,tenant,customer_class,start,end,accounts,source_ips,scope,summary\n"
