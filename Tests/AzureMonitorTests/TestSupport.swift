import Foundation
import TesseraSDK
@testable import AzureMonitorPlugin

/// `../shared/samples/real`, present under CI and on developers' machines, absent in a user's clone.
enum RealSamples {
    static let root: String = {
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/samples/real").path
    }()
    static let present = FileManager.default.fileExists(atPath: root)

    static func bytes(_ path: String) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: root + "/" + path) else { return nil }
        return [UInt8](data)
    }
}

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
