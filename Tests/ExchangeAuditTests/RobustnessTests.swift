import Foundation
import TesseraSDK
import Testing

@testable import ExchangeAuditPlugin

/// Counts what the plugin emits without keeping it (for large inputs).
final class CountingSink: EventSink {
    var records = 0, events = 0, rejects = 0, warnings: [String] = []
    var largestRaw = 0
    var lastLocator = ""
    func accept(_ record: SourceRecord) throws {
        records += 1
        events += record.events.count
        largestRaw = max(largestRaw, record.raw.count)
        lastLocator = record.locator
    }
    func reject(_ reject: Reject) throws { rejects += 1 }
    func warn(_ message: String) { warnings.append(message) }
}

/// A mailbox-audit SearchResult.xml made on the fly, never held whole in memory.
final class GeneratedAuditSource: ByteSource {
    private let count: Int
    private var index = 0
    private var pending: [UInt8] = Array("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<SearchResults>\n".utf8)
    private var position = 0
    private var finished = false

    init(events: Int) { count = events }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while position == pending.count {
            if finished { return 0 }
            pending.removeAll(keepingCapacity: true)
            position = 0
            if index < count {
                let n = index
                pending.append(
                    contentsOf: Array(
                        MailboxXML.event(
                            operation: n % 2 == 0 ? "MessageBind" : "HardDelete",
                            lastAccessed: "2023-01-01T00:00:00.\(String(100_000 + n % 900_000))+01:00",
                            items: [("item-\(n)", "Subject \(n)")]
                        ).utf8))
                index += 1
            } else {
                pending.append(contentsOf: Array("</SearchResults>\n".utf8))
                finished = true
            }
        }
        let n = min(buffer.count, pending.count - position)
        pending.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + position, byteCount: n) }
        position += n
        return n
    }
}

@Suite struct MalformedInputTests {
    static let good = MailboxXML.event(operation: "Create", items: [("G1", "ok")])
    static let broken = """
          <Event Operation="HardDelete" LastAccessed="2010-04-30T11:01:55-07:00" MailboxGuid="g">
            <SourceItems>
        <ItemId="000000" Subject="Notification of litigation hold" />
            </SourceItems>
          </Event>

        """

    @Test func aDamagedElementIsRecoveredAndReadingResumes() throws {
        let sink = try ingest(MailboxXML.document([Self.good, Self.broken, Self.good]))
        #expect(sink.records.map(\.locator) == ["element 1, lines 3-7", "element 2, lines 8-12", "element 3, lines 13-17"])
        #expect(sink.rejects.isEmpty)
        let recovered = sink.records[1]
        #expect(String(decoding: recovered.raw, as: UTF8.self) == Self.broken.drop(while: { $0 == " " }).trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(recovered.events.map(\.resourceName) == ["Notification of litigation hold"])
        #expect(recovered.events.allSatisfy { $0.details["recovered"] == .bool(true) })
        #expect(sink.records[2].events.allSatisfy { $0.details["recovered"] == nil })
        #expect(sink.warnings.count == 1)
        #expect(sink.warnings[0].hasPrefix("line 10, column 8: not well-formed XML (libxml2: error parsing attribute name); lines 8-12 recovered as element 2"))
        #expect(sink.warnings[0].hasSuffix("reading resumed at the next record"))
    }

    /// A file broken everywhere: every broken element is a reject, warnings stop at a hundred.
    @Test func warningsAreCappedButRejectsAreNot() throws {
        let broken = "<Event Operation=\"x\" <<>\n"
        let sink = try ingest("<SearchResults>\n" + String(repeating: broken, count: 150) + "</SearchResults>\n")
        #expect(sink.rejects.count == 150)
        #expect(sink.records.isEmpty)
        #expect(sink.warnings.count == ExchangeAuditXMLReader.maxWarnings + 1)
        #expect(sink.warnings.last == "50 more warnings about this file were not listed; its rejects name every broken element")
    }

    /// Good records that end just before a fault, inside the same read-ahead, are not lost.
    @Test func manySmallRecordsBeforeAFaultAreAllKept() throws {
        let small = (0..<50).map { "<Event Operation=\"Create\" MailboxGuid=\"g\" LastAccessed=\"2020-01-01T00:00:\(String(format: "%02d", $0 % 60))Z\"/>" }
        let doc = "<SearchResults>" + small.joined() + "<Event Operation=\"x\" <<>" + small.prefix(5).joined() + "</SearchResults>"
        let sink = try ingest(doc)
        #expect(sink.records.count == 55)
        #expect(sink.rejects.count == 1)
        #expect(sink.rejects[0].locator == "element 51, line 1")
        #expect(String(decoding: sink.rejects[0].raw, as: UTF8.self) == "<Event Operation=\"x\" <<>")
    }

