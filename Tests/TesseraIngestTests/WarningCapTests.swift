import Foundation
import TesseraSDK
import Testing

@testable import TesseraIngest
@testable import TesseraStore

@Suite struct WarningCapTests {
    /// Regression: the support-log plugin warns once per row with a non-ISO country; every
    /// warning used to be kept in memory, written to `sources.warnings` and printed (200,000
    /// rows gave 400,000 lines and a 40 MB column). Now a file keeps its first 100 and a count.
    @Test func aWarningPerRecordIsCappedWithACount() throws {
        let dir = try temporaryDirectory()
        let rows = (1...1_000).map {
            "T-\($0),eng\($0)@vendor.example,USA,agency.example,government,2023-04-02T01:15:00Z,2023-04-02T03:40:00Z,a@agency.example,203.0.113.5,mbx,fix\n"
        }
        try write(supportHeader + rows.joined(), to: dir + "/log.csv")
        let store = try EventStore(path: dir + "/s.db", mode: .readWrite)
        let report = try run([dir + "/log.csv"], store: store)
        let source = try #require(report.ingested.first)
        #expect(source.counts.recordsStored == 1_000)
        #expect(source.warnings.count == WarningList.maxWarnings + 1)
        #expect(source.warnings.first?.contains("line 2: engineer_country 'USA'") == true)
        #expect(source.warnings.last == "900 more warnings about this file were not listed")
        let stored = try #require(try store.sources().first)
        #expect(stored.warnings == source.warnings)
    }
}
