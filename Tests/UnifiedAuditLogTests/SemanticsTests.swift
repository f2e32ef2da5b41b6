import Foundation
import TesseraSDK
import TesseraStore
import Testing

@testable import UnifiedAuditLogPlugin

/// Time, deduplication, the export cap and what becomes a reject.
@Suite struct SemanticsTests {
    /// AuditData without CreationTime forces the CreationDate fallback.
    private func withoutCreationTime(_ id: String) -> String {
        fileDownloaded(id: id).replacingOccurrences(of: "\"CreationTime\":\"2023-03-14T09:26:53\",", with: "")
    }

    @Test func creationTimeIsAuthoritativeAndUTCWhateverTheSourceZone() throws {
        let csv =
            purviewHeader + "\n"
            + purviewRow(
                id: "t1", creationDate: "3/14/2023 5:26:53 AM", operation: "FileDownloaded",
                userID: "alice@contoso.onmicrosoft.com", auditData: fileDownloaded(id: "t1")) + "\n"
        let event = try #require(try ingest(csv, zone: TimeZone(identifier: "Asia/Tokyo")).events.first)
        #expect(event.iso == "2023-03-14T09:26:53.000000Z")
        #expect(event.timestampRaw == "2023-03-14T09:26:53")
    }

    @Test func localizedCreationDateFallbackIsUTCUnlessSourceTZSaysOtherwise() throws {
        let csv =
            purviewHeader + "\n"
            + purviewRow(
                id: "t2", creationDate: "9/20/2023 4:05:03 AM", operation: "FileDownloaded",
                userID: "alice@contoso.onmicrosoft.com", auditData: withoutCreationTime("t2")) + "\n"
        let utc = try #require(try ingest(csv).events.first)
        #expect(utc.iso == "2023-09-20T04:05:03.000000Z")
        #expect(utc.timestampRaw == "9/20/2023 4:05:03 AM")
        #expect(utc.details["TimeSource"] == .string("CreationDate"))
        let newYork = try #require(try ingest(csv, zone: TimeZone(identifier: "America/New_York")).events.first)
        #expect(newYork.iso == "2023-09-20T08:05:03.000000Z") // EDT, UTC-4
        let pm = csv.replacingOccurrences(of: "4:05:03 AM", with: "12:05:03 PM")
        #expect(try ingest(pm).events.first?.iso == "2023-09-20T12:05:03.000000Z")
    }

    @Test func isoCreationDateFallbackWithSevenFractionDigits() throws {
        let csv =
            purviewHeader + "\n"
            + purviewRow(
                id: "t3", creationDate: "2023-01-01T00:00:01.1234567Z", operation: "FileDownloaded",
                userID: "alice@contoso.onmicrosoft.com", auditData: withoutCreationTime("t3")) + "\n"
        #expect(try ingest(csv, zone: TimeZone(identifier: "America/New_York")).events.first?.iso == "2023-01-01T00:00:01.123456Z")
    }

    @Test func noUsableTimeIsAReject() throws {
        let csv =
            purviewHeader + "\n"
            + purviewRow(
                id: "t4", creationDate: "31/31/2023", operation: "FileDownloaded",
                userID: "alice@contoso.onmicrosoft.com", auditData: withoutCreationTime("t4")) + "\n"
        let sink = try ingest(csv)
        #expect(sink.records.isEmpty)
        #expect(sink.rejects.first?.reason.contains("CreationDate") == true)
    }

    /// Exports hold 2–4 copies of a record; each copy carries the same key and the store keeps one.
    @Test func duplicateCopiesCollapseInTheStore() throws {
        var rows = [purviewHeader]
        for copy in 0..<3 {
            rows.append(
                purviewRow(
                    id: "D1", creationDate: "2023-03-14T09:26:5\(copy).0000000Z", operation: "FileDownloaded",
                    userID: "alice@contoso.onmicrosoft.com", auditData: fileDownloaded(id: "d1d1d1d1-0000-4000-8000-000000000001")))
        }
        rows.append(
            purviewRow(
                id: "D2", operation: "FileDownloaded", userID: "alice@contoso.onmicrosoft.com",
                auditData: fileDownloaded(id: "d2d2d2d2-0000-4000-8000-000000000002")))
        rows.append(purviewRow(id: "bad", operation: "FileDownloaded", userID: "x", auditData: "{\"Id\":\"trunc"))
        let sink = try ingest(rows.joined(separator: "\n") + "\n")
        #expect(
            sink.records.map(\.dedupKey) == Array(repeating: "ual:d1d1d1d1-0000-4000-8000-000000000001", count: 3) + [
                "ual:d2d2d2d2-0000-4000-8000-000000000002"
            ])