    @Test func aFileCutInsideARecordKeepsEveryCompleteRecordAndWhatItCanOfTheCutOne() throws {
        let full = MailboxXML.document([Self.good, Self.good, MailboxXML.event(operation: "Move", items: [("M1", "cut")])])
        let cut = String(full.prefix(full.count - 80))
        let sink = try ingest(cut)
        #expect(sink.rejects.isEmpty)
        #expect(sink.records.count == 3)
        let last = sink.records[2]
        #expect(last.locator.hasPrefix("element 3, lines 13-"))
        #expect(cut.hasSuffix(String(decoding: last.raw, as: UTF8.self)))
        // The item's tag is cut: the event stands on the record's folder, marked recovered and truncated.
        #expect(last.events.map(\.operation) == ["Move"])
        #expect(last.events[0].resourceType == ResourceType.mailFolder)
        let notes = last.events[0].details["recovery"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(notes.contains { $0.hasPrefix("the file ends inside this record (truncated export?)") })
        #expect(notes.first?.contains("libxml2:") == true)
        #expect(sink.warnings.contains { $0.contains("recovered as element 3") })

        // Cut inside the record's own start tag: nothing of it can be trusted.
        let inTag =
            MailboxXML.document([Self.good]).replacingOccurrences(of: "</SearchResults>\n", with: "")
            + "  <Event Operation=\"Move\" MailboxGuid=\"g\" LastAccessed=\"2020-01-01T00:00:00Z\" Logon"
        let tagCut = try ingest(inTag)
        #expect(tagCut.records.count == 1)
        #expect(tagCut.rejects.count == 1)
        #expect(tagCut.rejects[0].reason.contains("the file ends inside this element"))
        #expect(tagCut.warnings.contains { $0.contains("export looks truncated") })
    }

    @Test func aFileCutBetweenRecordsWarnsWithoutRejecting() throws {
        let cut = "<?xml version=\"1.0\"?>\n<SearchResults>\n" + Self.good + Self.good
        let sink = try ingest(cut)
        #expect(sink.records.count == 2)
        #expect(sink.rejects.isEmpty)
        #expect(sink.warnings.count == 1)
        #expect(sink.warnings[0].contains("ends before its root element is closed"))
    }

    @Test func bareEventFragmentsAreEachRead() throws {
        // Microsoft's documentation shows lone <Event> elements; several pasted together still read.
        let sink = try ingest(Self.good + Self.good + Self.good)
        #expect(sink.records.count == 3)
        #expect(sink.rejects.isEmpty)
        #expect(sink.warnings.isEmpty)
        #expect(sink.records.map(\.locator) == ["element 1, lines 1-5", "element 2, lines 6-10", "element 3, lines 11-15"])
    }

    @Test func contentAfterTheRootIsRejectedNotLost() throws {
        let sink = try ingest(MailboxXML.document([Self.good]) + "trailing garbage\n")
        #expect(sink.records.count == 1)
        #expect(sink.rejects.count == 1)
        #expect(String(decoding: sink.rejects[0].raw, as: UTF8.self) == "</SearchResults>\ntrailing garbage")
    }

    @Test func notXMLAtAllIsOneReject() throws {
        let sink = try ingest("this is not xml\n")
        #expect(sink.records.isEmpty)
        #expect(sink.rejects.count == 1)
        #expect(sink.rejects[0].reason.contains("line 1, column 1"))
    }
}

@Suite struct HostileInputTests {
    /// An external entity pointing at a local file: the DTD is never given to libxml2.
    @Test func externalEntitiesAreRefused() throws {
        let secretFile = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-xxe-\(UUID().uuidString).txt")
        try "TOP-SECRET-MARKER".write(to: secretFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: secretFile) }
        let doc = """
            <?xml version="1.0" encoding="utf-8"?>
            <!DOCTYPE SearchResults [ <!ENTITY xxe SYSTEM "\(secretFile.absoluteString)"> <!ENTITY net SYSTEM "http://192.0.2.1/x"> ]>
            <SearchResults>
              <Event Operation="Create" MailboxGuid="g" LastAccessed="2020-01-01T00:00:00Z" ClientInfoString="&xxe;&net;">&xxe;</Event>
            </SearchResults>
            """
        let sink = CollectingSink()
        #expect {
            try ExchangeAuditPlugin().ingest(EvidenceInput(bytes: MemoryByteSource(doc)), context: IngestContext(displayPath: "xxe.xml"), sink: sink)
        } throws: { error in
            let text = "\(error)"
            return text.contains("xxe.xml") && text.contains("line 2") && text.contains("DTD") && !text.contains("TOP-SECRET-MARKER")
        }
        #expect(sink.records.isEmpty && sink.rejects.isEmpty)
    }

    @Test func entityExpansionBombsAreRefusedQuickly() throws {
        var doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
        doc += " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
        for i in 2...9 { doc += " <!ENTITY lol\(i) \"" + String(repeating: "&lol\(i - 1);", count: 10) + "\">\n" }
        // Parameter-entity variant too: expanded while the DTD itself is read.
        doc +=
            " <!ENTITY % pe \"&#37;pe;\">\n]>\n<SearchResults><Event Operation=\"&lol9;\" MailboxGuid=\"g\" LastAccessed=\"2020-01-01T00:00:00Z\">&lol9;</Event></SearchResults>\n"
        let start = Date()
        #expect(throws: EvidenceError.self) { try ingest(doc) }
        #expect(Date().timeIntervalSince(start) < 5)
        // The same bomb in UTF-16 is refused the same way.
        #expect(throws: EvidenceError.self) { try ingest(utf16LE(doc)) }
    }

    @Test func deepNestingHitsLibxmlsDepthLimitNotOurStack() throws {
        let depth = 100_000
        let doc =
            "<SearchResults><Event Operation=\"Create\" MailboxGuid=\"g\" LastAccessed=\"2020-01-01T00:00:00Z\">"
            + String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth) + "</Event></SearchResults>"
        let sink = try ingest(doc)
        #expect(sink.records.isEmpty)
        #expect(sink.rejects.count == 1)
        #expect(sink.rejects[0].reason.contains("libxml2: Excessive depth in document"))
        #expect(sink.rejects[0].locator == "element 1, line 1")
        #expect(sink.rejects[0].raw.count == doc.utf8.count - "<SearchResults>".utf8.count)
        #expect(sink.warnings.count == 1)
        #expect(sink.warnings.first?.contains("not well-formed XML (libxml2: Excessive depth in document") == true)
    }

    @Test func anElementLargerThanTheLimitIsRefused() throws {
        let items = (0..<2000).map { ("item-\($0)", "subject \($0)") }
        let doc = MailboxXML.document([MailboxXML.event(items: items)])
        #expect {
            try ingest(doc, plugin: ExchangeAuditPlugin(maxRecordBytes: 64 << 10))
        } throws: { error in
            "\(error)".contains("line 3: one element is larger than")
        }
        // Under the default limit the same record reads, one event per item.
        #expect(try ingest(doc).records.first?.events.count == 2000)
    }
}

