import Foundation
import TesseraSDK
import TesseraTestSupport
import Testing

@testable import ExchangeAuditPlugin

/// Microsoft's documentation examples in ../shared/samples/real/msdocs-exchange-audit-xml
/// (skipped, with a printed reason, when that folder is absent).
@Suite(.realSamples)
struct RealSampleTests {
    @Test func adminAuditExampleMapsToOneEvent() throws {
        let bytes = try RealSamples.bytes("msdocs-exchange-audit-xml/admin_audit_SearchResult_doc_example_verbatim.xml")
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
        #expect(e.details["error"] == nil) // "None" is not an error
        let parameters = try #require(e.details["cmdlet_parameters"]?.arrayValue)
        #expect(parameters.count == 2)
        #expect(parameters[1].objectValue?.string("name") == "ProhibitSendReceiveQuota")
        #expect(parameters[1].objectValue?.string("value") == "10 GB (10,737,418,240 bytes)")
        let modified = try #require(e.details["modified_properties"]?.arrayValue)
        #expect(modified.first?.objectValue?.string("old_value") == "35 GB (37,580,963,840 bytes)")
        #expect(!e.message.contains("\n"))
    }

    /// The mailbox example is not well-formed (`<ItemId="..."` at line 18, column 8: the item
    /// element has lost its name). Its event is stored from the well-formed attributes, the item
    /// salvaged from its unambiguous attributes, marked recovered, with the whole text kept raw.
    @Test func mailboxAuditExampleIsRecoveredFromItsReadableParts() throws {
        let bytes = try RealSamples.bytes("msdocs-exchange-audit-xml/mailbox_audit_SearchResult_doc_example_verbatim.xml")
        #expect(ExchangeAuditPlugin().detect(SniffedHead(fileName: "SearchResult.xml", bytes: bytes)) == "exchange-mailbox-audit-xml")
        let sink = try ingest(bytes)
        #expect(sink.rejects.isEmpty)
        #expect(sink.records.count == 1)
        let record = try #require(sink.records.first)
        #expect(record.locator == "element 1, lines 1-22")
        #expect(record.dedupKey.hasPrefix("exchange-mailbox:"))
        var text = String(decoding: bytes, as: UTF8.self)
        while text.last == "\n" { text.removeLast() }
        #expect(String(decoding: record.raw, as: UTF8.self) == text)
        #expect(record.events.count == 1)
        let e = try #require(record.events.first)
        #expect(e.operation == "HardDelete")
        #expect(e.action == EventAction.delete)
        #expect(e.timestampRaw == "2010-04-30T11:01:55.140625-07:00")
        #expect(e.timestampUs == (try utcMicros("2010-04-30T18:01:55.140625Z")))
        #expect(e.resourceType == ResourceType.mailItem)
        #expect(
            e.resource
                == "david@contoso.com/0000000073098C3277988F4CB882F5B82EBF64610700A7C317F68C24304BBD18ABE1F185E79B00000026BD4F0000A7C317F68C24304BBD18ABE1F185E79B00000026BD540"
        )
        #expect(e.resourceName == "Notification of litigation hold")
        #expect(e.actor == "S-1-5-21-290112810-296651436-1966561949-1149")
        #expect(e.actorType == ActorType.admin)
        #expect(e.details.string("item_folder_path") == "\\Recoverable Items\\Deletions")
        #expect(e.details.string("logon_user_dn") == "Administraor") // Microsoft's typo, kept
        #expect(e.details["recovered"] == .bool(true))
        let notes = try #require(e.details["recovery"]?.arrayValue).compactMap(\.stringValue)
        #expect(notes.first == "not well-formed XML at line 18, column 8: libxml2: error parsing attribute name")
        #expect(notes.dropFirst().first?.hasPrefix("line 18: an element without a name inside <SourceItems>") == true)
        // The analyst is told at file level, with line and column, that the record was recovered.
        #expect(sink.warnings.count == 1)
        #expect(
            sink.warnings.first?.hasPrefix("line 18, column 8: not well-formed XML (libxml2: error parsing attribute name); lines 1-22 recovered as element 1")
                == true)
    }
}
