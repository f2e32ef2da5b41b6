import Foundation
import TesseraSDK
import Testing

@testable import TesseraIngest

@Suite struct DetectionTests {
    struct ClaimsEverything: IngestPlugin {
        var descriptor: PluginDescriptor { PluginDescriptor(name: "greedy", version: "1", formats: ["any"], summary: "test") }
        func detect(_ head: SniffedHead) -> String? { "any" }
        func ingest(_ input: EvidenceInput, context: IngestContext, sink: any EventSink) throws {}
    }

    private func head(_ text: String, name: String = "x.csv") -> SniffedHead {
        SniffedHead(fileName: name, bytes: Array(text.utf8))
    }

    @Test func picksTheRightPlugin() throws {
        let detector = Detector(plugins: PluginRegistry.builtIn)
        #expect(try detector.detect(head(supportHeader), path: "a", forced: nil).plugin.descriptor.name == "support-log")
        #expect(
            try detector.detect(head(#"{"interaction_id":"T","engineer":"e","start":"2023-01-01T00:00:00Z"}"#), path: "a", forced: nil).format
                == "support-log-jsonl")
        #expect(
            try detector.detect(head(#"{"value":[{"properties":{"requestId":"1","supportRequest":"2","createdDateTime":"x"}}]}"#), path: "a", forced: nil)
                .plugin.descriptor.name == "customer-lockbox")
        // A UTF-16 support log with a BOM is still recognized.
        let utf16: [UInt8] = [0xFF, 0xFE] + supportHeader.utf16.flatMap { unit -> [UInt8] in [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(try detector.detect(SniffedHead(fileName: "u.csv", bytes: utf16), path: "u", forced: nil).format == "support-log-csv")
    }

    @Test func refusesAmbiguityAndUnknownFiles() {
        let detector = Detector(plugins: PluginRegistry.builtIn + [ClaimsEverything()])
        #expect {
            _ = try detector.detect(head(supportHeader), path: "log.csv", forced: nil)
        } throws: { error in
            guard case DetectionError.ambiguous(_, let candidates) = error else { return false }
            return candidates.count == 2 && "\(error)".contains("--plugin")
        }
        #expect(throws: DetectionError.self) {
            _ = try Detector(plugins: PluginRegistry.builtIn).detect(self.head("hello"), path: "n.txt", forced: nil)
        }
        #expect(throws: DetectionError.self) {
            _ = try Detector(plugins: PluginRegistry.builtIn).detect(self.head("hello"), path: "n.txt", forced: "nope")
        }
        #expect((try? detector.detect(head("hello"), path: "n.txt", forced: "greedy"))?.plugin.descriptor.name == "greedy")
    }
}
