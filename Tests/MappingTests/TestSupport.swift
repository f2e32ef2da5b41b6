import Foundation
import TesseraSDK
import TesseraTestSupport
import Testing

@testable import MappingPlugin

/// Runs a plugin over bytes in memory.
func run(_ plugin: MappingIngestPlugin, _ bytes: [UInt8], zone: TimeZone? = nil) throws -> CollectingSink {
    let sink = CollectingSink()
    try plugin.ingest(EvidenceInput(bytes: MemoryByteSource(bytes)), context: IngestContext(displayPath: "test", sourceTimeZone: zone), sink: sink)
    return sink
}

func run(_ plugin: MappingIngestPlugin, _ text: String, zone: TimeZone? = nil) throws -> CollectingSink {
    try run(plugin, Array(text.utf8), zone: zone)
}

/// A built-in mapping by name.
func builtIn(_ name: String) throws -> MappingIngestPlugin {
    let all = try MappingCatalog.builtIn()
    guard let plugin = all.first(where: { $0.mappingName == name }) else {
        throw MappingError(file: name, line: nil, key: "", reason: "no built-in mapping named \(name)")
    }
    return plugin
}

/// Compiles a mapping written in a test.
func mapping(_ yaml: String, file: String = "test.yaml") throws(MappingError) -> MappingIngestPlugin {
    try MappingIngestPlugin(yaml: yaml, file: file, origin: file)
}

/// Which built-in mappings claim a head.
func claimants(fileName: String, _ bytes: [UInt8]) throws -> [String] {
    let head = SniffedHead(fileName: fileName, bytes: Array(bytes.prefix(64 << 10)))
    return try MappingCatalog.builtIn().filter { $0.detect(head) != nil }.map(\.mappingName)
}

func µs(_ iso: String) throws -> Int64 {
    try Timestamp.parseISO8601UTC(iso, zone: nil)
}
