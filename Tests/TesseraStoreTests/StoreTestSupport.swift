import Foundation
import TesseraSDK
import TesseraTestSupport

@testable import TesseraStore

/// A fresh directory per test, removed afterwards by the OS's tmp cleaning (tests never share one).
func temporaryDirectory() throws -> String { try makeTemporaryDirectory("tests") }

func sampleInfo(_ name: String, sha: String = UUID().uuidString) -> SourceInfo {
    SourceInfo(
        path: "/evidence/\(name)", sha256: sha, sizeBytes: 100, plugin: "test", pluginVersion: "1",
        format: "test", sourceTimeZone: nil, toolVersion: "test")
}

func event(_ us: Int64, actor: String = "alice@agency.example", resource: String = "doc-1") -> NormalizedEvent {
    NormalizedEvent(
        timestampUs: us, timestampRaw: Timestamp.iso8601(us), timestampDescription: "Accessed",
        category: EventCategory.file, operation: "FileAccessed", action: EventAction.read, actor: actor,
        resource: resource, message: "read \(resource)\nsecond line")
}

func record(_ key: String, events: [NormalizedEvent], line: Int = 1) -> SourceRecord {
    SourceRecord(locator: "line \(line)", dedupKey: key, raw: Array("raw \(key)".utf8), events: events)
}