@Suite struct FanOutLimitTests {
    private func record(items: Int) -> String {
        "<SearchResults><Event Operation=\"HardDelete\" MailboxGuid=\"g\" LastAccessed=\"2020-01-01T00:00:00Z\"><SourceItems>"
            + (0..<items).map { "<I ItemId=\"\($0)\"/>" }.joined() + "</SourceItems></Event></SearchResults>"
    }

    /// One record holds all its events at once, so its fan-out is capped to bound memory: a record
    /// listing more items is kept whole as a reject rather than partly expanded.
    @Test func aRecordListingTooManyItemsIsRejectedWhole() throws {
        let atLimit = try ingest(record(items: AuditRecord.maxListEntries))
        #expect(atLimit.records.first?.events.count == AuditRecord.maxListEntries)
        let over = try ingest(record(items: AuditRecord.maxListEntries + 5))
        #expect(over.records.isEmpty)
        #expect(over.rejects.count == 1)
        #expect(
            over.rejects[0].reason.hasPrefix(
                "the element lists \(AuditRecord.maxListEntries + 5) entries in <SourceItems>, more than the \(AuditRecord.maxListEntries)"))
        #expect(over.rejects[0].raw.count == record(items: AuditRecord.maxListEntries + 5).utf8.count - "<SearchResults></SearchResults>".utf8.count)
    }
}

@Suite struct LargeInputTests {
    /// Many records streamed from a generator: every one counted, raw text per record only.
    @Test func manyRecordsStreamWithExactCounts() throws {
        let n = 5_000
        let sink = CountingSink()
        try ExchangeAuditPlugin().ingest(
            EvidenceInput(bytes: GeneratedAuditSource(events: n)),
            context: IngestContext(displayPath: "big.xml"), sink: sink)
        #expect(sink.records == n)
        #expect(sink.events == n)
        #expect(sink.rejects == 0)
        #expect(sink.warnings.isEmpty)
        #expect(sink.largestRaw < 2048)
        #expect(sink.lastLocator == "element \(n), lines \(2 + 5 * (n - 1) + 1)-\(2 + 5 * n)")
    }
}
