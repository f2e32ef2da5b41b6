import Foundation
import Testing
import TesseraSDK
@testable import ExchangeAuditPlugin

/// Microsoft's documentation examples in ../shared/samples/real/msdocs-exchange-audit-xml
/// (skipped, with a printed reason, when that folder is absent).
@Suite(.enabled(if: RealSamples.available, "real samples folder absent"))
struct RealSampleTests {
    @Test func adminAuditExampleMapsToOneEvent() throws {
        let bytes = try RealSamples.bytes("admin_audit_SearchResult_doc_example_verbatim.xml")
        #expect(ExchangeAuditPlugin().detect(SniffedHead(fileName: "SearchResult.xml", bytes: bytes)) == "exchange-admin-audit-xml")
        let sink = try ingest(bytes)
        #expect(sink.rejects.isEmpty)
        #expect(sink.records.count == 1)
        let record = try #require(sink.records.first)
        #expect(record.locator == "element 1, lines 4-12")
        // The raw text is the element exactly as in the file (lines 4-12).
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(String(decoding: record.raw, as: UTF8.self) == lines[3...11].joined(separator: "\n").drop(while: { $0 == " " }))
        #expect(record.dedupKey.hasPrefix("exchange-admin:"))
        let e = try #require(record.events.first)
        #expect(e.operation == "Set-Mailbox")
        #expect(e.action == EventAction.configChange)
        #expect(e.outcome == "success")
        #expect(e.timestampRaw == "2012-10-18T15:48:15-07:00")
        #expect(e.timestampUs == (try utcMicros("2012-10-18T22:48:15Z")))
        #expect(e.actorRaw == "corp.e15a.contoso.com/Users/Administrator")
        #expect(e.actor == "corp.e15a.contoso.com/users/administrator")
        #expect(e.actorType == ActorType.admin)
        #expect(e.resource == "corp.e15a.contoso.com/Users/david")
        #expect(e.category == EventCategory.admin)
        #expect(e.details.string("originating_server") == "WIN8MBX (15.00.0516.032)")
        #expect(e.details["error"] == nil)   // "None" is not an error
        let parameters = try #require(e.details["cmdlet_parameters"]?.arrayValue)
        #expect(parameters.count == 2)
        #expect(parameters[1].objectValue?.string("name") == "ProhibitSendReceiveQuota")
        #expect(parameters[1].objectValue?.string("value") == "10 GB (10,737,418,240 bytes)")
        let modified = try #require(e.details["modified_properties"]?.arrayValue)
        #expect(modified.first?.objectValue?.string("old_value") == "35 GB (37,580,963,840 bytes)")
        #expect(!e.message.contains("\n"))
    }

    /// The mailbox example is deliberately not well-formed (`<ItemId="..."` at line 18, column 8):
    /// its one event is a reject keeping the whole text, naming line, column and libxml2's message.
    @Test func mailboxAuditExampleIsARejectNamingTheFault() throws {
        let bytes = try RealSamples.bytes("mailbox_audit_SearchResult_doc_example_verbatim.xml")
        #expect(ExchangeAuditPlugin().detect(SniffedHead(fileName: "SearchResult.xml", bytes: bytes)) == "exchange-mailbox-audit-xml")
        let sink = try ingest(bytes)
        #expect(sink.records.isEmpty)
        #expect(sink.rejects.count == 1)
        let reject = try #require(sink.rejects.first)
        #expect(reject.locator == "element 1, lines 1-22")
        #expect(reject.reason.contains("line 18, column 8"))
        #expect(reject.reason.contains("libxml2: error parsing attribute name"))
        var text = String(decoding: bytes, as: UTF8.self)
        while text.last == "\n" { text.removeLast() }
        #expect(String(decoding: reject.raw, as: UTF8.self) == text)
        // The analyst is also told, at file level, that the file is damaged and where.
        #expect(sink.warnings == ["line 18, column 8: not well-formed XML (libxml2: error parsing attribute name); lines 1-22 kept as a reject, nothing follows"])
    }
}
