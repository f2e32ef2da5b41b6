import Foundation
import TesseraSDK
import Testing

@testable import ExchangeAuditPlugin

/// Damage at each level of a SearchResult.xml: what is recovered, what stays a reject, and that
/// later records are always read and counts add up.
@Suite struct DamagedRecordTests {
    static let good = MailboxXML.event(operation: "Create", items: [("G1", "ok")])

    func notes(_ record: SourceRecord) -> [String] {
        record.events.first?.details["recovery"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// A record attribute with no value: dropped and noted; the rest of the start tag is sound.
    @Test func eventAttributeWithoutAValueIsDroppedAndTheEventKept() throws {
        let damaged = MailboxXML.event(operation: "SoftDelete", items: [("I1", "kept")], extra: " Broken")
        let sink = try ingest(MailboxXML.document([damaged, Self.good]))
        #expect(sink.rejects.isEmpty)
        #expect(sink.records.count == 2)
        let e = try #require(sink.records[0].events.first)
        #expect(e.operation == "SoftDelete" && e.resourceName == "kept")
        #expect(e.actor == "S-1-5-21-290112810-296651436-1966561949-1149")
        #expect(notes(sink.records[0]).contains("line 3: attribute Broken has no value; it was dropped"))
        #expect(sink.records[1].events.first?.details["recovered"] == nil)
    }

    /// An unbalanced quote in the record's own start tag shifts every later value: nothing of the
    /// event can be trusted, so it is a reject, and the next record is still read.
    @Test func unbalancedQuoteInTheEventTagIsAReject() throws {
        let damaged = "  <Event Operation=\"HardDelete LastAccessed=\"2010-04-30T11:01:55-07:00\" MailboxGuid=\"g\">\n  </Event>\n"
        let sink = try ingest(MailboxXML.document([Self.good, damaged, Self.good]))
        #expect(sink.records.count == 2)
        #expect(sink.rejects.count == 1)
        #expect(sink.rejects[0].locator == "element 2, lines 8-9")
        #expect(sink.rejects[0].reason.hasPrefix("not well-formed XML at line 8"))
        #expect(String(decoding: sink.rejects[0].raw, as: UTF8.self) == damaged.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// A repeated attribute is ambiguous (which one is true?): a reject.
    @Test func repeatedEventAttributeIsAReject() throws {
        let damaged = "<Event Operation=\"HardDelete\" Operation=\"Move\" LastAccessed=\"2010-04-30T11:01:55-07:00\" MailboxGuid=\"g\"/>\n"
        let sink = try ingest(MailboxXML.document([damaged, Self.good]))
        #expect(sink.records.count == 1)
        #expect(sink.rejects.count == 1)
    }

    /// A child whose tag cannot be read (unbalanced quote) is dropped; its siblings and the event stay.
    @Test func unreadableChildIsDroppedItsSiblingsKept() throws {
        let damaged = MailboxXML.event(operation: "HardDelete", items: [("I1", "first"), ("I2", "second")])
            .replacingOccurrences(of: "ItemId=\"I1\" Subject=\"first\"", with: "ItemId=\"I1 Subject=\"first\"")
        let sink = try ingest(MailboxXML.document([damaged, Self.good]))
        #expect(sink.rejects.isEmpty)
        #expect(sink.records.count == 2)
        let events = sink.records[0].events
        #expect(events.map(\.resourceName) == ["second"])
        #expect(notes(sink.records[0]).contains { $0.hasPrefix("line 5: an element's tag could not be read (text right after the value of ItemId") })
        #expect(sink.warnings.count == 1)
        #expect(sink.warnings[0].contains("recovered as element 1"))
    }

    /// An unknown entity in an item's attribute: that value is dropped, the rest of the item kept.
    @Test func unknownEntityDropsOnlyThatValue() throws {
        let damaged = MailboxXML.event(operation: "HardDelete", items: [("I1", "R&amp;D &bogus; plan")])
        let sink = try ingest(MailboxXML.document([damaged]))
        #expect(sink.rejects.isEmpty)
        let e = try #require(sink.records.first?.events.first)
        #expect(e.resource?.hasSuffix("/I1") == true)
        #expect(e.resourceName == nil)
        #expect(notes(sink.records[0]).contains("line 5: the value of Subject holds an unknown entity reference; it was dropped"))
    }

    /// Damage between records is not a record: one reject holding it, every record read.
    @Test func damageBetweenRecordsIsOneRejectAndNothingElseChanges() throws {
        let sink = try ingest(MailboxXML.document([Self.good, "  garbage & <<not a tag\n", Self.good, Self.good]))
        #expect(sink.records.count == 3)
        #expect(sink.records.allSatisfy { $0.events.allSatisfy { $0.details["recovered"] == nil } })
        #expect(sink.rejects.count == 1)
        #expect(String(decoding: sink.rejects[0].raw, as: UTF8.self) == "garbage & <<not a tag")
    }

    /// Text after the damaged record's end tag is not part of it: the record is recovered and that
    /// text is a reject of its own.
    @Test func textAfterARecoveredRecordIsARejectOfItsOwn() throws {
        let raw = "<Event Operation=\"x\" LastAccessed=\"2020-01-01T00:00:00Z\"><A/></Event> tail"
        let salvaged = try #require(DamagedRecordSalvager.salvage(Array(raw.utf8), firstLine: 1))
        #expect(salvaged.length == raw.utf8.count - 5)
        #expect(salvaged.record.fields.map(\.name) == ["Operation", "LastAccessed", "A"])
        #expect(DamagedRecordSalvager.salvage(Array("junk <Event Operation=\"x\"/>".utf8), firstLine: 1) == nil)
    }

    /// Values decode as libxml2 decodes them: predefined and numeric references, whitespace normalized.
    @Test func valuesDecodeLikeLibxml2() throws {
        let raw =
            "<Event Operation=\"a&amp;b&#x41;&#66;\" Subject=\"line1\nline2\r\n3\"><SourceItems><ItemId=\"x\" Subject=\"&lt;y&gt;\"/></SourceItems></Event>"
        let s = try #require(DamagedRecordSalvager.salvage(Array(raw.utf8), firstLine: 1))
        #expect(s.record.fields == [AuditField(name: "Operation", value: "a&bAB"), AuditField(name: "Subject", value: "line1 line2 3")])
        #expect(s.record.list("SourceItems") == [[AuditField(name: "ItemId", value: "x"), AuditField(name: "Subject", value: "<y>")]])
    }

    /// A recovered record's counts add up through a real ingest: records read = stored + rejects.
    @Test func countsAddUp() throws {
        let broken = MailboxXML.event(operation: "HardDelete", items: [("I1", "x")]).replacingOccurrences(of: "<SourceItem ItemId", with: "<ItemId")
        let sink = try ingest(MailboxXML.document([Self.good, broken, "  junk &\n", Self.good]))
        #expect(sink.records.count + sink.rejects.count == 4)
        #expect(sink.records.count == 3)
        #expect(sink.records.map(\.locator) == ["element 1, lines 3-7", "element 2, lines 8-12", "element 4, lines 14-18"])
        #expect(sink.rejects.map(\.locator) == ["element 3, line 13"])
        #expect(sink.rejects.first.map { String(decoding: $0.raw, as: UTF8.self) } == "junk &")
    }
}