        // The same record from a JSON export gets the same key (case of the GUID aside).
        let json = try ingest(Array((fileDownloaded(id: "D1D1D1D1-0000-4000-8000-000000000001") + "\n").utf8), file: "x.jsonl")
        #expect(json.records.first?.dedupKey == "ual:d1d1d1d1-0000-4000-8000-000000000001")

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ual-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try EventStore(path: directory.appendingPathComponent("t.db").path, mode: .readWrite)
        let writer = try SourceWriter(
            store: store,
            info: SourceInfo(
                path: "export.csv", sha256: String(repeating: "0", count: 64), sizeBytes: 1,
                plugin: "m365-ual", pluginVersion: "1", format: "m365-ual-purview-csv",
                sourceTimeZone: nil, toolVersion: "test"))
        for record in sink.records { try writer.store(record) }
        for reject in sink.rejects { try writer.reject(reject) }
        let counts = try writer.finish(warnings: sink.warnings)
        #expect(counts.recordsRead == 5)
        #expect(counts.recordsStored == 2)
        #expect(counts.duplicates == 2)
        #expect(counts.rejects == 1)
        #expect(counts.addsUp)
    }

    @Test func contentKeyWhenARecordHasNoId() throws {
        let audit = fileDownloaded(id: "x").replacingOccurrences(of: "\"Id\":\"x\",", with: "")
        let sink = try ingest(Array((audit + "\n" + audit + "\n").utf8), file: "x.jsonl")
        let keys = sink.records.map(\.dedupKey)
        #expect(keys.count == 2 && keys[0] == keys[1] && keys[0].hasPrefix("ual:sha256:"))
    }

    @Test(arguments: [(4_999, false), (5_000, true), (5_001, false)])
    func exportCapWarning(rows: Int, warns: Bool) throws {
        // Small AuditData keeps this fast; the cap is about the number of rows.
        var csv = purviewHeader + "\n"
        for i in 0..<rows {
            let audit =
                "{\"CreationTime\":\"2023-01-01T00:00:00\",\"Id\":\"r\(i)\",\"Operation\":\"FileAccessed\",\"RecordType\":6,\"Workload\":\"SharePoint\",\"UserId\":\"a@contoso.com\"}"
            csv += purviewRow(id: "r\(i)", operation: "FileAccessed", userID: "a@contoso.com", auditData: audit) + "\n"
        }
        let sink = try ingest(csv)
        #expect(sink.records.count == rows)
        #expect(sink.warnings.contains { $0.contains("exactly 5000 records") && $0.contains("truncated") } == warns)
    }

    @Test func exportCapsAreTheKnownLimits() {
        #expect(UALIngestor.exportCaps == [5_000, 50_000, 50_001])
    }

    @Test func damagedRowsBecomeRejectsAndNothingIsLost() throws {
        let good = purviewRow(id: "g", operation: "FileDownloaded", userID: "alice@contoso.onmicrosoft.com", auditData: fileDownloaded(id: "g"))
        let csv = [
            purviewHeader,
            good,
            "short,row",
            purviewRow(id: "e", operation: "FileDownloaded", userID: "a", auditData: ""),
            purviewRow(id: "n", operation: "FileDownloaded", userID: "a", auditData: "[1,2]"),
            purviewRow(id: "u", operation: "FileDownloaded", userID: "a", auditData: "{\"Id\":\"u\"}").replacingOccurrences(of: "\"}\"", with: "\"}"),
        ].joined(separator: "\n")
        let sink = try ingest(csv)
        #expect(sink.records.count == 1)
        #expect(sink.rejects.map(\.locator) == ["line 3", "line 4", "line 5", "line 6"])
        #expect(sink.rejects[0].reason.contains("row has 2 fields but the header has 8"))
        #expect(sink.rejects[1].reason == "the AuditData column is empty")
        #expect(sink.rejects[2].reason == "AuditData is JSON but not an object")
        #expect(sink.rejects[3].reason.contains("unterminated quoted field"))
        #expect(String(decoding: sink.rejects[0].raw, as: UTF8.self) == "short,row")
    }

    @Test func auditDataCutAtExcelsCellLimitIsNamed() throws {
        let long = fileDownloaded(id: "xl").replacingOccurrences(
            of: "\"SourceRelativeUrl\":\"Shared Documents/Case 42\"",
            with: "\"SourceRelativeUrl\":\"" + String(repeating: "a", count: 40_000) + "\"")
        let cut = String(long.prefix(32_767))
        let csv = purviewHeader + "\n" + purviewRow(id: "xl", operation: "FileDownloaded", userID: "a", auditData: cut) + "\n"
        let reject = try #require(try ingest(csv).rejects.first)
        #expect(reject.reason.contains("exactly 32,767 characters"))
        let other = purviewHeader + "\n" + purviewRow(id: "xl", operation: "FileDownloaded", userID: "a", auditData: String(long.prefix(1000))) + "\n"
        #expect(try ingest(other).rejects.first?.reason.contains("32,767") == false)
    }

    @Test func hostileNestingIsARejectNotACrash() throws {
        let deep =
            "{\"Id\":\"h\",\"CreationTime\":\"2023-01-01T00:00:00\",\"Operation\":\"X\",\"RecordType\":1,\"Workload\":\"Y\",\"a\":"
            + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        let sink = try ingest(Array((fileDownloaded(id: "ok") + "\n" + deep + "\n").utf8), file: "x.jsonl")
        #expect(sink.records.count == 1)
        #expect(sink.rejects.first?.reason.contains("nesting deeper") == true)
    }
}

/// A hostile or corrupt record cannot make unbounded events: fan-out stops at the cap with a warning.
@Suite struct FanOutBoundTests {
    @Test func hugeFolderListIsCappedWithAWarning() throws {
        let folders = (0..<12_000).map { "{\"Id\":\"f\($0)\",\"Path\":\"\\\\\\\\F\($0)\"}" }.joined(separator: ",")
        let record =
            "{\"CreationTime\":\"2023-04-01T08:05:00\",\"Id\":\"big\",\"Operation\":\"MailItemsAccessed\",\"RecordType\":50,\"Workload\":\"Exchange\",\"UserId\":\"eve@contoso.onmicrosoft.com\",\"MailboxOwnerUPN\":\"eve@contoso.onmicrosoft.com\",\"OperationProperties\":[{\"Name\":\"MailAccessType\",\"Value\":\"Sync\"}],\"Folders\":[\(folders)]}"
        let sink = try ingest(Array((record + "\n").utf8), file: "big.jsonl")
        #expect(sink.records.count == 1)
        #expect(sink.records[0].events.count == UALMapper.maxEventsPerRecord)
        #expect(sink.warnings.count == 1)
        #expect(sink.warnings.first?.contains("only the first 10000 became events") == true)
        #expect(sink.records[0].raw.count == record.utf8.count)
    }
}
