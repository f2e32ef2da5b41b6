import Foundation
import Testing

@testable import TesseraReport

/// Export column sets, formats and filters on the small case.
@Suite struct ExportTests {
    @Test func l2tCSVHasTheSeventeenColumnsAndPlasoDates() throws {
        let store = try SmallCase.build(in: try temporaryDirectory(), correlated: true)
        let records = parseCSV(try exportText(store, .l2tCSV, zone: try DisplayZone(named: "America/New_York")))
        #expect(
            records[0] == [
                "date", "time", "timezone", "MACB", "source", "sourcetype", "type", "user", "host", "short", "desc",
                "version", "filename", "inode", "notes", "format", "extra",
            ])
        #expect(records.count == 13)
        #expect(records.dropFirst().allSatisfy { $0.count == 17 })
        let first = records[1]
        #expect(first[0] == "03/14/2023" && first[1] == "10:00:00" && first[2] == "America/New_York")
        let read = try #require(records.first { $0[9].hasPrefix("read Board minutes") })
        #expect(read[3] == ".A..")
        #expect(read[12] == "/evidence/exchange/SearchResult.xml" && read[14] == "locator: element 10")
        #expect(read[16].contains("interactions: TKT-200") && read[16].contains("severity: low"))
        #expect(records.first { $0[9].hasPrefix("inbox_rule") }?[3] == "..C.")
    }

    @Test func timesketchCarriesItsRequiredFieldsFirst() throws {
        let store = try SmallCase.build(in: try temporaryDirectory(), correlated: true)
        let lines = try exportText(store, .timesketchJSONL).split(separator: "\n")
        #expect(lines.count == 12)
        let first = String(lines[0])
        #expect(
            first.hasPrefix(
                "{\"message\":\"Support session started: TKT-100\",\"datetime\":\"2023-03-14T14:00:00.000000+00:00\",\"timestamp_desc\":\"Support Session Start\",\"timestamp\":1678802400000000,"
            ))
        let objects = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(objects.allSatisfy { Set($0.keys) == Set(ExportColumns.timesketch) })
        let csv = parseCSV(try exportText(store, .timesketchCSV))
        #expect(csv[0] == ExportColumns.timesketch)
        #expect(csv[1][1] == "2023-03-14T14:00:00.000000+00:00" && csv[1][3] == "1678802400000000")
    }

    @Test func plainExportsListEveryColumnWithSourceAndCorrelation() throws {
        let store = try SmallCase.build(in: try temporaryDirectory(), correlated: true)
        let csv = parseCSV(try exportText(store, .csv))
        #expect(csv[0] == ExportColumns.events)
        let column = Dictionary(uniqueKeysWithValues: csv[0].enumerated().map { ($1, $0) })
        let outside = try #require(csv.first { $0[0] == "11" })
        #expect(outside[column["unattributed_support"]!] == "true" && outside[column["severity"]!] == "medium")
        #expect(outside[column["source_sha256"]!] == String(repeating: "b2", count: 32))
        #expect(outside[column["locator"]!] == "element 15")
        let jsonl = try exportText(store, .jsonl, filter: ReportFilter(interactions: ["TKT-100"])).split(separator: "\n")
        let ids = try jsonl.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])["event_id"] as? Int }
        #expect(ids == [5, 6])
    }

    @Test func accessRowsExportWithFiltersAndOnlyWhenCorrelated() throws {
        let store = try SmallCase.build(in: try temporaryDirectory(), correlated: true)
        let csv = parseCSV(try exportText(store, .csv, rows: .access, filter: ReportFilter(interactions: ["TKT-200"])))
        #expect(csv[0] == ExportColumns.access)
        #expect(csv.count == 5 && csv.dropFirst().allSatisfy { $0[0] == "TKT-200" })
        let jsonl = try exportText(store, .jsonl, rows: .access).split(separator: "\n")
        #expect(jsonl.count == 5)
        #expect(throws: ReportError.self) { try exportText(store, .l2tCSV, rows: .access) }
        let plain = try SmallCase.build(in: try temporaryDirectory(), correlated: false)
        #expect(throws: ReportError.self) { try exportText(plain, .csv, rows: .access) }
    }
}
