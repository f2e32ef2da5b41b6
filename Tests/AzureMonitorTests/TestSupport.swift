import Foundation
import TesseraSDK
import TesseraTestSupport

@testable import AzureMonitorPlugin

/// Collects what the plugin emits.
final class TestSink: EventSink {
    var records: [SourceRecord] = []
    var rejects: [Reject] = []
    var warnings: [String] = []
    func accept(_ record: SourceRecord) throws { records.append(record) }
    func reject(_ reject: Reject) throws { rejects.append(reject) }
    func warn(_ message: String) { warnings.append(message) }
    var events: [NormalizedEvent] { records.flatMap(\.events) }
}

let plugin = AzureMonitorPlugin()

func detect(_ bytes: [UInt8], name: String = "x.json") -> String? {
    plugin.detect(SniffedHead(fileName: name, bytes: bytes))
}

func ingest(_ bytes: [UInt8], zone: TimeZone? = nil) throws -> TestSink {
    let sink = TestSink()
    try plugin.ingest(EvidenceInput(bytes: MemoryByteSource(bytes)), context: IngestContext(displayPath: "test", sourceTimeZone: zone), sink: sink)
    return sink
}

func ingest(_ text: String) throws -> TestSink { try ingest(Array(text.utf8)) }

extension NormalizedEvent {
    /// A string member of `details`.
    func detail(_ key: String) -> String? { details[key]?.stringValue }
}
